"""Obligations: one per subparagraph under a "To ..." chapeau, kinds, and the contract."""
from datetime import date

import pytest

from .conftest import resolution_text


def test_chapeau_with_to_subparagraphs_gives_one_obligation_each(parse):
    res = parse(
        "1. Requests the United Nations Development Programme to continue:\n"
        "(a) To support national statistical offices;\n"
        "(b) To share information with Member States on its work;\n"
        "(c) To report annually to the General Assembly on progress;"
    )
    assert [(o.paragraph, o.addressees, o.kind, o.recurrence) for o in res.obligations] == [
        ("1(a)", ["United Nations Development Programme"], "action", None),
        ("1(b)", ["United Nations Development Programme"], "report", None),
        ("1(c)", ["United Nations Development Programme"], "report", "annual"),
    ]
    assert res.obligations[0].action == "to support national statistical offices"


def test_chapeau_with_gerund_subparagraphs_is_one_obligation(parse):
    res = parse(
        "1. Calls upon States to strengthen their efforts by:\n"
        "(a) Promoting literacy;\n(b) Investing in schools;"
    )
    assert len(res.obligations) == 1
    obligation = res.obligations[0]
    assert obligation.paragraph == "1"
    assert obligation.action == "to strengthen their efforts by: (a) Promoting literacy; (b) Investing in schools"


def test_kinds_report_agenda_action(parse):
    res = parse(
        "1. Requests the Secretary-General to submit a report on the question;\n"
        "2. Invites Member States to inform the Secretary-General of measures taken;\n"
        "3. Encourages States to notify the Board of seizures;\n"
        "4. Requests the Commission to forward its results to the Council;\n"
        "5. Invites States to share information on best practices with the Office;\n"
        "6. Decides to consider the question at its seventy-second session;\n"
        "7. Urges States to share and promote best practices in border control;\n"
        "8. Requests the Office to maintain its role by providing relevant information and technical assistance;\n"
        "9. Urges States to implement the recommendations contained in the report of the Special Rapporteur;"
    )
    assert [o.kind for o in res.obligations] == [
        "report", "report", "report", "report", "report", "agenda", "action", "action", "action",
    ]


@pytest.mark.parametrize("paragraph", [
    "1. Requests the Office to provide annual updates on its work;",
    "1. Requests the High Commissioner to provide a briefing on the situation;",
    "1. Requests the Secretary-General to make available the findings of the review;",
    "1. Invites States to provide feedback to the Subcommittee on its work;",
    "1. Requests that the Secretary-General reports to the Council every three months on the situation;",
    "1. Requests the Secretary-General to keep Member States regularly updated on progress;",
])
def test_report_forms_without_the_word_report_to(parse, paragraph):
    assert [o.kind for o in parse(paragraph).obligations] == ["report"]


@pytest.mark.parametrize("paragraph", [
    "1. Requests the Office to provide technical assistance to States;",
    "1. Requests the Secretary-General to make available adequate resources;",
    "1. Requests the Secretary-General to keep the matter under review;",
])
def test_giving_help_or_resources_is_no_report(parse, paragraph):
    assert [o.kind for o in parse(paragraph).obligations] == ["action"]


def test_the_mandate_holder_is_the_special_procedure_just_renewed(parse):
    res = parse("1. Decides to extend the mandate of the Special Rapporteur on the right to food for three years, "
                "and invites the mandate holder to report to the Council annually;")
    assert [(o.addressees, o.kind) for o in res.obligations] == [
        (["General Assembly"], "mandate"), (["Special Rapporteur on the right to food"], "report")]


def test_a_body_named_for_the_resolutions_own_subject_keeps_its_whole_name(parse):
    name = "Ad Hoc Committee on criminal accountability of United Nations officials and experts on mission"
    res = parse(f"Taking note of the report of the {name},\n"
                f"1. Decides that the {name} shall meet in April 2031;\n"
                "2. Requests the Ad Hoc Committee to submit a report on its work;",
                title="Criminal accountability of United Nations officials and experts on mission")
    assert [o.addressees for o in res.obligations] == [[name], [name]]


@pytest.mark.parametrize("paragraph, kind", [
    ("1. Also requests the Secretary-General, in his next report, to outline specific measures;", "report"),
    ("1. Invites Member States to provide additional information on procurement;", "report"),
    ("1. Invites Governments to implement the System and to keep them updated every two years;", "action"),
    ("1. Requests the Secretary-General to keep Member States updated on progress;", "report"),
])
def test_report_kinds_read_from_asides_and_what_is_provided(parse, paragraph, kind):
    assert [o.kind for o in parse(paragraph).obligations] == [kind]


def test_a_comma_glued_to_the_next_word_still_starts_a_clause(parse):
    res = parse("1. Notes the action taken by Governments and the international community,and encourages "
                "them to strengthen their efforts;")
    assert [(o.verb, o.addressees) for o in res.obligations] == [
        ("encourages", ["Member States", "international community"])]


def test_a_body_named_before_a_noun_qualifies_it_and_is_not_addressed(parse):
    res = parse("1. Urges all non-United Nations forces authorized under a Security Council mandate to act;")
    assert res.obligations[0].addressees == ["all non-United Nations forces authorized under a Security Council mandate"]


def test_the_subject_of_a_that_clause_ends_at_its_verb(parse):
    res = parse("1. Recommends that the Commission on Crime Prevention and Criminal Justice, in coordination with "
                "other entities, in particular the Counter-Terrorism Committee, keep under review the progress made "
                "by Member States in becoming parties to the conventions;")
    assert res.obligations[0].addressees == ["Commission on Crime Prevention and Criminal Justice"]


