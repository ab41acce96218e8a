"""Evidence is a document, named by symbol or address; staff add and remove it, the history says who."""
from datetime import date

import pytest
from django.urls import reverse

from tracker.models import ApiToken, Evidence, Obligation, ObligationChange

from .factories import ObligationFactory

pytestmark = pytest.mark.django_db

NOT_EVIDENCE = ["../../admin", "javascript:alert(1)", "A/79/123\r\nSet-Cookie: x=1", "ftp://example.org/report.pdf",
                "just some words", "data:text/html,<script>alert(1)</script>"]


@pytest.fixture
def report():
    """A report request long overdue."""
    return ObligationFactory(due_date=date(2016, 9, 13))


def api(client, users):
    key = ApiToken.issue(users["staff"], "script")[1]
    return lambda method, url, data=None: getattr(client, method)(
        url, data, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")


@pytest.mark.parametrize("reference", NOT_EVIDENCE)
def test_what_is_no_document_is_refused_on_the_api(client, users, report, reference):
    call = api(client, users)
    response = call("post", f"/api/v1/obligations/{report.pk}/evidence/", {"symbol": reference})
    assert response.status_code == 400
    assert not Evidence.objects.exists() and report.is_overdue() == Obligation.objects.get().is_overdue()


@pytest.mark.parametrize("reference", NOT_EVIDENCE)
def test_what_is_no_document_is_refused_on_the_page(client_for, users, report, reference):
    page = client_for(users["staff"]).post(reverse("evidence_add", args=[report.pk]), {"reference": reference},
                                           follow=True)
    assert page.status_code == 200 and not Evidence.objects.exists()
    assert "Give a" in page.content.decode() or "not a document symbol" in page.content.decode()


@pytest.mark.parametrize("given, stored, link", [
    ("a/71/123", "A/71/123", "https://undocs.org/en/A/71/123"),
    ("S/2024/55", "S/2024/55", "https://undocs.org/en/S/2024/55"),
    ("https://www.ohchr.org/en/documents/report", "https://www.ohchr.org/en/documents/report",
     "https://www.ohchr.org/en/documents/report"),
])
def test_a_symbol_or_an_address_is_kept_and_linked(client, users, report, given, stored, link):
    response = api(client, users)("post", f"/api/v1/obligations/{report.pk}/evidence/", {"symbol": given})
    assert response.status_code == 201 and response.json()["symbol"] == stored and response.json()["link"] == link


def test_staff_add_and_remove_evidence_on_the_page_and_the_history_says_who(client_for, users, report):
    client = client_for(users["staff"])
    client.post(reverse("evidence_add", args=[report.pk]), {"reference": "A/71/123"})
    evidence = Evidence.objects.get()
    page = client.get(reverse("obligation", args=[report.pk])).content.decode()
    assert 'href="https://undocs.org/en/A/71/123"' in page and "remove" in page
    client.post(reverse("evidence_remove", args=[report.pk, evidence.pk]))
    assert not Evidence.objects.exists()
    history = list(ObligationChange.objects.filter(field="evidence").order_by("pk").values_list("user__username", "old", "new"))
    assert history == [("desk", "", "A/71/123"), ("desk", "A/71/123", "")]


def test_evidence_removed_on_the_api_brings_the_overdue_flag_back(client, users, report):
    call = api(client, users)
    added = call("post", f"/api/v1/obligations/{report.pk}/evidence/", {"symbol": "A/71/123"}).json()
    assert not Obligation.objects.get().is_overdue()
    assert call("delete", f"/api/v1/obligations/{report.pk}/evidence/{added['id']}/").status_code == 204
    assert Obligation.objects.get().is_overdue()
    assert ObligationChange.objects.filter(field="evidence", old="A/71/123", user=users["staff"]).exists()


def test_a_viewer_cannot_add_or_remove_evidence(client_for, users, report):
    client = client_for(users["viewer"])
    client.post(reverse("evidence_add", args=[report.pk]), {"reference": "A/71/123"})
    assert not Evidence.objects.exists()
