"""The document: symbol, title, session, adoption, clean-up of Word and PDF debris."""
from datetime import date

import pytest

from resolutions.parsing import ParseError, parse_resolution
from resolutions.parsing.footnotes import MarkerReader

from .conftest import resolution_text


def test_reads_symbol_title_session_and_adoption(parse):
    res = parse(
        """
        Recalling its earlier resolutions,
        1. Requests the Secretary-General to report on the matter;
        """,
        symbol="72/150",
        title="The right to education",
        adopted="19 December 2017",
        meeting="73rd",
    )
    assert res.symbol == "A/RES/72/150"
    assert res.title == "The right to education"
    assert res.session == 72
    assert res.adopted == date(2017, 12, 19)
    assert res.meeting == "73rd plenary meeting"


def test_symbol_from_ods_marker_wins_when_title_line_has_none():
    text = (
        "Protection of migrants\n\nThe General Assembly,\nNoting with concern the situation,\n"
        "1. Urges States to protect migrants;\n\n65th plenary meeting\n18 December 2014\n"
        "<<ODS DOC SYMBOL1>>A/RES/69/167<<ODS DOC SYMBOL1>>\n"
    )
    res = parse_resolution(text)
    assert res.symbol == "A/RES/69/167"
    assert res.session == 69


def test_title_without_a_numbered_title_line():
    text = (
        "A/RES/74/150\nGeneral Assembly\nSeventy-fourth session\nAgenda item 72 (b)\n\n"
        "Resolution adopted by the General Assembly on 18 December 2019\n\nThe right to food\n\n"
        "The General Assembly,\nReaffirming the Declaration,\n1. Urges States to act;\n\n"
        "50th plenary meeting\n18 December 2019\n"
    )
    res = parse_resolution(text)
    assert (res.symbol, res.title, res.session) == ("A/RES/74/150", "The right to food", 74)


def test_special_session_and_roman_numeral_symbols():
    special = parse_resolution(resolution_text("1. Decides to convene a meeting;", symbol="S-26/2"))
    assert special.symbol == "A/RES/S-26/2"
    old = parse_resolution(resolution_text("1. Requests the Secretary-General to act;", symbol="2719 (XXV)"))
    assert old.symbol == "A/RES/2719 (XXV)"
    assert old.session == 25


def test_agenda_item_and_committee_report_from_the_head():
    text = (
        "Seventy-first session\nAgenda item 68 (b)\n\n"
        "Resolution adopted by the General Assembly on 19 December 2016\n"
        "[on the report of the Third Committee (A/71/484/Add.2)]\n"
        "71/200. Human rights and extreme poverty\n\nThe General Assembly,\n"
        "Reaffirming the Universal Declaration,\n1. Invites States to act;\n\n65th plenary meeting\n19 December 2016\n"
    )
    res = parse_resolution(text)
    assert res.agenda_item == "68 (b)"
    assert res.committee_report == "A/71/484/Add.2"


def test_counts_preambular_and_operative_paragraphs_word_style(parse):
    res = parse(
        """
        \tRecalling its resolution 69/100,
        \tDeeply concerned by the persistence of poverty,
        \tMindful of the need for action,
        \t1.\tReaffirms its commitment;
        \t2.\tCalls upon States to act;
        \t3.\tRequests the Secretary-General to report;
        """
    )
    assert len(res.preambular) == 3
    assert [p.number for p in res.operative] == ["1", "2", "3"]


