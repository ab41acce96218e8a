"""Deadlines: every form a resolution uses, what is no deadline, and session calendars."""
from datetime import date

import pytest

from resolutions.parsing.calendar import ga_rule_opening, opening


def due_of(parse, sentence, **kwargs):
    res = parse(f"1. {sentence}", **kwargs)
    assert res.obligations, "no obligation found"
    o = res.obligations[0]
    return (o.due, o.due_precision, o.due_text) if o.due else None


@pytest.mark.parametrize("sentence, due, precision", [
    ("Requests the Secretary-General to report to the General Assembly at its seventy-second session;",
     date(2017, 9, 12), "day"),
    ("Requests the Secretary-General to submit a report at the seventy-third session of the General Assembly;",
     date(2018, 9, 18), "day"),
    ("Decides to include in the provisional agenda of its seventy-second session the item entitled \"Oceans\";",
     date(2017, 9, 12), "day"),
    ("Requests the Secretary-General to report for consideration by the Assembly at its eighty-second session;",
     date(2027, 9, 7), "day"),
    ("Invites the Commission on Narcotic Drugs to consider the matter at its sixtieth session;",
     date(2017, 3, 1), "month"),
    ("Invites the Commission on the Status of Women to review progress at its sixty-first session;",
     date(2017, 3, 1), "month"),
    ("Requests the Office to report to the Human Rights Council at its thirty-fourth session;",
     date(2017, 2, 27), "day"),
    ("Invites States to report during the high-level segment of the sixtieth session of the Commission on Narcotic Drugs;",
     date(2017, 3, 1), "month"),
    ("Invites the Economic and Social Council to consider the matter at its substantive session of 2016;",
     date(2016, 7, 1), "month"),
    ("Requests the Secretary-General to circulate the text on 26 February 2016;", date(2016, 2, 26), "day"),
    ("Invites States to submit views no later than 1 March 2016;", date(2016, 3, 1), "day"),
    ("Encourages States to take part in the meeting in March 2016;", date(2016, 3, 1), "month"),
    ("Requests the Secretary-General to hold consultations from June to September 2016;", date(2016, 9, 1), "month"),
    ("Urges States to reduce maternal mortality by 2030;", date(2030, 12, 31), "year"),
    ("Urges States to adopt plans by the end of 2017;", date(2017, 12, 31), "year"),
    ("Decides to convene a high-level meeting in 2019;", date(2019, 1, 1), "year"),
    ("Requests the Secretary-General to report within six months of the adoption of the present resolution;",
     date(2016, 6, 17), "day"),
    ("Requests the Secretary-General to report to the General Assembly at its next session;", date(2016, 9, 13), "day"),
])
def test_deadline_forms(parse, sentence, due, precision):
    found = due_of(parse, sentence)
    assert found is not None
    assert found[:2] == (due, precision)


@pytest.mark.parametrize("sentence, adopted, due, precision", [
    ("Requests the Office to report to the Human Rights Council at its fourteenth session;", "2 October 2009",
     date(2010, 5, 31), "day"),
    ("Requests the Office to report to the Human Rights Council at its sixty-second session;", "8 October 2025",
     date(2026, 6, 1), "month"),
    ("Requests the Secretary-General to report to the General Assembly at its fifty-first session;", "6 December 1995",
     date(1996, 9, 17), "day"),
    ("Decides to include in the provisional agenda of its twenty-first session the item entitled \"Apartheid\";",
     "16 December 1965", date(1966, 9, 20), "day"),
    ("Requests the Secretary-General to report to the General Assembly at its sixth session;", "1 December 1950",
     date(1951, 11, 6), "day"),
    ("Invites the Commission for Social Development to consider the matter at its sixty-third session;",
     "19 December 2023", date(2025, 2, 1), "month"),
    ("Requests the Secretary-General to report to the Commission on Population and Development at its "
     "fifty-eighth session;", "19 December 2023", date(2025, 4, 1), "month"),
])
def test_sessions_of_every_era_open_on_their_real_days(parse, sentence, adopted, due, precision):
    """The calendars hold the real opening days since each body's first session, and project the rest."""
    assert due_of(parse, sentence, adopted=adopted)[:2] == (due, precision)


