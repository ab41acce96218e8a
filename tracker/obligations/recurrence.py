"""Recurring obligations: done with one occurrence, the next one opens with its own deadline."""
from datetime import date

from resolutions.models import SessionCalendar
from resolutions.parsing.calendar import sessions_a_year
from resolutions.parsing.periods import period_of

from ..models import Obligation


def next_due(obligation) -> tuple[date | None, SessionCalendar | None]:
    """The next deadline: the same body's session a period later where a session gave it, else the date moved on."""
    period = period_of(obligation.recurrence)
    if obligation.due_date is None or period is None:
        return None, None
    session = obligation.due_session
    if session and period.years and not (period.months or period.days):
        row = SessionCalendar.objects.session(session.body, session.number + period.years * sessions_a_year(session.body))
        if row:
            return row.opens, row
    return period.after(obligation.due_date), None


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
