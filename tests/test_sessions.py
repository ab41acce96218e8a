"""A session's page and its API: what a delegation prepares for the Assembly's 81st session."""
import csv
import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from resolutions.models import SessionCalendar
from tracker.models import Evidence, Obligation

from .factories import ObligationFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

GA81 = ("general-assembly", 81)


def at(number: int, body: str = "general-assembly") -> dict:
    """A deadline at the opening of a session, as the import sets one."""
    session = SessionCalendar.objects.session(body, number)
    return {"due_session": session, "due_date": session.opens, "due_precision": session.precision}


@pytest.fixture
def third_committee():
    """What the Assembly's 81st session holds for a delegation, and what it does not."""
    resolution = ResolutionFactory(symbol="A/RES/79/150", committee="Third Committee", agenda_item="71 (b)")
    report = ObligationFactory(resolution=resolution, **at(81))
    Evidence.objects.create(obligation=report, symbol="A/81/210")
    agenda = ObligationFactory(resolution=resolution, kind=Obligation.Kind.AGENDA, verb="decides",
                               action="to include in the provisional agenda of its eighty-first session the item", **at(81))
    mandate = ObligationFactory(kind=Obligation.Kind.MANDATE, action="to extend the mandate of the Special Rapporteur",
                                due_date=date(2026, 10, 31), due_precision="day", due_text="until 31 October 2026")
    views = ObligationFactory(addressees=["Member States"], verb="invites", action="to submit their views",
                              due_date=date(2026, 5, 31), due_precision="day", due_text="by 31 May 2026")
    later = ObligationFactory(**at(82))
    gone = ObligationFactory(status=Obligation.Status.WITHDRAWN, **at(81))
    return {"report": report, "agenda": agenda, "mandate": mandate, "views": views, "later": later, "gone": gone}


def listed(page, name) -> set[int]:
    return {o.pk for o in dict((n, rows) for n, _title, rows in page.context["lists"])[name]}


def test_the_session_page_lists_what_a_delegation_prepares(client_for, users, third_committee):
    page = client_for(users["viewer"]).get(reverse("session", args=GA81))
    assert page.status_code == 200
    assert "General Assembly, 81st session" in page.content.decode()
    assert listed(page, "reports") == {third_committee["report"].pk}
    assert listed(page, "agenda") == {third_committee["agenda"].pk}
    assert listed(page, "mandates") == {third_committee["mandate"].pk}  # ends between the 80th and the 82nd
    assert listed(page, "member_states") == {third_committee["views"].pk}
    html = page.content.decode()
    assert "A/81/210" in html and "Third Committee" in html and "71 (b)" in html


def test_each_list_exports_as_csv_and_excel(client_for, users, third_committee):
    client = client_for(users["viewer"])
    body = b"".join(client.get(reverse("session_export", args=[*GA81, "reports", "csv"])).streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert [(r["resolution"], r["paragraph"]) for r in rows] == [("A/RES/79/150", third_committee["report"].label)]
    excel = client.get(reverse("session_export", args=[*GA81, "member_states", "xlsx"]))
    assert excel.status_code == 200 and excel.content[:2] == b"PK"
    assert client.get(reverse("session_export", args=[*GA81, "nonsense", "csv"])).status_code == 404


def test_the_api_gives_the_same_lists(client_for, users, third_committee):
    data = client_for(users["viewer"]).get(reverse("api:session", args=GA81)).json()
    assert (data["body"], data["number"], data["opens"]) == ("general-assembly", 81, "2026-09-08")
    report = data["reports"][0]
    assert {"resolution", "paragraph", "addressees", "kind", "due", "status", "url"} <= set(report)
    assert (report["resolution"], report["addressees"], report["evidence"]) == (
        "A/RES/79/150", ["Secretary-General"], ["A/81/210"])
    assert [item["action"] for item in data["member_states"]] == ["to submit their views"]
    assert data["agenda"][0]["agenda_item"] == "71 (b)"


@pytest.mark.parametrize("body, number", [("general-assembly", 12), ("general-assembly", 95),
                                          ("human-rights-council", 61), ("economic-and-social-council", 2026),
                                          ("commission-on-narcotic-drugs", 69)])
def test_a_session_long_past_or_not_yet_open_is_a_page(client_for, users, body, number):
    client = client_for(users["viewer"])
    assert client.get(reverse("session", args=[body, number])).status_code == 200
    assert client.get(reverse("api:session", args=[body, number])).status_code == 200


@pytest.mark.parametrize("body, number, words", [("general-assemblies", 81, "is not a body the calendar knows"),
                                                 ("general-assembly", 0, "has no session 0")])
def test_an_unknown_body_or_session_is_a_404_that_says_why(client_for, users, body, number, words):
    client = client_for(users["viewer"])
    page = client.get(reverse("session", args=[body, number]))
    assert page.status_code == 404 and words in page.content.decode()
    api = client.get(reverse("api:session", args=[body, number]))
    assert api.status_code == 404 and words in api.json()["detail"]


def test_a_deadline_at_a_session_links_to_its_page(client_for, users, third_committee):
    client = client_for(users["viewer"])
    url = reverse("session", args=GA81)
    assert f'href="{url}"' in client.get(reverse("obligations")).content.decode()
    assert f'href="{url}"' in client.get(third_committee["report"].get_absolute_url()).content.decode()
    assert f'href="{reverse("sessions")}"' in client.get(reverse("dashboard")).content.decode()  # the header


def test_the_calendar_names_the_sessions_opening_in_its_month(client_for, users):
    page = client_for(users["viewer"]).get(reverse("calendar"), {"month": "2026-09"}).content.decode()
    assert f'href="{reverse("session", args=GA81)}"' in page and "GA 81st session opens" in page


def test_the_sessions_page_names_each_bodys_session_open_now(client_for, users):
    with time_machine.travel(date(2026, 12, 7), tick=False):
        page = client_for(users["viewer"]).get(reverse("sessions")).content.decode()
    assert f'href="{reverse("session", args=GA81)}"' in page
    assert f'href="{reverse("session", args=["economic-and-social-council", 2026])}"' in page


def test_reports_are_listed_by_main_committee_then_addressee(client_for, users):
    second = ResolutionFactory(committee="Second Committee")
    third = ResolutionFactory(committee="Third Committee")
    order = [ObligationFactory(resolution=third, addressees=["UN-Women"], **at(81)),
             ObligationFactory(resolution=second, addressees=["Secretary-General"], **at(81)),
             ObligationFactory(resolution=third, addressees=["Secretary-General"], **at(81)),
             ObligationFactory(resolution=second, addressees=["FAO"], **at(81))]
    page = client_for(users["viewer"]).get(reverse("session", args=GA81))
    reports = dict((n, rows) for n, _title, rows in page.context["lists"])["reports"]
    assert [o.pk for o in reports] == [order[3].pk, order[1].pk, order[2].pk, order[0].pk]
    html = page.content.decode()
    assert html.index('<th colspan="8">Second Committee</th>') < html.index('<th colspan="8">Third Committee</th>')