def test_pdf_text_page_break_and_footnote_block_inside_a_paragraph():
    text = """ 75/99. Oceans and the law of the sea

The General Assembly,

Recalling the United Nations Convention on the Law of the Sea,1 which sets
out the legal framework,

1. Calls upon States to become parties to the Agreement2 and to implement
it fully, in particular by strengthening

20-17800 2/6
A/RES/75/99 Oceans and the law of the sea

__________________
1 United Nations, Treaty Series, vol. 1833,
No. 31363.
2 A/CONF.164/37.
 their capacities in marine science;

2. Requests the Secretary-General to report annually.

48th plenary meeting
8 December 2020
"""
    res = parse_resolution(text)
    first = res.operative[0].text
    assert first.endswith("by strengthening their capacities in marine science;")
    assert "20-17800" not in first and "A/RES/75/99" not in first
    assert res.footnotes["1"].text == "United Nations, Treaty Series, vol. 1833, No. 31363."
    assert res.footnotes["2"].symbols == ["A/CONF.164/37"]
    assert len(res.preambular) == 1
    assert res.operative[1].number == "2"


def test_word_export_debris_after_the_notes_is_dropped():
    text = resolution_text("\tNoting the report,1\n\t1.\tRequests the Secretary-General to report;") + (
        "1 A/70/5.\n[DU1]<<ODS JOB NO>>N1544444E<<ODS JOB NO>>\n"
        "<<ODS DOC SYMBOL1>>A/RES/70/123<<ODS DOC SYMBOL1>>\n_______________\n\n3\n\n"
        "United NationsA/RES/70/123General AssemblyDistr.: General\n15-44444\n\nA/RES/70/123\n"
    )
    res = parse_resolution(text)
    assert res.footnotes["1"].text == "A/70/5."
    assert len(res.operative) == 1
    assert "ODS" not in res.operative[0].text


def test_paragraph_split_by_blank_line_rejoins_when_next_starts_in_lower_case():
    res = parse_resolution(resolution_text(
        "Recalling its resolution 70/1 of 25 September 2015,\n\nin which it adopted the 2030 Agenda,\n\n"
        "1. Encourages Member States to act;"
    ))
    assert len(res.preambular) == 1
    assert res.preambular[0].text.endswith("in which it adopted the 2030 Agenda,")


def test_text_pasted_from_a_web_page_on_one_line():
    text = (
        "Resolution adopted by the General Assembly on 20 December 2012 67/190. Strengthening cooperation "
        "The General Assembly, Recalling its resolution 66/181, Convinced of the need for cooperation, "
        "1. Takes note of the report of the Secretary-General; 2. Requests the Office to assist States; "
        "3. Urges Member States to cooperate; 4. Requests the Secretary-General to report at its "
        "sixty-eighth session. 60th plenary meeting 20 December 2012"
    )
    res = parse_resolution(text)
    assert res.symbol == "A/RES/67/190"
    assert res.title == "Strengthening cooperation"
    assert len(res.preambular) == 2
    assert [p.number for p in res.operative] == ["1", "2", "3", "4"]
    assert res.adopted == date(2012, 12, 20)


def test_sections_with_roman_numerals_and_headings():
    res = parse_resolution(resolution_text(
        "Recalling its resolutions,\n\nI\n\nPrevention and early action\n\n"
        "1. Urges States to prevent violence;\n\n2. Invites States to share information;\n\n"
        "II\n\nFollow-up\nand reporting\n\n3. Requests the Secretary-General to report;"
    ))
    assert [(s.number, s.title, s.first) for s in res.sections] == [
        ("I", "Prevention and early action", "1"),
        ("II", "Follow-up and reporting", "3"),
    ]
    assert [p.section for p in res.operative] == ["I", "I", "II"]


def test_subparagraphs_and_nested_roman_items(parse):
    res = parse(
        """
        1. Requests the Secretary-General to continue:
        (a) To support States;
        (b) To include in the report:
        (i) Information on trends;
        (ii) Recommendations;
        (c) To report annually;
        """
    )
    para = res.operative[0]
    assert [s.letter for s in para.subparagraphs] == ["a", "b", "c"]
    assert "(i) Information on trends; (ii) Recommendations;" in para.subparagraphs[1].text


def test_numbering_that_skips_is_kept_and_reported(parse):
    res = parse("1. Urges States to act;\n3. Invites States to report;")
    assert [p.number for p in res.operative] == ["1", "3"]
    assert any("skips" in w for w in res.warnings)