def test_a_resumed_session_is_due_the_year_after_the_session_opened(parse):
    found = due_of(parse, "Requests the Secretary-General to report on the outcome at the second part of its "
                          "resumed seventy-second session;", adopted="22 December 2017")
    assert found[:2] == (date(2018, 1, 1), "year")


@pytest.mark.parametrize("period, ends", [
    ("for a period of no longer than two years", date(2006, 4, 28)),
    ("for a period not exceeding 18 months", date(2005, 10, 28)),
])
def test_a_body_set_up_for_a_period_is_a_mandate_ending_then(parse, period, ends):
    res = parse(f"1. Decides to establish, {period}, a Committee of the Council;", adopted="28 April 2004")
    assert [(o.kind, o.due) for o in res.obligations] == [("mandate", ends)]


def test_a_budget_period_is_no_deadline(parse):
    assert due_of(parse, "Requests the Secretary-General to provide full justification in the budgets for the period "
                         "from 1 July 2016 to 30 June 2017;") is None


def test_the_agenda_of_a_session_named_by_year():
    from resolutions.parsing import parse_resolution

    from .test_parsing_bodies import ECOSOC
    text = ECOSOC.replace(ECOSOC[ECOSOC.index("1. "):], "1. Decides to include the sub-item in the agenda of its "
                                                        "2033 session.\n")
    assert parse_resolution(text).obligations[0].due.year == 2033


def test_deadline_keeps_the_words_it_came_from(parse):
    assert due_of(parse, "Requests the Secretary-General to report at its seventy-first session;")[2] == (
        "at its seventy-first session"
    )


@pytest.mark.parametrize("sentence", [
    "Urges States to achieve the goals set for 2010 and 2015;",
    "Urges States to identify priorities to be achieved beyond 2016;",
    "Calls upon States to evaluate progress made since 2000;",
    "Urges States to implement the measures adopted at the twentieth special session of the General Assembly;",
    "Calls upon States to implement resolution 60/1 of 16 September 2005;",
    "Requests the Office to share the results of the fifty-eighth session of the Commission on Narcotic Drugs;",
    "Invites States to build on the conference held in Vienna in March 2015;",
    "Urges States to act in accordance with the Convention of 1988;",
])
def test_what_is_no_deadline(parse, sentence):
    assert due_of(parse, sentence) is None


def test_a_chapeau_deadline_reaches_its_subparagraphs(parse):
    res = parse("1. Urges States, in order to halve poverty by 2020:\n(a) To adopt plans;\n(b) To fund them;")
    assert [(o.paragraph, o.due) for o in res.obligations] == [
        ("1(a)", date(2020, 12, 31)),
        ("1(b)", date(2020, 12, 31)),
    ]


@pytest.mark.parametrize("sentence, recurrence", [
    ("Requests the Secretary-General to report annually;", "annual"),
    ("Requests the Secretary-General to report to it each year;", "annual"),
    ("Requests the Secretary-General to report biennially;", "biennial"),
    ("Requests the Secretary-General to report every two years;", "biennial"),
    ("Requests the Secretary-General to report on a biennial basis;", "biennial"),
    ("Requests the Secretary-General to report at its seventy-second session and every three years thereafter;",
     "triennial"),
    ("Requests the Secretary-General to report at its seventy-second session;", None),
    # Each period is looked for only where one of its words stands, in any case.
    ("Requests the Secretary-General to brief the Council Every six months;", "semi-annual"),
    ("Requests the Secretary-General to report semi-annually;", "semi-annual"),
    ("Requests the Secretary-General to report twice a year;", "semi-annual"),
    ("Requests the Secretary-General to report Quarterly;", "quarterly"),
    ("Requests the Secretary-General to report every three months;", "quarterly"),
    ("Requests the Secretary-General to report monthly;", "monthly"),
    ("Requests the Secretary-General to report EVERY 90 days;", "P90D"),
    ("Requests the Secretary-General to report at each of its regular sessions;", "annual"),
])
def test_recurrence(parse, sentence, recurrence):
    assert parse(f"1. {sentence}").obligations[0].recurrence == recurrence


