"""A series is typed, its titles offered as one types: no menu of hundreds of titles widens a page."""
import pytest
from django.urls import reverse

from resolutions.models import Series
from tracker.models import Follow

from .factories import ObligationFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_series():
    drugs = Series.objects.create(title="International cooperation against the world drug problem", key="drugs")
    roads = Series.objects.create(title="Improving global road safety", key="roads")
    return {name: ObligationFactory(resolution=ResolutionFactory(series=series))
            for name, series in (("drugs", drugs), ("roads", roads))}


def test_the_list_filters_a_series_by_words_of_its_title_or_its_number(client_for, users, two_series):
    client = client_for(users["viewer"])
    for typed in ("drug problem", "WORLD DRUG", str(two_series["drugs"].resolution.series_id)):
        page = client.get(reverse("obligations"), {"series": typed})
        assert [o.pk for o in page.context["page"]] == [two_series["drugs"].pk]


def test_the_list_offers_the_titles_as_one_types_not_in_a_menu(client_for, users, two_series):
    html = client_for(users["viewer"]).get(reverse("obligations")).content.decode()
    assert 'list="series-titles"' in html and '<option value="Improving global road safety">' in html
    assert '<select name="series"' not in html


def test_a_series_is_followed_by_its_title(client_for, users, two_series):
    client = client_for(users["staff"])
    client.post(reverse("follows"), {"series": "improving global road safety"})
    assert Follow.objects.get(user=users["staff"]).series.title == "Improving global road safety"
    refused = client.post(reverse("follows"), {"series": "no such title"})
    assert refused.status_code == 400 and "No series has that title" in refused.content.decode()