@pytest.mark.parametrize("text, reason", [
    ("", "empty"),
    ("   \n\t\n", "empty"),
    ("\x00\x01binary\x00stuff", "binary"),
    ("Minutes of the meeting\nThe meeting was called to order at 10 a.m.\n", "does not read as a resolution"),
])
def test_what_is_not_a_resolution_gets_a_clear_error(text, reason):
    with pytest.raises(ParseError, match=reason):
        parse_resolution(text)


def test_footnote_markers_are_tied_to_notes_and_removed_from_text():
    text = resolution_text(
        "\tRecalling the Declaration,1 the Programme of Action2 and the Convention of 19893 on the matter,\n"
        "\t1.\tUrges States parties to the Convention, 4 the Protocol and the Agreement of 20015 to act;"
    ) + "1 Resolution 55/2.\n2 A/CONF.177/20.\n3 Resolution 44/25.\n4 A/54/1.\n5 A/55/383.\n"
    res = parse_resolution(text)
    assert res.preambular[0].text == (
        "Recalling the Declaration, the Programme of Action and the Convention of 1989 on the matter,"
    )
    assert [m[0] for m in res.preambular[0].footnote_markers] == ["1", "2", "3"]
    assert "Agreement of 2001 to act" in res.operative[0].text
    assert [m[0] for m in res.operative[0].footnote_markers] == ["4", "5"]


def test_superscript_markers():
    text = resolution_text("\tRecalling the Declaration¹ and the Programme,²\n\t1.\tUrges States to act;") + (
        "1 Resolution 55/2.\n2 A/CONF.177/20.\n")
    res = parse_resolution(text)
    assert res.preambular[0].text == "Recalling the Declaration and the Programme,"
    assert [m[0] for m in res.preambular[0].footnote_markers] == ["1", "2"]


def test_numbers_in_text_are_not_taken_for_markers():
    text = resolution_text(
        "\t1.\tRecalls paragraphs 5, 6 and 7 of its resolution 60/1;\n\t2.\tRequests the Secretary-General to report;"
    ) + "6 A/60/1.\n"
    res = parse_resolution(text)
    assert res.operative[0].text == "Recalls paragraphs 5, 6 and 7 of its resolution 60/1;"


@pytest.mark.parametrize("text, markers", [
    ("Recalls paragraphs 12, 2 and 3", []),  # a list of numbers
    ("Recalls paragraphs 12 ,; 2 and 3", []),
    ("Recalls its resolution 1325, 2 and", ["2"]),  # four digits: a year or a resolution, then a marker
    ("Recalls item 7b, 2 and", ["2"]),
    ("Recalls the Convention, 2 and", ["2"]),
])
def test_a_spaced_marker_is_not_the_next_number_of_a_list(text, markers):
    assert [number for number, _ in MarkerReader({"2": "A/60/2."}).strip(text)[1]] == markers


def test_noted_reports_come_from_the_notes_of_reports_taken_note_of():
    text = resolution_text(
        "\tWelcoming the report of the Special Rapporteur,1\n"
        "\tRecalling the Convention,2\n"
        "\t1.\tTakes note with appreciation of the report of the Secretary-General on the question;3\n"
        "\t2.\tWelcomes the adoption of resolution 29/1 of the Council,4 and requests the Secretary-General to report;"
    ) + "1 A/71/280.\n2 A/54/1.\n3 A/71/300 and Corr.1.\n4 See A/HRC/29/2.\n"
    res = parse_resolution(text)
    assert res.noted_reports == ["A/71/280", "A/71/300"]


def test_a_resolution_whose_only_operative_paragraph_is_unnumbered(parse):
    res = parse("""Noting the work of the Committee,

Decides to include in the provisional agenda of its seventy-second session the item entitled "Oceans".""")
    assert [(p.kind, p.number) for p in res.paragraphs] == [("preambular", ""), ("operative", "1")]
    assert res.obligations[0].paragraph == "1" and res.obligations[0].kind == "agenda"


