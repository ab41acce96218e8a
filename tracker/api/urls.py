"""/api/v1/ and the schema with its two readers, served from the project's own static files."""
from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import URLPattern, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("resolutions", views.ResolutionViewSet, basename="resolution")
router.register("obligations", views.ObligationViewSet, basename="obligation")
router.register("mandates", views.MandateViewSet, basename="mandate")
router.register("series", views.SeriesViewSet, basename="series")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("reminders", views.ReminderViewSet, basename="reminder")
router.register("imports", views.ImportViewSet, basename="import")

# Swagger UI and ReDoc inject style elements, and ReDoc runs a blob worker: on their pages alone.
readers_policy = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})

urlpatterns = [
    path("v1/sessions/<slug:body>/<int:number>/", views.SessionView.as_view(), name="session"),
    path("v1/language/", views.LanguageView.as_view(), name="language"),
    path("v1/drafts/", views.DraftView.as_view(), name="drafts"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", readers_policy(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("redoc/", readers_policy(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
]

# The API answers for itself (a token, or the session) rather than with the site's login redirect.
for pattern in [*router.urls, *(p for p in urlpatterns if isinstance(p, URLPattern))]:
    pattern.callback.login_required = False
