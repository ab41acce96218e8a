"""A search of a thousand words costs one user's patience, not a worker's half minute."""
import pytest
from django.urls import reverse

from tracker.obligations.filters import MAX_SEARCH_WORDS, search_words
from tracker.models import ApiToken

from .factories import ObligationFactory

pytestmark = pytest.mark.django_db

MANY_WORDS = " ".join(["e"] * 1300 + [f"w{i}" for i in range(MAX_SEARCH_WORDS)])


@pytest.mark.parametrize("page", ["obligations", "search"])
def test_a_search_over_the_cap_says_so_and_asks_nothing(client_for, users, page, django_assert_max_num_queries):
    client = client_for(users["viewer"])
    with django_assert_max_num_queries(25):
        response = client.get(reverse(page), {"q": MANY_WORDS})
    assert response.status_code == 200
    assert f"at most {MAX_SEARCH_WORDS} words (this has {MAX_SEARCH_WORDS + 1})" in response.content.decode()


def test_the_api_refuses_a_search_over_the_cap(client, users):
    key = ApiToken.issue(users["viewer"], "script")[1]
    response = client.get("/api/v1/obligations/", {"q": MANY_WORDS}, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 400 and f"at most {MAX_SEARCH_WORDS} words" in response.json()["q"][0]


def test_a_search_within_the_cap_still_finds(client_for, users):
    ObligationFactory(action="to submit a report on the Secretary-General's findings")
    ObligationFactory(action="to act", paragraph__text="Urges Member States to act;")
    response = client_for(users["viewer"]).get(reverse("obligations"), {"q": "Secretary-General report report"})
    assert response.status_code == 200 and response.context["page"].paginator.count == 1


def test_repeated_words_count_once():
    assert search_words("report  report Report on") == ["report", "Report", "on"]
