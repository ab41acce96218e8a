"""Agreed language: adopted paragraphs found from a sentence of them, from words dropped and a
year changed, with what differs marked and a citation ready to paste."""
from datetime import date

import pytest
from django.urls import reverse

from resolutions.language import agreed_language

from .factories import ParagraphFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

ROADS = ("Encourages Member States to adopt comprehensive legislation on key risk factors for road traffic "
         "injuries, including the use of seat belts and child restraints, by 2030;")
WATER = ("Calls upon all States to ensure access to safe drinking water and sanitation for all, and to report "
         "on progress to the Human Rights Council at its sixtieth session;")


@pytest.fixture
def adopted():
    roads = ResolutionFactory(symbol="A/RES/79/161", adopted=date(2024, 12, 17))
    water = ResolutionFactory(symbol="A/HRC/RES/57/5", body="Human Rights Council", adopted=date(2024, 10, 7))
    older = ResolutionFactory(symbol="A/RES/70/260", adopted=date(2016, 4, 15))
    return {
        "roads": ParagraphFactory(resolution=roads, number="30", order=30, text=ROADS),
        "water": ParagraphFactory(resolution=water, number="4", text=WATER),
        "older": ParagraphFactory(resolution=older, number="7", text="Invites Member States to adopt legislation "
                                                                       "on road safety by 2020;"),
        "preamble": ParagraphFactory(resolution=roads, kind="preambular", number="", order=0,
                                     text="Recalling its resolution 70/260 of 15 April 2016 on road safety,"),
    }


@pytest.mark.parametrize("words", [
    "comprehensive legislation on key risk factors for road traffic injuries",  # a sentence of it
    "Encourages Member States to adopt legislation on risk factors for road traffic injuries, including seat "
    "belts, by 2031",  # words dropped, a year changed
    "ENCOURAGES member states to adopt comprehensive legislation",
])
def test_the_source_is_found_first(adopted, words):
    found = agreed_language(words)
    assert found[0].paragraph == adopted["roads"] and found[0].citation == "A/RES/79/161, para. 30"


def test_what_differs_from_the_words_is_marked(adopted):
    best = agreed_language("Encourages Member States to adopt comprehensive legislation on key risk factors for "
                           "road traffic injuries, including the use of seat belts and child restraints, by 2031")[0]
    assert [text for text, differs in best.parts() if differs] == ["2030"]


def test_body_years_and_kind_narrow_the_search(adopted):
    assert [f.paragraph for f in agreed_language("adopt legislation", year_to=2019)] == [adopted["older"]]
    assert [f.paragraph for f in agreed_language("safe drinking water", body="Human Rights Council")] == [
        adopted["water"]]
    assert agreed_language("drinking water", body="General Assembly") == []
    preamble = agreed_language("road safety", kind="preambular")
    assert [f.citation for f in preamble] == ["A/RES/79/161, preambular para. 1"]


def test_a_paragraph_changed_or_gone_is_found_as_it_now_reads(adopted):
    adopted["water"].text = "Calls upon all States to protect mountain ecosystems;"
    adopted["water"].save()
    assert agreed_language("safe drinking water and sanitation") == []
    assert agreed_language("mountain ecosystems")[0].paragraph == adopted["water"]
    adopted["water"].delete()
    assert agreed_language("mountain ecosystems") == []


def test_the_page_and_the_api(client_for, users, adopted):
    client = client_for(users["viewer"])
    page = client.get(reverse("language"), {"q": "seat belts and child restraints, by 2031"}).content.decode()
    assert "A/RES/79/161, para. 30" in page and "<mark>2030</mark>" in page
    results = client.get(reverse("api:language"), {"q": "seat belts and child restraints"}).json()["results"]
    best = results[0]
    assert (best["symbol"], best["paragraph"], best["citation"], best["adopted"]) == (
        "A/RES/79/161", "30", "A/RES/79/161, para. 30", "2024-12-17")
    assert {"text", "body", "score", "differs"} <= set(best)
    assert client.get(reverse("api:language")).status_code == 400  # no words



def test_of_two_paragraphs_holding_the_words_alike_the_closer_letter_by_letter_is_first():
    """Agreed language repeats from one resolution to the next: the numbers tell them apart."""
    earlier = ResolutionFactory(symbol="A/RES/70/1")
    later = ResolutionFactory(symbol="A/RES/75/1")
    ParagraphFactory(resolution=earlier, number="5", text="Decides to review the programme in 2025, at its session;")
    ours = ParagraphFactory(resolution=later, number="5", text="Decides to review the programme in 2030, at its session;")
    found = agreed_language("Decides to review the programme in 2031")  # neither holds 2031; one is near
    assert found[0].paragraph == ours and found[0].score == found[1].score


def test_a_word_the_source_lacks_does_not_hide_it_behind_a_long_text_holding_every_word():
    """A long declaration holds every word somewhere; the source lacks one ("by") but holds the rest in order."""
    source = ParagraphFactory(number="3", text="Invites the Collaborative Partnership on Forests and its member "
                                               "organizations to contribute;")
    ParagraphFactory(number="1", text="Invites States " + "and partners to act, " * 40 + "on the Partnership, by "
                                      "the Forests Forum and its organizations, with member States;")
    found = agreed_language("Invites the Partnership on Forests and its member organizations by 2031")
    assert found[0].paragraph == source


@pytest.mark.parametrize("words", [
    "Invites the Collaborative Partnership on Woodlands and its member organizations to contribute",  # short
    "Invites the Collaborative Partnership on Forests and its member organizations to contribute to the "
    "preparations of the high-level review of the international arrangement on woodlands",  # long
])
def test_a_word_changed_still_finds_the_source(words):
    source = ParagraphFactory(text="Invites the Collaborative Partnership on Forests and its member organizations "
                                   "to contribute to the preparations of the high-level review of the international "
                                   "arrangement on forests;")
    ParagraphFactory(text="Invites the Collaborative Partnership on Forests to report;")
    assert agreed_language(words)[0].paragraph == source


def test_of_the_same_words_adopted_twice_the_latest_is_first():
    """The latest adoption is the citation a delegate wants."""
    text = "Decides to remain seized of the matter;"
    ParagraphFactory(resolution=ResolutionFactory(symbol="S/RES/1 (2015)", adopted=date(2015, 3, 1)), text=text)
    latest = ParagraphFactory(resolution=ResolutionFactory(symbol="S/RES/2 (2024)", adopted=date(2024, 3, 1)), text=text)
    ParagraphFactory(resolution=ResolutionFactory(symbol="S/RES/3 (2019)", adopted=date(2019, 3, 1)), text=text)
    assert agreed_language("Decides to remain seized of the matter")[0].paragraph == latest


def test_the_headers_search_box_keeps_only_a_search(client_for, users):
    """The header's box and these pages both name their words q: only a search is echoed in it."""
    client = client_for(users["viewer"])
    header = 'aria-label="Search" value="'
    assert header + '"' in client.get(reverse("language"), {"q": "seat belts"}).content.decode()
    assert header + 'seat belts"' in client.get(reverse("search"), {"q": "seat belts"}).content.decode()
