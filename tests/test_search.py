"""The header's search finds a resolution by its symbol however it is typed."""
import pytest
from django.urls import reverse

from .factories import ObligationFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["S/RES/2777(2025)", "s/res/2777 (2025)", " S / RES / 2777  (2025) ", "2777 (2025)"])
def test_a_council_symbol_is_found_in_any_spacing_and_case(client_for, users, typed):
    ResolutionFactory(symbol="S/RES/2777 (2025)", body="Security Council", title="The situation in Haiti")
    ResolutionFactory(symbol="S/RES/2778 (2025)", body="Security Council")
    page = client_for(users["viewer"]).get(reverse("search"), {"q": typed})
    assert [r.symbol for r in page.context["resolutions"]] == ["S/RES/2777 (2025)"]


@pytest.mark.parametrize("typed", ["A/RES/79/161", "a/res/79/161", "A/RES/ 79/161"])
def test_an_assembly_symbol_is_found_in_any_spacing_and_case(client_for, users, typed):
    ResolutionFactory(symbol="A/RES/79/161")
    page = client_for(users["viewer"]).get(reverse("search"), {"q": typed})
    assert [r.symbol for r in page.context["resolutions"]] == ["A/RES/79/161"]


def test_a_title_is_still_found_by_its_words(client_for, users):
    ResolutionFactory(symbol="A/RES/79/162", title="Human rights and extreme poverty")
    page = client_for(users["viewer"]).get(reverse("search"), {"q": "extreme poverty"})
    assert [r.symbol for r in page.context["resolutions"]] == ["A/RES/79/162"]


def found(client, typed):
    page = client.get(reverse("obligations"), {"q": typed, "history": "true"})
    return {o.action for o in page.context["page"].object_list}


def test_the_list_finds_an_obligation_by_any_form_of_its_words(client_for, users):
    ObligationFactory(action="to report on the reporting of violence against migrant workers")
    ObligationFactory(action="to submit a report on the work of the Peacebuilding Commission")
    client = client_for(users["viewer"])
    assert found(client, "reports migrants") == {"to report on the reporting of violence against migrant workers"}
    assert found(client, "Peacebuild commission") == {"to submit a report on the work of the Peacebuilding Commission"}


def test_the_list_finds_words_of_a_subparagraph_or_of_the_paragraph(client_for, users):
    ObligationFactory(action="to submit a report", clause_text="Requests a report on: (a) desertification; (b) drought")
    ObligationFactory(action="to act", paragraph__text="Stresses disaster risk reduction, and urges States to act;")
    ObligationFactory(action="to consider the matter")
    client = client_for(users["viewer"])
    assert found(client, "drought") == {"to submit a report"}
    assert found(client, "disaster risk") == {"to act"}
    assert found(client, "disaster drought") == set()  # every word, in the one text


def test_the_list_search_reads_hyphens_and_symbols_as_written(client_for, users):
    for action in ("to transmit the views of the Secretary-General (A/78/123) to the Council",
                   "to inform the Secretary of the Council"):
        ObligationFactory(action=action, clause_text=action, paragraph__text="Requests the Board:")
    client = client_for(users["viewer"])
    assert found(client, "Secretary-General") == {"to transmit the views of the Secretary-General (A/78/123) to the Council"}
    assert found(client, "A/78/123") == {"to transmit the views of the Secretary-General (A/78/123) to the Council"}
    assert found(client, "\"'") == found(client, "")  # no word to search: nothing narrowed
    assert found(client, "Secretary\\ \"A/78/123") == {"to transmit the views of the Secretary-General (A/78/123) "
                                                         "to the Council"}  # no quote or backslash breaks the query


def test_an_edited_obligation_is_found_by_its_new_words(client_for, users):
    obligation = ObligationFactory(action="to submit a report", clause_text="", paragraph__text="Notes the progress;")
    obligation.action = "to convene a high-level meeting"
    obligation.save()
    client = client_for(users["viewer"])
    assert found(client, "high-level meeting") == {"to convene a high-level meeting"}
    assert found(client, "submit") == set()
