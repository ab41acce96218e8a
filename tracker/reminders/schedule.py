"""Which reminders are due, and to whom: the sweep that writes each exactly once.

The sweep writes one Reminder row per (obligation, deadline, offset, recipient); the
unique constraint makes a second or concurrent sweep a no-op. A claim older than
REMINDER_CLAIM_TIMEOUT belongs to a worker that died: the sweep releases it.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Case, Exists, F, Func, IntegerField, Max, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import Obligation, Reminder, ReminderPreference

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
    for kind, offsets in ((Q(kind=Obligation.Kind.MANDATE), settings.REMINDER_MANDATE_OFFSETS),
                          (~Q(kind=Obligation.Kind.MANDATE), settings.REMINDER_OFFSETS)):
        whens += [When(kind, remind_by__gte=today, remind_by__lte=today + timedelta(days=days), then=Value(days))
                  for days in sorted(offsets)]
    every = settings.REMINDER_OVERDUE_EVERY
    overdue_weeks = DaysBetween(F("remind_by"), Value(today)) / Value(every)
    whens.append(When(remind_by__lte=today - timedelta(days=every), then=overdue_weeks * Value(-every)))
    return Case(*whens, default=None, output_field=IntegerField())


def due_today(today: date):
    """Obligations still owed with a reminder due today, annotated with its offset."""
    horizon = today + timedelta(days=max(settings.REMINDER_OFFSETS + settings.REMINDER_MANDATE_OFFSETS, default=0))
    return (Obligation.objects.awaiting().filter(remind_by__isnull=False, remind_by__lte=horizon)
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
        return self.modes.get(user_id, ReminderPreference.Mode.EACH) != ReminderPreference.Mode.OFF

    def wants_digest(self, user_id: int) -> bool:
        return self.modes.get(user_id) in (ReminderPreference.Mode.DAILY, ReminderPreference.Mode.WEEKLY)

    def reached(self, today: date):
        """(obligations, recipient, digest) for each way a reminder due today reaches someone:
        its owner, or each coordinator where it has no active owner. The recipient and the
        digest flag are SQL expressions over the obligations."""
        due = due_today(today)
        # Long overdue before the tracker knew of it (an import of old resolutions): one digest, not a flood.
        known_late = Q(remind_by__lt=TruncDate("created_at"), reminder_offset__lt=0)
        owners = [p for p in self.active if self.wants_any(p)]
        digesting = [p for p in owners if self.wants_digest(p)]
        yield (due.filter(owner__in=owners), F("owner_id"),
               Case(When(Q(owner__in=digesting) | known_late, then=True), default=False))
        orphaned = due.filter(Q(owner__isnull=True) | ~Q(owner__in=self.active))
        for person in self.of(None):
            yield (orphaned, Value(person),
                   Value(True) if self.wants_digest(person) else Case(When(known_late, then=True), default=False))


CANDIDATE_COLUMNS = {"obligation_id": "pk", "deadline": "remind_by", "offset": "reminder_offset"}
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
             | (Q(offset__lt=OuterRef("candidate_offset")) & ~Q(state=Reminder.State.CANCELLED)))
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
    result.released = Reminder.objects.filter(state=Reminder.State.SENDING, claimed_at__lt=stale).update(
        state=Reminder.State.PENDING, claim="")
    pending = Reminder.objects.filter(state=Reminder.State.PENDING)
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
    core a statement, so two connections share that work.
    Each part is its own INSERT ... SELECT under the same unique constraint, so a part that
    fails leaves its reminders to the next sweep, never to be written twice. The parts are
    ranges, which the planner estimates from its statistics: a remainder of the id it
    would guess at almost no rows, and then read the reminders, filled meanwhile by the
    other part, once for every obligation. Inside a transaction
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
        cursor.execute(sql, (Reminder.State.PENDING, now, *params))
        return max(cursor.rowcount, 0)


def _revive(rows) -> int:
    """Cancelled reminders that are due again become pending, with the digest choice of now."""
    again = rows.filter(pk=OuterRef("obligation_id"), remind_by=OuterRef("deadline"),
                        reminder_offset=OuterRef("offset"), candidate_recipient=OuterRef("recipient_id"))
    return Reminder.objects.filter(state=Reminder.State.CANCELLED).filter(Exists(again)).update(
        state=Reminder.State.PENDING, claim="", digest=Subquery(again.values("candidate_digest")[:1]))


def _follow_digest_choices() -> None:
    """Pending reminders follow what their recipient wants now: one who switched from a digest
    to each reminder gets 'due tomorrow' tomorrow, not with next week's digest."""
    digesting = ReminderPreference.objects.filter(mode__in=[ReminderPreference.Mode.DAILY, ReminderPreference.Mode.WEEKLY])
    pending = Reminder.objects.filter(state=Reminder.State.PENDING)
    pending.filter(digest=True, offset__gte=0).exclude(recipient__in=digesting.values("user")).update(digest=False)
    pending.filter(digest=False, recipient__in=digesting.values("user")).update(digest=True)


def _digest_due(pref: ReminderPreference | None, now) -> bool:
    if pref is None or pref.last_digest_at is None:
        return True
    period = timedelta(days=1 if pref.mode == ReminderPreference.Mode.DAILY else 7)
    return now - pref.last_digest_at >= period - timedelta(minutes=5)


