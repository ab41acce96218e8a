"""Recurring requests: marking one occurrence done opens the next, a period later."""
from datetime import date

import pytest

from resolutions.parsing.periods import Period, name_of, parse_iso, period_of
from tracker.obligations.history import apply_edit
from tracker.obligations.importing import import_text
from tracker.models import Obligation, ObligationChange

from .conftest import resolution_text

ANNUAL_REPORT = "1. Requests the Secretary-General to report annually to the General Assembly at its seventy-first session;"


@pytest.mark.django_db
def test_marking_a_recurring_obligation_done_opens_the_next_session(users):
    import_text(resolution_text(ANNUAL_REPORT))
    first = Obligation.objects.get()
    assert first.recurrence == "annual"
    apply_edit(first, users["staff"], ObligationChange.Source.STAFF, status=Obligation.Status.DONE)
    following = first.next_occurrences.get()
    assert (following.status, following.due_date, following.label) == ("open", date(2017, 9, 12), "1")
    assert following.due_session.number == 72
    import_text(resolution_text(ANNUAL_REPORT))  # a re-import neither withdraws nor doubles it
    following.refresh_from_db()
    assert following.status == "open" and Obligation.objects.count() == 2


@pytest.mark.django_db
def test_a_dated_cycle_moves_by_its_period_and_opens_once(users):
    import_text(resolution_text(ANNUAL_REPORT))
    first = Obligation.objects.get()
    first.due_session, first.due_date, first.recurrence = None, date(2016, 1, 31), "P1M"
    first.save()
    apply_edit(first, users["staff"], ObligationChange.Source.STAFF, status=Obligation.Status.DONE)
    apply_edit(first, users["staff"], ObligationChange.Source.STAFF, status=Obligation.Status.OPEN)
    apply_edit(first, users["staff"], ObligationChange.Source.STAFF, status=Obligation.Status.DONE)
    assert [o.due_date for o in first.next_occurrences.all()] == [date(2016, 2, 29)]  # a month on, kept in February


def test_periods_by_name_and_iso():
    assert period_of("biennial") == Period(years=2)
    assert period_of("P90D") == Period(days=90)
    assert period_of("P2W") == Period(days=14)
    assert period_of("whenever") is None
    assert name_of(Period(years=3)) == "triennial" and name_of(Period(months=4)) == "P4M"
    assert Period(days=90).after(date(2024, 1, 1)) == date(2024, 3, 31)
    with pytest.raises(ValueError):
        parse_iso("P")
