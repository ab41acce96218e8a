"""The calendar: deadlines as precise as they are known."""
from datetime import date

import pytest
from django.urls import reverse



pytestmark = pytest.mark.django_db


def test_the_calendar_keeps_month_precision_and_jumps_to_the_next_deadline(client, users, desk):
    client.force_login(users["viewer"])
    page = client.get(reverse("calendar"), {"month": "2017-03"})
    html = page.content.decode()
    assert "Due in March 2017, no day given" in html
    assert all(not items for week in page.context["weeks"] for _, items, _ in week)  # not on 1 March
    assert page.context["upcoming"] is None or page.context["upcoming"] >= date.today()

