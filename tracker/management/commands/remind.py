"""python manage.py remind [--dry-run]: run the reminder sweep now, or list what it would send."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from tracker.models import Reminder


class Command(BaseCommand):
    help = "Sweep for due reminders and queue them (--dry-run: list them, change nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, dry_run, **options):
        if dry_run:
            self.list_planned()
            return
        from tracker.tasks import sweep_reminders

        summary = sweep_reminders()  # here and now; the sending is queued for the worker
        self.stdout.write(f"Reminder sweep: {summary['created']} new, {summary['queued']} queued to send, "
                          f"{summary['digests']} digests, {summary['released']} stale claims released.")

    def list_planned(self):
        from django.contrib.auth import get_user_model

        from tracker.reminders.schedule import plan

        users = {u.pk: u for u in get_user_model().objects.all()}
        rows = list(plan())  # what is not written yet
        pending = Reminder.objects.filter(state=Reminder.State.PENDING).count()
        self.stdout.write(f"Next sweep ({timezone.localdate()}): {len(rows)} new reminders; "
                          f"{pending} written and not yet sent.")
        for obligation_id, deadline, offset, person, digest in rows:
            when = f"in {offset} days" if offset > 0 else ("today" if offset == 0 else f"overdue {-offset} days")
            self.stdout.write(f"  obligation {obligation_id:>6}  due {deadline} ({when})  to "
                              f"{users[person].get_username()}{' (digest)' if digest else ''}")
