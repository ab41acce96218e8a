from django.contrib import admin
from django.urls import include, path

from .views import (accounts, burden, calendars, follows, imports, language, mandates, obligations, reading, reminders,
                    saved, sessions, tokens)

admin.site.site_header = "Mandate Tracker"
admin.site.site_title = "Mandate Tracker"

urlpatterns = [
    path("", obligations.dashboard, name="dashboard"),
    path("obligations/", obligations.obligation_list, name="obligations"),
    path("obligations/export.csv", obligations.obligation_csv, name="obligations_csv"),
    path("obligations/export.xlsx", obligations.obligation_xlsx, name="obligations_xlsx"),
    path("obligations/bulk/", obligations.bulk_update, name="obligations_bulk"),
    path("views/", saved.save_view, name="save_view"),
    path("views/<int:pk>/delete/", saved.delete_view, name="delete_view"),
    path("my-delegation/", obligations.my_delegation, name="my_delegation"),
    path("search/", obligations.search, name="search"),
    path("profile/", obligations.profile, name="profile"),
    path("obligations/<int:pk>/", obligations.obligation_detail, name="obligation"),
    path("obligations/<int:pk>/done/<str:token>/", obligations.mark_done, name="mark_done"),
    path("obligations/<int:pk>/labels/", obligations.label_add, name="label_add"),
    path("obligations/<int:pk>/labels/<int:label_pk>/remove/", obligations.label_remove, name="label_remove"),
    path("obligations/<int:pk>/evidence/", obligations.evidence_add, name="evidence_add"),
    path("obligations/<int:pk>/evidence/<int:evidence_pk>/remove/", obligations.evidence_remove,
         name="evidence_remove"),
    path("mandates/", mandates.mandate_list, name="mandates"),
    path("language/", language.language, name="language"),
    path("sessions/", sessions.session_index, name="sessions"),
    path("sessions/<slug:body>/<int:number>/", sessions.session_detail, name="session"),
    path("sessions/<slug:body>/<int:number>/<slug:name>.<str:fmt>", sessions.session_export, name="session_export"),
    path("burden/", burden.burden_page, name="burden"),
    path("burden/<slug:name>.<str:fmt>", burden.burden_table, name="burden_table"),
    path("burden/overlaps/<int:pk>/dismiss/", burden.dismiss_overlap, name="dismiss_overlap"),
    path("resolutions/<int:pk>/", reading.resolution_detail, name="resolution"),
    path("series/<int:pk>/", reading.series_detail, name="series"),
    path("import/", imports.upload, name="import"),
    path("import/<int:pk>/", imports.job_detail, name="import_job"),
    path("follows/", follows.follow_list, name="follows"),
    path("follows/<int:pk>/stop/", follows.unfollow, name="unfollow"),
    path("calendar/", calendars.month_view, name="calendar"),
    path("calendar/feed/", calendars.feed_settings, name="feed_settings"),
    path("calendar/feed/revoke/", calendars.revoke_feed, name="revoke_feed"),
    path("calendar/<str:token>.ics", calendars.feed, name="calendar_feed"),
    path("reminders/", reminders.reminder_settings, name="reminder_settings"),
    path("api/", include("tracker.api.urls")),
    path("api-tokens/", tokens.token_list, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", tokens.revoke_token, name="revoke_api_token"),
    path("accounts/password_reset/", accounts.LimitedPasswordReset.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
