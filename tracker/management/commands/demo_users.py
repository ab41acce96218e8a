"""python manage.py demo_users: the demo logins `make run` prints (DEBUG only)."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_PASSWORD = "mandate-demo"


class Command(BaseCommand):
    help = "Create or reset the demo administrator (only while DEBUG is on)."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("demo logins are only made while DEBUG is on")
        user, _ = get_user_model().objects.get_or_create(username="admin", defaults={"email": "admin@example.org"})
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        self.stdout.write(f"Demo administrator: user 'admin', password '{DEMO_PASSWORD}'")
