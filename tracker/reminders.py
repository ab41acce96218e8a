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
    known_late: bool = False  # already past its deadline when the tracker learned of it


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
        .values_list("pk", "due_date", "owner_id", "kind", "created_at")
        .order_by("pk")
    )
    for pk, deadline, owner_id, kind, created_at in rows.iterator(chunk_size=CHUNK):
        offset = offset_for(deadline, today, offsets_for(kind))
        if offset is not None:
            yield Due(pk, deadline, offset, owner_id, known_late=deadline < timezone.localdate(created_at))


class Recipients:
    """The owner if active; an obligation without one, or whose owner left, goes to the coordinators."""

    def __init__(self):
        users = get_user_model().objects.filter(is_active=True)
        self.active = set(users.values_list("pk", flat=True))
        self.coordinators = list(
            users.filter(groups__name=settings.REMINDER_COORDINATORS_GROUP).values_list("pk", flat=True)
        )
        self.modes = dict(ReminderPreference.objects.values_list("user_id", "mode"))

    def of(self, owner_id: int | None) -> list[int]:
        people = [owner_id] if owner_id in self.active else self.coordinators
        return [p for p in people if p in self.active and self.modes.get(p, ReminderPreference.EACH) != "off"]

    def wants_digest(self, user_id: int) -> bool:
        return self.modes.get(user_id) in (ReminderPreference.DAILY, ReminderPreference.WEEKLY)


def plan(today: date | None = None):
    """What the next sweep would write: (Due, recipient id, digest?) for rows not yet there."""
    today = today or timezone.localdate()
    recipients = Recipients()
    for due in due_reminders(today):
        for person in recipients.of(due.owner_id):
            # Long overdue before the tracker knew of it (an import of old resolutions): one digest, not a flood.
            yield due, person, recipients.wants_digest(person) or (due.known_late and due.offset < 0)


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
    _follow_digest_choices()
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    result.released = Reminder.objects.filter(state=Reminder.SENDING, claimed_at__lt=stale).update(
        state=Reminder.PENDING, claim="")
    pending = Reminder.objects.filter(state=Reminder.PENDING)
    result.to_send = list(pending.filter(digest=False).values_list("pk", flat=True))
    # One entry per person, whatever the model's ordering adds to the SELECT; their choices in one query.
    digesting = set(pending.filter(digest=True).order_by().values_list("recipient", flat=True).distinct())
    choices = {p.user_id: p for p in ReminderPreference.objects.filter(user_id__in=digesting)}
    result.digests = sorted(user for user in digesting if _digest_due(choices.get(user), now))
    return result


def _insert_missing(batch, now) -> int:
    """Write the reminders of a batch that are not there yet.

    1. A row already there stays as it is, but a cancelled one comes back (a deadline moved
       and moved back, an obligation done and reopened).
    2. A reminder further from the deadline than one already written for it is skipped: an
       earlier offset never follows a later one.
    3. Plain INSERT ... ON CONFLICT DO NOTHING (PostgreSQL and SQLite): the unique
       constraint, not this code, keeps two sweeps at once from writing one twice.
    """
    if not batch:
        return 0
    existing = Reminder.objects.filter(obligation_id__in={row[0] for row in batch}).values_list(
        "pk", "obligation_id", "deadline", "offset", "recipient_id", "state")
    have, closest, revive = {}, {}, []
    for pk, obligation_id, deadline, offset, recipient_id, state in existing:
        have[(obligation_id, deadline, offset, recipient_id)] = (pk, state)
        if state != Reminder.CANCELLED:
            key = (obligation_id, deadline, recipient_id)
            closest[key] = min(closest.get(key, offset), offset)
    missing = []
    for row in batch:
        known = have.get(row[:4])
        if known:
            if known[1] == Reminder.CANCELLED:
                revive.append((known[0], row[4]))
            continue
        if closest.get((row[0], row[1], row[3]), row[2] + 1) < row[2]:
            continue
        missing.append(row)
    for pk, digest in revive:
        Reminder.objects.filter(pk=pk, state=Reminder.CANCELLED).update(state=Reminder.PENDING, claim="",
                                                                       digest=digest)
    if not missing:
        return len(revive)
    quote = connection.ops.quote_name
    columns = ["obligation_id", "deadline", "offset", "recipient_id", "digest", "state", "claim", "attempts",
               "last_error", "created_at"]
    sql = (f"INSERT INTO {quote(Reminder._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT DO NOTHING")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row, Reminder.PENDING, "", 0, "", now) for row in missing])
    return len(missing) + len(revive)


def _follow_digest_choices() -> None:
    """Pending reminders follow what their recipient wants now: one who switched from a digest
    to each reminder gets 'due tomorrow' tomorrow, not with next week's digest."""
    digesting = ReminderPreference.objects.filter(mode__in=[ReminderPreference.DAILY, ReminderPreference.WEEKLY])
    pending = Reminder.objects.filter(state=Reminder.PENDING)
    pending.filter(digest=True, offset__gte=0).exclude(recipient__in=digesting.values("user")).update(digest=False)
    pending.filter(digest=False, recipient__in=digesting.values("user")).update(digest=True)


def _digest_due(pref: ReminderPreference | None, now) -> bool:
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


def still_current(reminder, recipients: Recipients) -> bool:
    """Decided at send time, from the state then: the deadline still stands and is still owed,
    and the recipient is still the one to hear of it (the owner, else a coordinator) and
    has not opted out meanwhile."""
    obligation = reminder.obligation
    if obligation.due_date != reminder.deadline or not Obligation.objects.awaiting().filter(pk=obligation.pk).exists():
        return False
    return reminder.recipient_id in recipients.of(obligation.owner_id)


def send_claimed(token: str) -> int:
    """Send what a claim holds, as one email; mark it sent. Raises on SMTP failure."""
    claimed = list(
        Reminder.objects.filter(claim=token, state=Reminder.SENDING)
        .select_related("recipient", "obligation__resolution").prefetch_related("obligation__addressees")
    )
    recipients = Recipients()
    reminders = [r for r in claimed if still_current(r, recipients) and r.recipient.email]
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
