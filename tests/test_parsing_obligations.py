"""Obligations: one per subparagraph under a "To ..." chapeau, kinds, and the contract."""
from datetime import date


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
    }]


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
