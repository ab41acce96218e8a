"""WSGI entry point: `gunicorn tracker.wsgi`. It refuses to serve without a SECRET_KEY while DEBUG is off."""
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

application = get_wsgi_application()
if not settings.DEBUG and not os.getenv("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
