"""Every body's resolutions: who adopted it, its symbol, session and adoption day, and whom 'Decides' binds."""
import pytest

from resolutions.parsing import parse_resolution

COUNCIL = """Resolution 2999 (2031)

Adopted by the Security Council at its 9999th meeting, on 14 March 2031

The Security Council,

Recalling its previous resolutions on the region,

1. Decides to remain seized of the matter;
2. Requests the Secretary-General to keep the Council informed;
"""

GENEVA = """Human Rights Council
Sixty-first session
Agenda item 4

Resolution adopted by the Human Rights Council
on 3 April 2026

61/9.\tSituation of human rights somewhere

The Human Rights Council,

Guided by the Charter of the United Nations,

1. Decides to consider the question at its sixty-third session;
"""

ECOSOC = """2031 session
Agenda item 7

Resolution adopted by the Economic and Social Council on 20 July 2031

2031/4.\tWork of a committee

The Economic and Social Council,

Recalling its resolution 2029/3,

1. Decides to consider the matter at its 2032 session;
"""


@pytest.mark.parametrize("text, body, symbol, session, adopted", [
    (COUNCIL, "Security Council", "S/RES/2999 (2031)", None, "2031-03-14"),
    (GENEVA, "Human Rights Council", "A/HRC/RES/61/9", 61, "2026-04-03"),
    (ECOSOC, "Economic and Social Council", "E/RES/2031/4", 2031, "2031-07-20"),
])
def test_body_symbol_session_and_adoption_of_each_body(text, body, symbol, session, adopted):
    res = parse_resolution(text)
    contract = res.as_contract()
    assert (contract["body"], contract["symbol"], contract["session"], contract["adopted"]) == (
        body, symbol, session, adopted)
    assert not res.warnings


def test_decides_binds_the_adopting_body_and_its_session_is_that_bodys():
    res = parse_resolution(GENEVA)
    decides = res.obligations[0]
    assert decides.addressees == ["Human Rights Council"] and decides.kind == "agenda"
    assert decides.due_session == ("human-rights-council", 63)
    assert (decides.due.year, decides.due.month) == (2026, 9)  # three sessions a year: the 63rd in September


def test_remaining_seized_asks_nothing_of_anyone():
    res = parse_resolution(COUNCIL)
    assert [(o.paragraph, o.addressees) for o in res.obligations] == [("2", ["Secretary-General"])]


def test_a_text_whose_body_cannot_be_told_says_so():
    res = parse_resolution("12/3. A text\n\nRecalling its work,\n\n1. Requests the Secretary-General to act;\n")
    assert res.body == "" and res.as_contract()["body"] is None
    assert any("adopting body could not be told" in w for w in res.warnings)


def council(paragraphs: str) -> str:
    return COUNCIL.split("1. Decides")[0] + paragraphs


@pytest.mark.parametrize("paragraph, due, recurrence", [
    ("1. Requests the Secretary-General to report to it within 30 days;", "2031-04-13", None),
    ("1. Requests the Secretary-General to brief the Council no later than sixty days after the adoption "
     "of this resolution;", "2031-05-13", None),
    ("1. Requests the Secretary-General to report to the Council every 90 days;", "2031-06-12", "P90D"),
    ("1. Requests the Secretary-General to report to the Council every four months thereafter;",
     "2031-07-14", "P4M"),
    ("1. Requests the Secretary-General to report to the Council by 15 May 2031 and every six months "
     "thereafter;", "2031-05-15", "semi-annual"),
])
def test_council_periods_from_adoption_and_cycles(paragraph, due, recurrence):
    o = parse_resolution(council(paragraph)).obligations[0]
    assert (o.kind, o.due.isoformat(), o.recurrence) == ("report", due, recurrence)


@pytest.mark.parametrize("paragraph, due", [
    ("1. Decides to extend the mandate of the Mission until 30 April 2032;", "2032-04-30"),
    ("1. Decides to extend for a period of 13 months from the date of adoption of this resolution the "
     "mandate of the Panel of Experts;", "2032-04-14"),
    ("1. Decides to renew until one year from the date of adoption of this resolution the measures "
     "imposed by its earlier resolution;", "2032-03-14"),
    ("1. Decides to extend the mandate of the Mission for a period of six months, from 1 May 2031;",
     "2031-11-01"),
])
def test_a_mandate_is_due_on_the_day_it_ends(paragraph, due):
    o = parse_resolution(council(paragraph)).obligations[0]
    assert (o.kind, o.addressees, o.due.isoformat(), o.due_precision) == ("mandate", ["Security Council"], due, "day")


def test_a_special_rapporteur_appointed_for_three_years_ends_three_years_after_adoption():
    text = GENEVA.replace("1. Decides to consider the question at its sixty-third session;",
                          "1. Decides to extend the mandate of the Special Rapporteur on the topic for a period "
                          "of three years;")
    o = parse_resolution(text).obligations[0]
    assert (o.kind, o.due.isoformat()) == ("mandate", "2029-04-03")


def test_deciding_to_act_is_no_mandate():
    o = parse_resolution(council("1. Decides to continue its consideration of the report;")).obligations[0]
    assert o.kind != "mandate"
