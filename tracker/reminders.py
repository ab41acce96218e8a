"""Deadline reminders: which are due, to whom, and sending each exactly once.

The sweep writes one Reminder row per (obligation, deadline, offset, recipient); the
unique constraint makes a second or concurrent sweep a no-op. Sending claims a row
with one atomic UPDATE (pending -> sending) before the email goes out and marks it
sent right after; a failed send puts it back to pending. A claim older than
REMINDER_CLAIM_TIMEOUT belongs to a worker that died: the sweep releases it.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Obligation, Reminder, ReminderPreference

CHUNK = 2000


@dataclass
class Due:
    obligation_id: int
    deadline: date
    offset: int
    owner_id: int | None


@dataclass
class SweepResult:
    created: int = 0
    released: int = 0
    to_send: list[int] = field(default_factory=list)
    digests: list[int] = field(default_factory=list)


def offsets_for(kind: str) -> list[int]:
    """Days before a deadline that its owner hears of it: a mandate's end earlier than a report."""
    return settings.REMINDER_MANDATE_OFFSETS if kind == Obligation.MANDATE else settings.REMINDER_OFFSETS


def offset_for(deadline: date, today: date, offsets: list[int] | None = None) -> int | None:
    """The reminder a deadline is at today: the nearest offset not yet passed, or an overdue week.

    A sweep that did not run for days sends the latest reminder only, not every missed one.
    """
    days_left = (deadline - today).days
    if days_left >= 0:
        ahead = [d for d in (settings.REMINDER_OFFSETS if offsets is None else offsets) if d >= days_left]
        return min(ahead) if ahead else None
    weeks = -days_left // settings.REMINDER_OVERDUE_EVERY
    return -weeks * settings.REMINDER_OVERDUE_EVERY if weeks else None


def due_reminders(today: date):
    """Every (obligation, deadline, offset) due today, read in chunks: memory stays flat."""
    horizon = today + timedelta(days=max(settings.REMINDER_OFFSETS + settings.REMINDER_MANDATE_OFFSETS, default=0))
    rows = (
        Obligation.objects.awaiting().filter(due_date__isnull=False, due_date__lte=horizon)
        .values_list("pk", "due_date", "owner_id", "kind")
        .order_by("pk")
    )
    for pk, deadline, owner_id, kind in rows.iterator(chunk_size=CHUNK):
        offset = offset_for(deadline, today, offsets_for(kind))
        if offset is not None:
            yield Due(pk, deadline, offset, owner_id)


class Recipients:
    """The owner if active; an obligation without one goes to the coordinators."""

    def __init__(self):
        users = get_user_model().objects.filter(is_active=True)
        self.active = set(users.values_list("pk", flat=True))
        self.coordinators = list(
            users.filter(groups__name=settings.REMINDER_COORDINATORS_GROUP).values_list("pk", flat=True)
        )
        self.modes = dict(ReminderPreference.objects.values_list("user_id", "mode"))

    def of(self, owner_id: int | None) -> list[int]:
        people = [owner_id] if owner_id else self.coordinators
        return [p for p in people if p in self.active and self.modes.get(p, ReminderPreference.EACH) != "off"]

    def wants_digest(self, user_id: int) -> bool:
        return self.modes.get(user_id) in (ReminderPreference.DAILY, ReminderPreference.WEEKLY)


def plan(today: date | None = None):
    """What the next sweep would write: (Due, recipient id, digest?) for rows not yet there."""
    today = today or timezone.localdate()
    recipients = Recipients()
    for due in due_reminders(today):
        for person in recipients.of(due.owner_id):
            yield due, person, recipients.wants_digest(person)


def sweep(today: date | None = None, now=None) -> SweepResult:
    """Write the reminders due today (once), release dead claims, list what to send."""
    now = now or timezone.now()
    result = SweepResult()
    batch = []
    for due, person, digest in plan(today):
        batch.append((due.obligation_id, due.deadline, due.offset, person, digest))
        if len(batch) >= CHUNK:
            result.created += _insert_missing(batch, now)
            batch = []
    result.created += _insert_missing(batch, now)
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    result.released = Reminder.objects.filter(state=Reminder.SENDING, claimed_at__lt=stale).update(
        state=Reminder.PENDING, claim="")
    pending = Reminder.objects.filter(state=Reminder.PENDING)
    result.to_send = list(pending.filter(digest=False).values_list("pk", flat=True))
    result.digests = [user for user in pending.filter(digest=True).values_list("recipient", flat=True).distinct()
                      if _digest_due(user, now)]
    return result


