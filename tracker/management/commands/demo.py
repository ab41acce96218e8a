"""python manage.py demo: the demo logins `make run` prints, and a deadline close enough to remind of.

Only while DEBUG is on.
"""
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from tracker.models import Profile
from tracker.permissions import STAFF_GROUP, VIEWER_GROUP

DEMO_PASSWORD = "mandate-demo"
DEMO_USERS = [
    # username, role, is admin, first and last name (emails greet by name), delegation
    ("admin", "administrator (admin site too)", True, "Amina", "Diallo", ""),
    ("desk", STAFF_GROUP, False, "Daniel", "Okafor", "Iraq"),
    ("viewer", VIEWER_GROUP, False, "Vera", "Lindqvist", ""),
]


class Command(BaseCommand):
    help = "Create or reset the demo logins and a demo deadline in a week (only while DEBUG is on)."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("demo logins are only made while DEBUG is on")
        users = get_user_model().objects
        for username, role, is_admin, first, last, state in DEMO_USERS:
            user, _ = users.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
            user.first_name, user.last_name = first, last
            user.is_staff = user.is_superuser = is_admin
            user.is_active = True
            user.set_password(DEMO_PASSWORD)
            user.save()
            if not is_admin:
                user.groups.set([Group.objects.get_or_create(name=role)[0]])
            Profile.objects.update_or_create(user=user, defaults={"member_state": state})
            self.stdout.write(f"Demo login: {username:<7} password {DEMO_PASSWORD!r}  ({role})")
        self.deadline_next_week(users.get(username="desk"))

    def deadline_next_week(self, owner):
        """A seed report request moved to next week and given to the staff login, as staff would."""
        from django.utils import timezone

        from tracker.obligations.history import apply_edit
        from tracker.models import Obligation, ObligationChange

        obligation = Obligation.objects.filter(kind=Obligation.Kind.REPORT).order_by("-resolution__session", "order").first()
        if obligation is None:
            return
        due = timezone.localdate() + timedelta(days=7)
        if obligation.due_date != due or obligation.owner != owner or obligation.status != "open":
            apply_edit(obligation, None, ObligationChange.Source.ADMIN, due_date=due, owner=owner, status="open")
        self.stdout.write(f"Demo deadline: {obligation.resolution.symbol} paragraph {obligation.label} is due "
                          f"{due} and owned by {owner}; its reminder goes to var/outbox/ once the worker runs.")