def test_referred_to_in_is_no_infinitive(parse):
    res = parse("1. Calls upon all States and the entities referred to in article 1 of the Agreement to sign it;")
    assert res.obligations[0].action == "to sign it"


def test_contract_object(parse):
    res = parse(
        "Taking note of the report of the Secretary-General,\n"
        "1. Requests the Secretary-General to submit to the General Assembly at its seventy-first session "
        "a report on the implementation of the present resolution.",
        symbol="70/182",
    )
    data = res.as_contract()
    assert data["symbol"] == "A/RES/70/182"
    assert data["session"] == 70
    assert data["operative_count"] == 1 and data["preambular_count"] == 1
    assert data["obligations"] == [{
        "paragraph": "1",
        "verb": "requests",
        "verb_class": "directive",
        "addressees": ["Secretary-General"],
        "kind": "report",
        "action": "to submit to the General Assembly at its seventy-first session a report on the "
                  "implementation of the present resolution",
        "due": date(2016, 9, 13).isoformat(),
        "due_precision": "day",
        "due_text": "at its seventy-first session",
        "recurrence": None,
        "mandate_of": None,
    }]
    assert data["body"] == "General Assembly"


def test_decides_chapeau_binds_the_assembly_for_each_subparagraph(parse):
    res = parse("1. Decides:\n(a) To establish a trust fund;\n(b) To review its work at its seventy-third session;")
    assert [(o.paragraph, o.addressees, o.due) for o in res.obligations] == [
        ("1(a)", ["General Assembly"], None),
        ("1(b)", ["General Assembly"], date(2018, 9, 18)),
    ]


def test_oral_updates_are_reports(parse):
    res = parse("1. Requests the High Commissioner for Human Rights to present an oral update to the Council;")
    assert res.obligations[0].kind == "report"
    assert res.obligations[0].addressees == ["United Nations High Commissioner for Human Rights"]


def test_a_plenary_meeting_named_in_a_paragraph_does_not_end_the_resolution(parse):
    res = parse(
        "1. Decides to hold the debate at the 10th plenary meeting of its seventy-first session;\n"
        "2. Requests the Secretary-General to report;"
    )
    assert [p.number for p in res.operative] == ["1", "2"]


@pytest.mark.parametrize("paragraph, kind", [
    ("1. Requests the Secretary-General to provide the Committee with his views on the matter;", "report"),
    ("1. Invites Member States to provide the Working Group with data on their programmes;", "report"),
    ("1. Requests the Office to make available to the Council the findings of the study;", "report"),
    ("1. Requests the Secretary-General to keep the Assembly informed of developments;", "report"),
    ("1. Requests the Office to brief Member States on its activities;", "report"),
    ("1. Requests the Special Rapporteur to present an oral update to the Council;", "report"),
    ("1. Requests the Office to bring the findings to the attention of all relevant bodies;", "report"),
    ("1. Requests the Secretary-General to transmit the outcome of the meeting to the Commission;", "report"),
    ("1. Requests the High Commissioner to present them to the General Assembly;", "report"),
    ("1. Requests the Commission to recommend measures to the General Assembly;", "report"),
    ("1. Requests the Panel to provide to the Council a final report;", "report"),
    ("1. Requests the Secretary-General to provide technical assistance to developing countries;", "action"),
    ("1. Requests the Secretariat to update the database of national laws;", "action"),
    ("1. Encourages States to exchange best practices among themselves;", "action"),
    ("1. Calls upon States to provide support to the Mission;", "action"),
])
def test_reports_in_all_their_forms_and_what_is_no_report(parse, paragraph, kind):
    assert parse(paragraph).obligations[0].kind == kind


def test_a_country_resolutions_own_body_is_named_for_the_country():
    from resolutions.parsing import parse_resolution

    text = resolution_text(
        "Recalling the establishment of an independent investigative mechanism,\n\n"
        "1. Requests the investigative mechanism to present a report to the Council;",
        title="Situation of human rights in the Republic of Atlantis",
    )
    name = "independent investigative mechanism on the Republic of Atlantis"
    assert parse_resolution(text).obligations[0].addressees == [name]


def test_continuing_consideration_with_no_session_is_an_action_not_agenda(parse):
    res = parse("1. Decides to continue its consideration of the matter;\n\n"
                "2. Decides to continue its consideration of the matter at its seventy-second session;")
    assert [o.kind for o in res.obligations] == ["action", "agenda"]


def test_the_human_rights_councils_closing_meeting_line_ends_the_text():
    from resolutions.parsing import parse_resolution

    text = ("Resolution adopted by the Human Rights Council on 6 October 2026\n\n63/4.\tA topic\n\n"
            "The Human Rights Council,\n\nRecalling its work,\n\n1. Decides to remain seized of the matter.\n\n"
            "39th meeting\n6 October 2026\n")
    res = parse_resolution(text)
    assert res.operative[-1].text == "Decides to remain seized of the matter."
    assert res.meeting == "39th meeting"


def test_financial_contributions_are_no_report(parse):
    assert parse("1. Urges Member States to provide voluntary contributions to the Fund;").obligations[0].kind == "action"


def test_an_acronym_the_text_defines_names_its_body_later(parse):
    """The name is read back from its bracket, across names and brackets that come before it."""
    res = parse(
        "Recalling the Lakeland Peace Accord (LPA) and welcoming the work of the\n"
        "United Nations Support Office for Lakeland (UNSOL),\n"
        "1. Requests UNSOL to report to the Council on its work;\n"
        "2. Urges the parties to the LPA to cooperate with the Office;"
    )
    assert [(o.paragraph, o.addressees) for o in res.obligations] == [
        ("1", ["United Nations Support Office for Lakeland"]),
        ("2", ["parties to the LPA"]),
    ]