def _insert_missing(batch, now) -> int:
    """Write the reminders of a batch that are not there yet; a row already there stays as it is.

    Plain INSERT ... ON CONFLICT DO NOTHING (PostgreSQL and SQLite): the unique
    constraint, not this code, is what keeps two sweeps at once from writing one twice.
    """
    if not batch:
        return 0
    have = set(Reminder.objects.filter(obligation_id__in={row[0] for row in batch})
               .values_list("obligation_id", "deadline", "offset", "recipient_id"))
    missing = [row for row in batch if row[:4] not in have]
    if not missing:
        return 0
    quote = connection.ops.quote_name
    columns = ["obligation_id", "deadline", "offset", "recipient_id", "digest", "state", "claim", "attempts",
               "last_error", "created_at"]
    sql = (f"INSERT INTO {quote(Reminder._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT DO NOTHING")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row, Reminder.PENDING, "", 0, "", now) for row in missing])
    return len(missing)


def _digest_due(user_id: int, now) -> bool:
    pref = ReminderPreference.objects.filter(user_id=user_id).first()
    if pref is None or pref.last_digest_at is None:
        return True
    period = timedelta(days=1 if pref.mode == ReminderPreference.DAILY else 7)
    return now - pref.last_digest_at >= period - timedelta(minutes=5)


def claim(reminder_ids, now=None) -> str | None:
    """Take pending reminders for this sender alone; None if another has them."""
    token = uuid.uuid4().hex
    taken = Reminder.objects.filter(pk__in=reminder_ids, state=Reminder.PENDING).update(
        state=Reminder.SENDING, claim=token, claimed_at=now or timezone.now(), attempts=F("attempts") + 1,
    )
    return token if taken else None


def release(token: str, error: str) -> None:
    Reminder.objects.filter(claim=token, state=Reminder.SENDING).update(
        state=Reminder.PENDING, claim="", last_error=error[:2000])


def mark_sent(token: str) -> None:
    Reminder.objects.filter(claim=token, state=Reminder.SENDING).update(
        state=Reminder.SENT, sent_at=timezone.now(), last_error="")


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def build_email(recipient, reminders) -> EmailMultiAlternatives:
    items = [{
        "reminder": r,
        "obligation": r.obligation,
        "addressees": "; ".join(a.name for a in r.obligation.addressees.all()),
        "url": site_url(r.obligation.get_absolute_url()),
    } for r in reminders]
    context = {"user": recipient, "items": items, "settings_url": site_url(reverse("reminder_settings"))}
    if len(items) == 1:
        r = reminders[0]
        subject = f"{r.obligation.resolution.symbol} para {r.obligation.label}: {r.when_words} ({r.deadline:%d %B %Y})"
    else:
        subject = f"{len(items)} deadlines to watch"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("tracker/email/reminder.txt", context),
        to=[recipient.email],
        headers={"Message-ID": f"<reminder-{'-'.join(str(r.pk) for r in reminders)}@mandate-tracker>"},
    )
    message.attach_alternative(render_to_string("tracker/email/reminder.html", context), "text/html")
    return message


def still_current(reminder) -> bool:
    """The deadline it reminds of still stands and is still owed."""
    return Obligation.objects.awaiting().filter(pk=reminder.obligation_id, due_date=reminder.deadline).exists()


def send_claimed(token: str) -> int:
    """Send what a claim holds, as one email; mark it sent. Raises on SMTP failure."""
    claimed = list(
        Reminder.objects.filter(claim=token, state=Reminder.SENDING)
        .select_related("recipient", "obligation__resolution").prefetch_related("obligation__addressees")
    )
    reminders = [r for r in claimed if still_current(r) and r.recipient.is_active and r.recipient.email]
    obsolete = [r.pk for r in claimed if r not in reminders]
    Reminder.objects.filter(pk__in=obsolete).update(state=Reminder.CANCELLED, claim="")
    if not reminders:
        return 0
    recipient = reminders[0].recipient
    build_email(recipient, reminders).send(fail_silently=False)
    mark_sent(token)
    if reminders[0].digest:
        ReminderPreference.objects.filter(user=recipient).update(last_digest_at=timezone.now())
    return len(reminders)
