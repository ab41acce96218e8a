"""Deadline reminders: which are due, to whom, and sending each exactly once.

The sweep writes one Reminder row per (obligation, deadline, offset, recipient); the
unique constraint makes a second or concurrent sweep a no-op. Sending claims a row
with one atomic UPDATE (pending -> sending) before the email goes out and marks it
sent right after; a failed send puts it back to pending. A claim older than
REMINDER_CLAIM_TIMEOUT belongs to a worker that died: the sweep releases it.
"""
from __future__ import annotations

import hashlib
import smtplib
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.db.models import Case, Exists, F, Func, IntegerField, Max, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import TruncDate
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Obligation, Reminder, ReminderPreference

@dataclass
class SweepResult:
    created: int = 0
    released: int = 0
    to_send: list[int] = field(default_factory=list)
    digests: list[int] = field(default_factory=list)


class DaysBetween(Func):
    """Whole days from the first date to the second: PostgreSQL subtracts dates, SQLite
    counts Julian days."""
    arity = 2
    output_field = IntegerField()
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def __init__(self, earlier, later):
        super().__init__(later, earlier)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)",
                              arg_joiner=") - julianday(", **extra_context)


def reminder_offset(today: date) -> Case:
    """The reminder a deadline is at today: the nearest offset not yet passed (a mandate's end
    has its own, earlier ones), or a whole number of overdue weeks; NULL for none.

    A sweep that did not run for days writes the latest reminder only, not every missed one.
    Written in SQL, so that a sweep over a million obligations never reads them into Python.
    """
    whens = []
    for kind, offsets in ((Q(kind=Obligation.MANDATE), settings.REMINDER_MANDATE_OFFSETS),
                          (~Q(kind=Obligation.MANDATE), settings.REMINDER_OFFSETS)):
        whens += [When(kind, due_date__gte=today, due_date__lte=today + timedelta(days=days), then=Value(days))
                  for days in sorted(offsets)]
    every = settings.REMINDER_OVERDUE_EVERY
    overdue_weeks = DaysBetween(F("due_date"), Value(today)) / Value(every)
    whens.append(When(due_date__lte=today - timedelta(days=every), then=overdue_weeks * Value(-every)))
    return Case(*whens, default=None, output_field=IntegerField())


def due_today(today: date):
    """Obligations still owed with a reminder due today, annotated with its offset."""
    horizon = today + timedelta(days=max(settings.REMINDER_OFFSETS + settings.REMINDER_MANDATE_OFFSETS, default=0))
    return (Obligation.objects.awaiting().filter(due_date__isnull=False, due_date__lte=horizon)
            .annotate(reminder_offset=reminder_offset(today)).filter(reminder_offset__isnull=False).order_by())


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
        return [p for p in people if p in self.active and self.wants_any(p)]

    def wants_any(self, user_id: int) -> bool:
        return self.modes.get(user_id, ReminderPreference.EACH) != ReminderPreference.OFF

    def wants_digest(self, user_id: int) -> bool:
        return self.modes.get(user_id) in (ReminderPreference.DAILY, ReminderPreference.WEEKLY)

    def reached(self, today: date):
        """(obligations, recipient, digest) for each way a reminder due today reaches someone:
        its owner, or each coordinator where it has no active owner. The recipient and the
        digest flag are SQL expressions over the obligations."""
        due = due_today(today)
        # Long overdue before the tracker knew of it (an import of old resolutions): one digest, not a flood.
        known_late = Q(due_date__lt=TruncDate("created_at"), reminder_offset__lt=0)
        owners = [p for p in self.active if self.wants_any(p)]
        digesting = [p for p in owners if self.wants_digest(p)]
        yield (due.filter(owner__in=owners), F("owner_id"),
               Case(When(Q(owner__in=digesting) | known_late, then=True), default=False))
        orphaned = due.filter(Q(owner__isnull=True) | ~Q(owner__in=self.active))
        for person in self.of(None):
            yield (orphaned, Value(person),
                   Value(True) if self.wants_digest(person) else Case(When(known_late, then=True), default=False))


CANDIDATE_COLUMNS = {"obligation_id": "pk", "deadline": "due_date", "offset": "reminder_offset"}
# A candidate reminder's fields, in the order plan() lists them and INSERT ... SELECT writes them.
CANDIDATE_FIELDS = tuple(f"candidate_{column}" for column in [*CANDIDATE_COLUMNS, "recipient", "digest"])


