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


def test_each_session_named_is_its_own_deadline():
    text = GENEVA.replace("1. Decides to consider the question at its sixty-third session;",
                          "1. Requests the High Commissioner to present oral updates to the Council at its "
                          "sixty-second and sixty-fourth sessions;")
    dues = [(o.due_session, o.due.isoformat()[:7]) for o in parse_resolution(text).obligations]
    assert dues == [(("human-rights-council", 62), "2026-06"), (("human-rights-council", 64), "2027-02")]


def test_listed_dated_deliverables_each_have_their_day():
    text = council("1. Requests that the Panel of Experts provide to the Council an interim report by "
                   "30 June 2031 and a final report no later than 1 December 2031;")
    assert [o.due.isoformat() for o in parse_resolution(text).obligations] == ["2031-06-30", "2031-12-01"]


def test_a_session_already_open_at_adoption_is_still_a_deadline(parse):
    res = parse("1. Requests the Secretary-General to present the report to the General Assembly at its "
                "seventieth session;", adopted="17 December 2015")
    assert res.obligations[0].due.isoformat() == "2015-09-15"
    res = parse("1. Requests the Secretary-General to present the report to the General Assembly at its "
                "sixty-ninth session;", adopted="17 December 2015")
    assert res.obligations[0].due is None  # that session closed when the seventieth opened


def test_the_tasks_listed_under_a_mandate_bind_its_holder():
    text = GENEVA.replace("1. Decides to consider the question at its sixty-third session;", (
        "1. Decides to extend the mandate of the Special Rapporteur on the rights of older persons "
        "for a period of three years, with the following tasks:\n"
        "(a) To gather information on the rights of older persons;\n"
        "(b) To report annually to the Human Rights Council and to the General Assembly;"))
    res = parse_resolution(text)
    holder = "Special Rapporteur on the rights of older persons"
    assert [(o.paragraph, o.addressees, o.kind) for o in res.obligations] == [
        ("1", ["Human Rights Council"], "mandate"),
        ("1(a)", [holder], "action"),
        ("1(b)", [holder], "report"),  # to the Council
        ("1(b)", [holder], "report"),  # and to the Assembly
    ]
    assert {o.recurrence for o in res.obligations[2:]} == {"annual"}


def test_an_aside_in_a_that_clause_names_no_addressee():
    text = council("1. Requests that the Mission, at the request of the Government of the country, "
                   "shall continue to advise;")
    assert parse_resolution(text).obligations[0].addressees == ["Mission"]


def test_reporting_annually_to_two_bodies_is_two_reports_each_due_at_that_bodys_next_session():
    text = GENEVA.replace("1. Decides to consider the question at its sixty-third session;",
                          "1. Requests the Special Rapporteur to report annually to the Human Rights Council "
                          "and to the General Assembly;")
    reports = parse_resolution(text).obligations
    assert [(o.kind, o.recurrence, o.due_session) for o in reports] == [
        ("report", "annual", ("human-rights-council", 62)),
        ("report", "annual", ("general-assembly", 81)),
    ]
    assert reports[1].due.isoformat() == "2026-09-08"


@pytest.mark.parametrize("paragraph, year", [
    ("1. Requests the Secretary-General to report to the Council at its 2033 session;", 2033),
    ("1. Requests the Secretary-General to report at its management segment of 2033;", 2033),
    ("1. Requests the Secretary-General to report, through the Council, to the General Assembly at its "
     "eighty-seventh session;", 2032),
])
def test_the_economic_and_social_councils_sessions_named_by_year(paragraph, year):
    o = parse_resolution(ECOSOC.replace("1. Decides to consider the matter at its 2032 session;", paragraph)).obligations[0]
    assert (o.kind, o.due.year) == ("report", year)


def test_an_impossible_date_is_a_warning_not_a_crash():
    res = parse_resolution(council("1. Decides to extend the mandate of the Mission until 31 April 2032;"))
    assert res.obligations[0].due is None
    assert res.warnings == ["no such day: 'until 31 April 2032' is read as no deadline"]


@pytest.mark.parametrize("symbol, body", [
    ("A/HRC/RES/53/14", "Human Rights Council"), ("A/RES/79/161", "General Assembly"),
    ("S/RES/2682 (2023)", "Security Council"), ("E/RES/2021/27", "Economic and Social Council"),
])
def test_a_symbol_tells_its_body_by_the_longest_prefix_of_the_bodies_data(symbol, body):
    from resolutions.parsing.structure import _body_of_symbol

    assert _body_of_symbol(symbol).name == body


def test_a_symbol_of_no_resolution_body_tells_none():
    from resolutions.parsing.structure import _body_of_symbol

    assert _body_of_symbol("A/79/123") is None and _body_of_symbol("") is None
