"""The team's own deadline beside the UN's: both shown, reminders count down to the team's."""
from datetime import date, datetime
from datetime import timezone as dt_timezone

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tracker import tasks
from tracker.models import Obligation

from .factories import ObligationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(users):
    """Due at the Assembly on 8 September 2026; the team wants it by 1 August."""
    obligation = ObligationFactory(resolution__symbol="A/RES/80/10", due_date=date(2026, 9, 8), owner=users["staff"])
    return obligation


def set_ours(client, obligation, day: str):
    return client.post(obligation.get_absolute_url(), {
        "status": "open", "owner": obligation.owner_id, "due_date": "2026-09-08", "internal_due": day,
        "version": obligation.version, "note": ""})


def test_staff_set_our_deadline_and_both_are_shown(client_for, users, report):
    client = client_for(users["staff"])
    set_ours(client, report, "2026-08-01")
    report.refresh_from_db()
    assert (report.internal_due, report.due_by, report.remind_by) == (date(2026, 8, 1), date(2026, 9, 8),
                                                                       date(2026, 8, 1))
    assert report.changes.get(field="internal_due").new == "2026-08-01"
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Our deadline" in page and "1 Aug 2026" in page and "8 Sep 2026" in page
    assert "ours: 1 Aug 2026" in client.get(reverse("obligations")).content.decode()


def test_reminders_count_down_to_our_deadline_where_set(client_for, users, report, settings):
    settings.REMINDER_OFFSETS = [7]
    set_ours(client_for(users["staff"]), report, "2026-08-01")
    with time_machine.travel(datetime(2026, 7, 25, 9, tzinfo=dt_timezone.utc), tick=False):
        tasks.sweep_reminders.apply().get()
    [message] = mail.outbox
    assert "1 August 2026 (our deadline; the UN's: 8 September 2026)" in message.body
    with time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=dt_timezone.utc), tick=False):
        tasks.sweep_reminders.apply().get()  # a week before the UN's date, ours long passed
    later = mail.outbox[1]
    assert "overdue" in later.subject and "1 August 2026 (our deadline" in later.body


def test_without_our_deadline_reminders_count_down_to_the_uns(report):
    assert Obligation.objects.get().remind_by == date(2026, 9, 8)