def test_lettered_sections_that_number_anew_are_labelled_by_letter(parse):
    res = parse("""Recalling its earlier work,

1. Takes note of the report;

2. Requests the Secretary-General to act;

Conditions of service

A

Salaries

Recalling its decision on salaries,

Approves the revised scale;

B

Allowances

1. Notes the review;

2. Requests the Commission on the Status of Women to report on it;""")
    assert [p.number for p in res.operative] == ["1", "2", "A.1", "B.1", "B.2"]
    assert len(res.preambular) == 2  # the section's own preamble; the heading is no paragraph
    assert res.obligations[-1].paragraph == "B.2"


@pytest.mark.parametrize("voice", ["", "The Economic and Social Council,\n\n"])
def test_the_first_part_is_lettered_once_a_later_part_numbers_anew(parse, voice):
    """Part A's paragraphs come before anything says the parts number anew: "A.2", not "2"."""
    res = parse(f"""Recalling its resolutions on transport,

A

Transport of goods

{voice}Noting the growing trade,

1. Welcomes the work of the Committee;

2. Invites all Governments to transmit their comments to the secretariat;

B

Labelling of chemicals

{voice}Aware of the need for safety,

1. Commends the Committee;

2. Requests the Secretary-General to report to the Council at its 2031 session;""")
    assert [p.number for p in res.operative] == ["A.1", "A.2", "B.1", "B.2"]
    assert [o.paragraph for o in res.obligations] == ["A.2", "B.2"]


def test_lettered_sections_that_number_on_keep_plain_numbers(parse):
    res = parse("""Recalling its work,

A

Budget

1. Takes note of the report;

B

Staff

2. Notes the survey;""")
    assert [p.number for p in res.operative] == ["1", "2"]


def test_roman_sections_that_number_anew_keep_plain_numbers(parse):
    res = parse("""Recalling its work,

I

Budget

1. Takes note of the report;

2. Approves the budget;

II

Staff

1. Notes the survey;""")
    assert [(p.number, p.section) for p in res.operative] == [("1", "I"), ("2", "I"), ("1", "II")]


def test_a_resolution_in_parts_reads_every_part():
    text = """Resolution adopted by the General Assembly on 6 December 2031

86/50.\tQuestions of a kind

A

The first part

The General Assembly,

Noting the report,

Urges all States:

(a) To cooperate;

(b) To share information;

70th plenary meeting
6 December 2031

B

The second part

The General Assembly,

Recalling part A,

1. Notes the efforts;

2. Requests the Secretary-General to report to it at its eighty-seventh session;

70th plenary meeting
6 December 2031
"""
    res = parse_resolution(text)
    assert [p.number for p in res.operative] == ["A.1", "B.1", "B.2"]
    assert [o.paragraph for o in res.obligations] == ["A.1(a)", "A.1(b)", "B.2"]
    assert res.obligations[-1].due.isoformat() == "2032-09-07"


@pytest.mark.parametrize("closing", ["Adopted at the 310th meeting.27", "Adopted unanimously at the 1102nd meeting.",
                                     "Adopted at the 311th meeting by 8 votes to none, with 3 abstentions."])
def test_an_old_volumes_adoption_line_closes_the_resolution(closing):
    text = f"""50 (1948). Resolution of 29 May 1948

The Security Council,

1. Calls upon all Governments to take all possible steps to assist in the implementation of this resolution.

{closing}

Decision

At its 311th meeting, on 2 June 1948, the Council decided to authorize the Mediator to set the date.

53 (1948). Resolution of 7 July 1948
"""
    res = parse_resolution(text)
    assert res.obligations[0].action == "to take all possible steps to assist in the implementation of this resolution"
    assert res.meeting.endswith("meeting") and res.meeting[0].isdigit()


