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



def test_each_day_is_named_and_each_deadline_told_in_words_for_a_phone(client, users):
    from .factories import ObligationFactory

    ObligationFactory(kind="mandate", verb="decides", action="to extend the mandate of the Independent Expert",
                      due_date=date(2027, 3, 31), due_precision="day", due_text="until 31 March 2027")
    client.force_login(users["viewer"])
    html = client.get(reverse("calendar"), {"month": "2027-03"}).content.decode()
    cell = html[html.index('<span class="day-name on-phone">Wednesday 31 March</span>'):]
    assert "to extend the mandate of the Independent Expert" in cell[:cell.index("</td>")]