def candidates(obligations, recipient, digest):
    """The reminders these obligations call for, one row each: the Reminder's own columns."""
    return obligations.annotate(
        candidate_recipient=recipient, candidate_digest=digest,
        **{f"candidate_{column}": F(source) for column, source in CANDIDATE_COLUMNS.items()},
    )


def not_written(rows):
    """Leave out a reminder already written (in any state), or further from its deadline than
    one written and not cancelled: an earlier offset never follows a later one."""
    written = Reminder.objects.filter(
        obligation=OuterRef("candidate_obligation_id"), deadline=OuterRef("candidate_deadline"),
        recipient=OuterRef("candidate_recipient"),
    ).filter(Q(offset=OuterRef("candidate_offset"))
             | (Q(offset__lt=OuterRef("candidate_offset")) & ~Q(state=Reminder.CANCELLED)))
    return rows.filter(~Exists(written))


def plan(today: date | None = None):
    """What the next sweep would write: (obligation id, deadline, offset, recipient id, digest)."""
    today = today or timezone.localdate()
    for obligations, recipient, digest in Recipients().reached(today):
        rows = not_written(candidates(obligations, recipient, digest))
        yield from rows.values_list(*CANDIDATE_FIELDS).iterator()


def sweep(today: date | None = None, now=None) -> SweepResult:
    """Write the reminders due today (once), release dead claims, list what to send.

    1. For the owners, then for each coordinator: one INSERT ... SELECT writes the reminders
       not yet written, choosing their offsets in SQL; ON CONFLICT DO NOTHING lets the unique
       constraint, not this code, keep two sweeps at once from writing one twice. On
       PostgreSQL the obligations' ids are shared among REMINDER_SWEEP_CONNECTIONS connections.
    2. A reminder cancelled before (a deadline moved and moved back, an obligation done and
       reopened) comes back as pending.
    3. Pending reminders follow their recipient's digest choice; dead claims are released.
    """
    now = now or timezone.now()
    today = today or timezone.localdate()
    result = SweepResult()
    for obligations, recipient, digest in Recipients().reached(today):
        rows = candidates(obligations, recipient, digest)
        result.created += _insert_in_parts(rows, now)
        result.created += _revive(rows)
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


def _insert_in_parts(rows, now) -> int:
    """Write the reminders not yet written over several connections at once, each for one
    range of obligation ids; the number written.

    Most of a first sweep's time is PostgreSQL checking each new row's foreign keys, on one
    core a statement: two connections write 350,000 reminders in 5.9 s instead of 7.8-8.2.
    Each part is its own INSERT ... SELECT under the same unique constraint, so a part that
    fails leaves its reminders to the next sweep, never to be written twice. The parts are
    ranges, which the planner estimates from its statistics: a remainder of the id it
    guessed at 1 row in 200, and then read the reminders, filled meanwhile by the other
    part, once for every obligation (400 s instead of 6 at a million). Inside a transaction
    (a test, a caller's atomic block) other connections would not see its rows: one
    statement there, and on SQLite, which writes on one connection at a time.
    """
    parts = settings.REMINDER_SWEEP_CONNECTIONS
    if parts == 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return _insert(not_written(rows), now)
    lowest, highest = Obligation.objects.aggregate(Min("pk"), Max("pk")).values()
    if lowest is None:
        return 0
    step = (highest - lowest) // parts + 1
    edges = [lowest + step * i for i in range(1, parts)]
    ranges = [Q(pk__lt=edges[0]), *(Q(pk__gte=a, pk__lt=b) for a, b in zip(edges, edges[1:])), Q(pk__gte=edges[-1])]

    def write_part(ids: Q) -> int:
        try:
            return _insert(not_written(rows.filter(ids)), now)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(parts) as pool:
        return sum(pool.map(write_part, ranges))


def _insert(rows, now) -> int:
    """INSERT ... SELECT the rows; the number written."""
    select, params = rows.values(*CANDIDATE_FIELDS).query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(Reminder._meta.db_table)
    into = [*CANDIDATE_COLUMNS, "recipient_id", "digest", "state", "claim", "attempts", "last_error", "created_at"]
    chosen = ", ".join(f"candidate.{quote(name)}" for name in CANDIDATE_FIELDS)
    sql = (f"INSERT INTO {table} ({', '.join(quote(c) for c in into)}) "
           f"SELECT {chosen}, %s, '', 0, '', %s FROM ({select}) candidate WHERE true ON CONFLICT DO NOTHING")
    with connection.cursor() as cursor:
        cursor.execute(sql, (Reminder.PENDING, now, *params))
        return max(cursor.rowcount, 0)


