"""Recurring obligations: done with one occurrence, the next one opens with its own deadline."""
from datetime import date

from resolutions.parsing import calendar as parsing_calendar

from .models import Obligation

YEARS = {"annual": 1, "biennial": 2, "triennial": 3, "quadrennial": 4, "quinquennial": 5}
MONTHS = {"semi-annual": 6, "quarterly": 3, "monthly": 1}


def next_due(obligation) -> tuple[date | None, object]:
    """The next deadline: the same body's session N+k where a session gave it, else the date moved on."""
    if obligation.due_date is None:
        return None, None
    years = YEARS.get(obligation.recurrence)
    months = MONTHS.get(obligation.recurrence)
    session = obligation.due_session
    if session and years:
        from .importer import session_row

        row = session_row((session.body, session.number + years * _sessions_a_year(session.body)))
        if row:
            return row.opens, row
    if years:
        months = 12 * years
    if not months:
        return None, None
    month = obligation.due_date.month - 1 + months
    year = obligation.due_date.year + month // 12
    day = min(obligation.due_date.day, 28)
    return date(year, month % 12 + 1, day), None


def _sessions_a_year(body: str) -> int:
    return parsing_calendar.calendars().get(body, {}).get("per_year", 1)


def open_next_occurrence(obligation) -> Obligation | None:
    """Called when a recurring obligation is marked done; idempotent."""
    if not obligation.recurrence or obligation.next_occurrences.exists():
        return None
    due, session = next_due(obligation)
    if due is None:
        return None
    addressees = list(obligation.addressees.all())
    following = Obligation.objects.create(
        resolution=obligation.resolution, paragraph=obligation.paragraph,
        key=f"{obligation.key}@{due.isoformat()}"[:400], label=obligation.label,
        clause_text=obligation.clause_text, verb=obligation.verb, verb_class=obligation.verb_class,
        kind=obligation.kind, action=obligation.action, due_date=due, due_precision=obligation.due_precision,
        due_text=obligation.due_text, due_session=session, recurrence=obligation.recurrence,
        owner=obligation.owner, follows=obligation, order=obligation.order,
        edited_fields=["due_date"],  # its date is the recurrence's, not the text's: imports keep it
    )
    following.addressees.set(addressees)
    return following
