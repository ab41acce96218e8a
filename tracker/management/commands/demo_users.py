"""python manage.py demo_users: the demo logins `make run` prints (DEBUG only)."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from tracker.permissions import STAFF_GROUP, VIEWER_GROUP

DEMO_PASSWORD = "mandate-demo"
DEMO_USERS = [
    # username, role, is admin
    ("admin", "administrator (admin site too)", True),
    ("desk", STAFF_GROUP, False),
    ("viewer", VIEWER_GROUP, False),
]


class Command(BaseCommand):
    help = "Create or reset the demo logins (only while DEBUG is on)."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("demo logins are only made while DEBUG is on")
        users = get_user_model().objects
        for username, role, is_admin in DEMO_USERS:
            user, _ = users.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
            user.is_staff = user.is_superuser = is_admin
            user.is_active = True
            user.set_password(DEMO_PASSWORD)
            user.save()
            if not is_admin:
                user.groups.set([Group.objects.get_or_create(name=role)[0]])
            self.stdout.write(f"Demo login: {username:<7} password {DEMO_PASSWORD!r}  ({role})")