def test_a_paragraph_that_opens_on_its_first_subparagraph_is_still_operative(parse):
    res = parse("""1. Takes note of the report;

2.\t(a)\tExpresses concern about violations against children, demands all parties to end them;

(b)\tcalls upon the Government to implement the Convention;

3. Decides to remain seized of the matter.""")
    assert [p.number for p in res.operative] == ["1", "2", "3"]
    assert [(o.paragraph, o.verb) for o in res.obligations] == [("2(a)", "demands"), ("2(b)", "calls upon")]


def test_a_page_that_begins_with_the_tail_of_the_previous_resolution():
    text = """General Assembly—Ninetieth Session
7. Requests the Secretary-General to report on the earlier matter;
8. Decides to remain seized of the matter.
60th plenary meeting
1 December 2035
90/12. Questions of a kind
The General Assembly.
Recalling its earlier work,
1. Urges all States to cooperate;
61st plenary meeting
2 December 2035
90/13. The next resolution
The General Assembly,
1. Notes the next matter;
"""
    res = parse_resolution(text)
    assert (res.symbol, res.adopted.isoformat()) == ("A/RES/90/12", "2035-12-02")
    assert [(o.paragraph, o.verb) for o in res.obligations] == [("1", "urges")]


def test_emphasis_marks_of_copied_text_are_no_part_of_the_words(parse):
    res = parse("_Recalling_ its work,\n\n1. _Takes note_ of the report;\n\n2. **Requests** the Secretary-General to act;")
    assert [c.verb for c in res.clauses] == ["takes note", "requests"]
    assert len(res.preambular) == 1


def test_a_reiterated_call_is_written_reiterates_and_asks_as_a_call(parse):
    res = parse("1. Reiterates its call upon States to ratify the Convention;\n\n2. Deeply regrets the delay;")
    assert [(c.verb, c.asking_verb) for c in res.clauses] == [("reiterates", "calls upon"), ("regrets", "regrets")]
    assert [(o.verb, o.addressees) for o in res.obligations] == [("calls upon", ["Member States"])]


def test_notes_at_the_end_without_a_rule_markers_after_a_year_and_mid_sentence_and_a_note_over_lines():
    text = resolution_text(
        "Recalling the Convention adopted in 2019,1 and the Declaration2 of that year,\n\n"
        "1. Takes note of the report of the Secretary-General,3 and requests him to act;",
    ) + "\n1 Resolution 73/1.\n2 A/71/100.\n3 A/71/200, annex, prepared\n    with the help of experts.\n"
    res = parse_resolution(text)
    assert {n: f.text for n, f in res.footnotes.items()} == {
        "1": "Resolution 73/1.", "2": "A/71/100.", "3": "A/71/200, annex, prepared with the help of experts."}
    assert res.preambular[0].text == "Recalling the Convention adopted in 2019, and the Declaration of that year,"
    assert res.noted_reports == ["A/71/200"]


def test_an_unnumbered_heading_before_the_first_operative_paragraph_is_no_preambular_paragraph(parse):
    res = parse("Recalling its work,\n\nNoting the report,\n\nGeneral considerations\n\n1. Urges States to act;")
    assert len(res.preambular) == 2 and res.operative[0].text == "Urges States to act;"


def test_the_preamble_recalls_only_its_own_earlier_resolutions(parse):
    res = parse("""
        Recalling its resolutions 62/176 of 18 December 2007 and 63/197,
        Recalling also (its resolution 68/5), and bearing in mind habits resolutions 60/1,
        1. Decides to remain seized of the matter.
        """)
    assert res.recalls == ["A/RES/62/176", "A/RES/63/197", "A/RES/68/5"]


@pytest.mark.parametrize("text", ["", " ", "Requests the Office", " Requests", "Requests ", "Requests  the Office",
                                  "Requests\tthe Office", "Requests\u00a0the Office", "Requests\u2028the Office",
                                  "Requests\nthe Office", "Requests\u3000the Office"])
def test_a_text_is_single_spaced_as_split_and_joined(text):
    from resolutions.parsing.words import single_spaced

    assert single_spaced(text) == " ".join(text.split())
