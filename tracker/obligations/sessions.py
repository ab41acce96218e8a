"""A session of a body as a delegation prepares it: the reports due there, the agenda items
coming back, the mandates ending before or during it, what capitals must send, and the
resolutions it adopted.

A session runs from its opening to the day before the next one opens. "Before or during"
reaches back to the previous session's opening: what ends between two sessions is the next
session's to renew.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Min, Prefetch, Q

from resolutions.models import Actor, Resolution, SessionCalendar
from resolutions.parsing.calendar import (SessionDate, calendar_name, next_session, numbered_by_year, opening,
                                         opening_in_year)
from resolutions.parsing.lexicon import calendars

from ..models import EVERY_STATE, Evidence, Obligation
from .wording import session_words

LISTS = ("reports", "agenda", "mandates", "member_states")


def opening_of(body: str, number: int, corrections: dict) -> SessionDate | None:
    """When session `number` opens: by the body's calendar, or, for a body that names its
    sessions by year, that year's."""
    if numbered_by_year(body) and (body, number) not in corrections:
        return opening_in_year(body, number)
    return opening(body, number, corrections)


@dataclass(frozen=True)
class Session:
    body: str  # the calendar's key: general-assembly
    number: int  # the Nth session, or the year for a body that names its sessions by year
    name: str  # the body's name: General Assembly
    opens: date
    precision: str  # day, or month where only the month is known
    closes: date  # the day before the next session opens
    since: date  # the previous session's opening: where "before or during" begins

    @classmethod
    def of(cls, body: str, number: int, corrections: dict | None = None) -> Session | None:
        """Session `number` of the body, None where the body has no calendar or no such session.
        The dates an administrator corrected win (read here unless given)."""
        if body not in calendars():
            return None
        if corrections is None:
            corrections = SessionCalendar.objects.corrections()
        when = opening_of(body, number, corrections)
        after = opening_of(body, number + 1, corrections)
        if when is None or after is None:
            return None
        before = opening_of(body, number - 1, corrections)
        return cls(body, number, calendar_name(body), when.opens, when.precision,
                   closes=after.opens - timedelta(days=1), since=before.opens if before else when.opens)

    @classmethod
    def current(cls, body: str, today: date, corrections: dict | None = None) -> Session | None:
        """The session open on a day, or the next one where none has opened yet."""
        if corrections is None:
            corrections = SessionCalendar.objects.corrections()
        following = next_session(body, today, corrections)
        if following is None:
            return None
        return cls.of(body, following.number - 1, corrections) or cls.of(body, following.number, corrections)

    def __str__(self) -> str:
        return session_words(self.body, self.number, full=True)

    @property
    def short(self) -> str:
        """'GA 81st session'."""
        return session_words(self.body, self.number)

    def neighbours(self) -> tuple[int | None, int]:
        return (self.number - 1 if self.number > 1 else None), self.number + 1

    def due_here(self) -> Q:
        return Q(due_session__body=self.body, due_session__number=self.number)

    def obligations(self):
        """What the lists show of each: the rows the list shows, withdrawn clauses left out."""
        return (Obligation.objects.exclude(status=Obligation.Status.WITHDRAWN).rows()
                .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("symbol"))))

    def reports(self):
        """Reports due at the session, by Main Committee and addressee, each with the report that answered it."""
        return (self.obligations().filter(self.due_here(), kind=Obligation.Kind.REPORT)
                .annotate(first_addressee=Min("addressees__name"))
                .order_by("resolution__committee", "first_addressee", "resolution__symbol", "order"))

    def agenda(self):
        """Items coming back on its agenda, by Main Committee and agenda item, with the resolution that put each there."""
        return (self.obligations().filter(self.due_here(), kind=Obligation.Kind.AGENDA)
                .order_by("resolution__committee", "resolution__agenda_item", "resolution__symbol", "order"))

    def mandates(self):
        """Mandates ending since the previous session opened until this one closes, with their renewals."""
        return (self.obligations().filter(kind=Obligation.Kind.MANDATE, due_by__range=(self.since, self.closes))
                .order_by("due_by", "resolution__symbol", "order"))

    def member_states(self):
        """What capitals must send: requests to every State due at the session or before it closes, by date."""
        states = Actor.objects.filter(name=EVERY_STATE)
        return (self.obligations().addressed_to(states)
                .filter(self.due_here() | Q(due_by__range=(self.since, self.closes)))
                .order_by("due_by", "resolution__symbol", "order"))

    def resolutions(self):
        """The resolutions the session adopted, as far as they are imported (of its year, for
        a body that names its sessions by year)."""
        adopted = Q(adopted__year=self.number) if numbered_by_year(self.body) else Q(session=self.number)
        return Resolution.objects.filter(adopted, body=self.name).defer("source_text").order_by("symbol")


def why_missing(body: str, number: int) -> str:
    """What to tell someone who asked for a session Session.of() cannot place."""
    if body not in calendars():
        return f"“{body}” is not a body the calendar knows."
    return f"The {calendar_name(body)} has no session {number} in the calendar."
