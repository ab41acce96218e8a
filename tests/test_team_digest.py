"""The weekly team digest: the team's work due in 14 days and last week's changes, once a week
to each staff member who has not turned it off."""
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tracker import tasks
from tracker.models import ObligationChange, ReminderPreference
from tracker.obligations.history import apply_edit

from .factories import ObligationFactory

pytestmark = pytest.mark.django_db
MONDAY = datetime(2026, 12, 7, 7, tzinfo=dt_timezone.utc)


@pytest.fixture
def week(users):
    soon = ObligationFactory(resolution__symbol="A/RES/80/20", due_date=date(2026, 12, 15), owner=users["staff"])
    ObligationFactory(resolution__symbol="A/RES/80/21", due_date=date(2027, 2, 1))  # beyond 14 days
    with time_machine.travel(MONDAY - timedelta(days=3)):
        apply_edit(soon, users["staff"], ObligationChange.Source.STAFF, status="in_progress")
    return soon


def send():
    with time_machine.travel(MONDAY, tick=False):
        return tasks.send_team_digests.apply().get()


def test_each_staff_member_hears_of_the_teams_week_once(users, week):
    assert send() == 1  # the staff login; a viewer is not the team that works the list
    assert send() == 0  # a retry or a second beat the same week sends nothing
    [message] = mail.outbox
    assert message.to == [users["staff"].email]
    assert "A/RES/80/20" in message.body and "A/RES/80/21" not in message.body
    assert "status open → in_progress (desk)" in message.body


def test_a_person_turns_the_digest_off(client_for, users, week):
    client_for(users["staff"]).post(reverse("reminder_settings"), {"mode": "each"})  # the box left unticked
    assert ReminderPreference.objects.get(user=users["staff"]).team_digest is False
    assert send() == 0 and not mail.outbox
