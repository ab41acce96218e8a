"""The weekly team digest: the team's work due in the next 14 days and what changed last week,
to each staff member who has not turned it off, once a week whatever retries follow."""
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import Obligation, ObligationChange, ReminderPreference, TeamDigest
from ..permissions import STAFF_GROUP
from .sending import site_url

AHEAD_DAYS = 14
LISTED = 40  # of each part; the rest in the list the digest links to


def recipients():
    """Active staff with an email, but those who turned the digest off."""
    off = ReminderPreference.objects.filter(team_digest=False).values("user_id")
    return (get_user_model().objects.filter(is_active=True, groups__name=STAFF_GROUP).exclude(email="")
            .exclude(pk__in=off).distinct())


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def contents(today: date) -> dict:
    """What every recipient is told this week: the same for the whole team."""
    until = today + timedelta(days=AHEAD_DAYS)
    due = (Obligation.objects.open().filter(remind_by__range=(today, until)).with_resolution()
           .select_related("owner").order_by("remind_by", "resolution__symbol", "order"))
    changed = (ObligationChange.objects.filter(at__gte=timezone.now() - timedelta(days=7))
               .select_related("obligation__resolution", "user").order_by("-at"))
    return {"due": due[:LISTED], "due_count": due.count(), "changed": changed[:LISTED],
            "changed_count": changed.count(), "until": until, "ahead": AHEAD_DAYS,
            "list_url": site_url(f"{reverse('obligations')}?due_from={today}&due_to={until}&order=due"),
            "settings_url": site_url(reverse("reminder_settings"))}


def send_team_digests(today: date | None = None) -> int:
    """Send this week's digest to each recipient not sent it yet; returns how many went."""
    today = today or timezone.localdate()
    told, found = 0, contents(today)
    for person in recipients():
        try:
            with transaction.atomic():
                claimed = TeamDigest.objects.create(user=person, week=week_of(today))
        except IntegrityError:
            continue  # sent this week already
        try:
            send_mail(f"The team's week: {found['due_count']} due by {found['until']:%-d %B}",
                      render_to_string("tracker/email/team_digest.txt", {"person": person, **found}),
                      settings.DEFAULT_FROM_EMAIL, [person.email])
        except Exception:
            claimed.delete()  # the next run tries again
            raise
        told += 1
    return told
