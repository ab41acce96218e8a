"""The header's search finds a resolution by its symbol however it is typed."""
import pytest
from django.urls import reverse

from .factories import ResolutionFactory

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