def test_general_assembly_opening_by_rule_57_301():
    # Tuesday of the third week counted from the first week with a working day.
    assert ga_rule_opening(2007) == date(2007, 9, 18)  # 1 September was a Saturday
    assert ga_rule_opening(2009) == date(2009, 9, 15)
    assert ga_rule_opening(2024, week=2) == date(2024, 9, 10)


def test_session_calendar_known_projected_and_unknown():
    assert opening("general-assembly", 64).opens == date(2009, 9, 15)
    assert opening("general-assembly", 64).source == "known"
    projected = opening("general-assembly", 85)
    assert projected.source == "projected" and projected.opens.weekday() == 1 and projected.opens.month == 9
    assert opening("commission-on-narcotic-drugs", 52).opens == date(2009, 3, 1)
    assert opening("human-rights-council", 7).opens == date(2008, 3, 3)
    assert opening("human-rights-council", 3).opens == date(2006, 11, 29)
    assert opening("human-rights-council", 62).precision == "month"
    assert opening("general-assembly", 1).opens == date(1946, 1, 10)
    assert opening("no-such-body", 3) is None


def test_an_unknown_session_stays_without_deadline(parse):
    assert due_of(parse, "Invites the Committee on Fisheries to consider it at its thirty-fifth session;") is None


def test_corrected_calendar_dates_win(parse):
    from resolutions.parsing import parse_resolution
    from resolutions.parsing.calendar import SessionDate

    from .conftest import resolution_text

    corrected = {("general-assembly", 71): SessionDate("general-assembly", 71, date(2016, 9, 20), "day", "corrected")}
    text = resolution_text("1. Requests the Secretary-General to report at its seventy-first session;")
    assert parse_resolution(text, corrected).obligations[0].due == date(2016, 9, 20)


@pytest.mark.parametrize("sentence, due", [
    ("1. Requests the Secretary-General to report to it by 31 March each year;", date(2016, 3, 31)),
    ("1. Requests the Secretary-General to submit a report on 10 October annually;", date(2016, 10, 10)),
    ("1. Invites States to provide information annually, by 1 May;", date(2016, 5, 1)),
])
def test_a_day_of_each_year_is_due_the_next_such_day(parse, sentence, due):
    o = parse(sentence).obligations[0]
    assert (o.due, o.due_precision, o.recurrence) == (due, "day", "annual")


def test_a_session_and_every_two_years_thereafter(parse):
    o = parse("1. Requests the Secretary-General to report to it at its seventy-second session and every two "
              "years thereafter;").obligations[0]
    assert (o.due, o.recurrence) == (date(2017, 9, 12), "biennial")


def test_a_report_for_consideration_at_a_session(parse):
    o = parse("1. Requests the Secretary-General to prepare a report for consideration by the General Assembly "
              "at its seventy-first session;").obligations[0]
    assert (o.kind, o.due) == ("report", date(2016, 9, 13))


def test_a_range_of_sessions_is_a_deadline_each(parse):
    res = parse("1. Decides to include in the provisional agenda of its seventy-first to seventy-third sessions "
                "the item entitled \"Oceans\";")
    assert [(o.kind, o.due_session) for o in res.obligations] == [
        ("agenda", ("general-assembly", 71)), ("agenda", ("general-assembly", 72)), ("agenda", ("general-assembly", 73))]