def _revive(rows) -> int:
    """Cancelled reminders that are due again become pending, with the digest choice of now."""
    again = rows.filter(pk=OuterRef("obligation_id"), due_date=OuterRef("deadline"),
                        reminder_offset=OuterRef("offset"), candidate_recipient=OuterRef("recipient_id"))
    return Reminder.objects.filter(state=Reminder.CANCELLED).filter(Exists(again)).update(
        state=Reminder.PENDING, claim="", digest=Subquery(again.values("candidate_digest")[:1]))


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


def mark_failed(token: str, error: str) -> None:
    """The mail server refused these for good: they are not tried again, and the admin lists them."""
    Reminder.objects.filter(claim=token, state=Reminder.SENDING).update(
        state=Reminder.FAILED, claim="", last_error=error[:2000])


def refused_for_good(exc: Exception) -> bool:
    """An SMTP answer in the 5xx range (a line too long, a mailbox unknown) will not change
    on a retry; a 4xx answer or a dropped connection may."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def mark_sent(token: str) -> None:
    Reminder.objects.filter(claim=token, state=Reminder.SENDING).update(
        state=Reminder.SENT, sent_at=timezone.now(), last_error="")


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# A digest lists this many reminders of each group, nearest deadline first; the rest are
# counted and linked to the list, so that a digest of thousands stays one readable email.
DIGEST_LISTED_PER_GROUP = 25


def message_id(reminders) -> str:
    """One short Message-ID for one email, the same if the same reminders are sent again (a
    receiving server can drop the copy), whatever their number: a line of the header never
    grows with the digest."""
    ids = ",".join(str(r.pk) for r in sorted(reminders, key=lambda r: r.pk))
    key = hashlib.sha256(ids.encode()).hexdigest()[:32]
    return f"<reminder-{len(reminders)}-{key}@mandate-tracker>"


def _item(reminder) -> dict:
    obligation = reminder.obligation
    return {
        "reminder": reminder,
        "obligation": obligation,
        "addressees": "; ".join(a.name for a in obligation.addressees.all()),
        "url": site_url(obligation.get_absolute_url()),
    }


def digest_groups(recipient, reminders) -> list[dict]:
    """Overdue work, then what comes up: each counted, its nearest items listed, and a link
    to the same obligations in the list for the rest."""
    mine = all(r.obligation.owner_id == recipient.pk for r in reminders)
    scope = "assigned=mine&" if mine else ""
    today = timezone.localdate()
    overdue = sorted((r for r in reminders if r.deadline < today), key=lambda r: (-r.deadline.toordinal(), r.pk))
    coming = sorted((r for r in reminders if r.deadline >= today), key=lambda r: (r.deadline, r.pk))
    groups = []
    if overdue:
        groups.append({"title": "Overdue", "reminders": overdue,
                       "url": site_url(f"{reverse('obligations')}?{scope}overdue=true")})
    if coming:
        last = coming[-1].deadline
        groups.append({"title": "Coming up", "reminders": coming,
                       "url": site_url(f"{reverse('obligations')}?{scope}due_to={last:%Y-%m-%d}&order=due")})
    for group in groups:
        listed = group["reminders"][:DIGEST_LISTED_PER_GROUP]
        group.update(count=len(group["reminders"]), items=[_item(r) for r in listed],
                     more=len(group["reminders"]) - len(listed))
    return groups


def build_email(recipient, reminders) -> EmailMultiAlternatives:
    """One email: a reminder alone, or a digest grouped and counted. Django's mail encodes a
    body line longer than RFC 5322's 998 characters, and a header is folded."""
    context = {"user": recipient, "groups": digest_groups(recipient, reminders),
               "settings_url": site_url(reverse("reminder_settings"))}
    if len(reminders) == 1:
        r = reminders[0]
        subject = f"{r.obligation.resolution.symbol} para {r.obligation.label}: {r.when_words} ({r.deadline:%d %B %Y})"
    else:
        subject = f"{len(reminders)} deadlines to watch"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("tracker/email/reminder.txt", context),
        to=[recipient.email],
        headers={"Message-ID": message_id(reminders)},
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
