"""Lists open on current work: upcoming from today, then the latest past deadlines; history
(done, superseded, withdrawn) behind a switch kept in the URL."""
from datetime import date, datetime
from datetime import timezone as dt_timezone

import pytest
import time_machine
from django.urls import reverse

from tracker.models import Obligation

from .factories import ObligationFactory

pytestmark = pytest.mark.django_db
TODAY = datetime(2026, 12, 6, 12, tzinfo=dt_timezone.utc)


@pytest.fixture
def work():
    due = {name: ObligationFactory(due_date=day, key=name) for name, day in (
        ("long past", date(2019, 9, 17)), ("last year", date(2025, 9, 9)), ("next year", date(2027, 9, 7)),
        ("next week", date(2026, 12, 13)))}
    due["done"] = ObligationFactory(due_date=date(2026, 12, 20), key="done", status=Obligation.Status.DONE)
    return due


def keys(response):
    return [o.key for o in response.context["page"].object_list]


def test_the_list_opens_on_upcoming_then_the_latest_past(client, users, work):
    client.force_login(users["viewer"])
    with time_machine.travel(TODAY, tick=False):
        assert keys(client.get(reverse("obligations"))) == ["next week", "next year", "last year", "long past"]
        assert "done" in keys(client.get(reverse("obligations"), {"history": "on"}))


def test_overdue_lists_the_most_recent_first_on_the_page_and_the_api(client, users, work):
    client.force_login(users["viewer"])
    with time_machine.travel(TODAY, tick=False):
        assert keys(client.get(reverse("obligations"), {"overdue": "true"})) == ["last year", "long past"]
        api = client.get(reverse("api:obligation-list"), {"overdue": "true"}).json()
    assert [o["id"] for o in api["results"]] == [work["last year"].pk, work["long past"].pk]
