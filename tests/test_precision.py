"""A deadline is due at the end of its precision: "in 2026" on 31 December, "in March" on its
last day, for overdue, reminders, the calendar, the feed and the exports."""
import io
from datetime import date, datetime
from datetime import timezone as dt_timezone

import pytest
import time_machine
from django.urls import reverse

from tracker.models import Obligation
from tracker.reminders.schedule import due_today

from .factories import ObligationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_2026():
    return ObligationFactory(due_date=date(2026, 1, 1), due_precision="year", due_text="in 2026")


@pytest.fixture
def in_march():
    return ObligationFactory(due_date=date(2026, 3, 1), due_precision="month", due_text="in March 2026")


def test_a_year_only_deadline_is_overdue_only_once_its_year_has_ended(in_2026):
    assert in_2026.due_by == date(2026, 12, 31)
    assert not in_2026.is_overdue(date(2026, 12, 6))
    assert not in_2026.is_overdue(date(2026, 12, 31))
    assert in_2026.is_overdue(date(2027, 1, 1))


def test_a_month_only_deadline_is_overdue_only_once_its_month_has_ended(in_march):
    assert in_march.due_by == date(2026, 3, 31)
    assert not in_march.is_overdue(date(2026, 3, 20))
    assert in_march.is_overdue(date(2026, 4, 1))


def test_a_person_who_sets_a_day_makes_it_due_that_day(in_2026):
    in_2026.due_date, in_2026.due_precision = date(2026, 6, 30), "day"
    in_2026.save()
    assert in_2026.due_by == date(2026, 6, 30) and in_2026.is_overdue(date(2026, 7, 1))


def test_the_api_says_a_year_only_deadline_is_not_overdue_within_its_year(client, users, in_2026):
    client.force_login(users["viewer"])
    with time_machine.travel(datetime(2026, 12, 6, 12, tzinfo=dt_timezone.utc), tick=False):
        item = client.get(reverse("api:obligation-detail", args=[in_2026.pk])).json()
        listed = client.get(reverse("api:obligation-list"), {"overdue": "true"}).json()
    assert (item["due"], item["due_precision"], item["overdue"]) == ("2026", "year", False)
    assert listed["count"] == 0


def test_reminders_count_down_to_the_end_of_the_year(settings, in_2026):
    settings.REMINDER_OFFSETS = [14]
    assert list(due_today(date(2026, 1, 1)).values_list("pk", flat=True)) == []
    assert list(due_today(date(2026, 12, 17)).values_list("pk", "reminder_offset")) == [(in_2026.pk, 14)]


def test_the_calendar_shows_a_year_in_december_not_january(client, users, in_2026):
    client.force_login(users["viewer"])
    january = client.get(reverse("calendar"), {"month": "2026-01"}).content.decode()
    december = client.get(reverse("calendar"), {"month": "2026-12"}).content.decode()
    assert in_2026.get_absolute_url() not in january and in_2026.get_absolute_url() in december


def test_the_feed_puts_a_year_on_its_last_day_and_says_so(client, users, in_2026):
    from tracker.models import CalendarFeed

    in_2026.owner = users["staff"]
    in_2026.save()
    body = client.get(reverse("calendar_feed", args=[CalendarFeed.for_user(users["staff"]).token])).content.decode()
    assert "DTSTART;VALUE=DATE:20261231" in body and "due in 2026" in body


def test_exports_give_a_year_or_a_month_as_text(client, users, in_2026, in_march):
    from openpyxl import load_workbook

    client.force_login(users["viewer"])
    sheet = load_workbook(io.BytesIO(client.get(reverse("obligations_xlsx")).content)).active
    header = [c.value for c in sheet[1]]
    dues = sorted(dict(zip(header, (c.value for c in row)))["due"] for row in sheet.iter_rows(min_row=2))
    assert dues == ["2026", "2026-03"]
    csv = b"".join(client.get(reverse("obligations_csv")).streaming_content).decode()
    assert ",2026," in csv and ",2026-03," in csv
    assert Obligation.objects.count() == 2


def test_the_dashboards_due_soon_count_and_its_list_agree_on_a_year_only_deadline(client, users, in_2026):
    client.force_login(users["staff"])
    with time_machine.travel(datetime(2026, 12, 6, 12, tzinfo=dt_timezone.utc), tick=False):
        home = client.get(reverse("dashboard"))
        listed = client.get(reverse("obligations") + home.context["links"]["due_soon"])
    assert home.context["counts"]["due_soon"] == 1
    assert [o.pk for o in listed.context["page"]] == [in_2026.pk]
