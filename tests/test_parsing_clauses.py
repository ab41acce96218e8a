"""Clauses: verbs, their classes, several clauses to a paragraph, addressees, anaphora."""
import pytest


def clauses_of(res, number):
    return [(c.verb, c.verb_class, c.addressees) for c in res.clauses if c.paragraph == number]


@pytest.mark.parametrize("opening, verb, verb_class", [
    ("Requests the Secretary-General to act;", "requests", "directive"),
    ("Also requests the Secretary-General to act;", "requests", "directive"),
    ("Requests further the Secretary-General to act;", "requests", "directive"),
    ("Authorizes the Secretary-General to act;", "authorizes", "directive"),
    ("Strongly urges States to act;", "urges", "exhortative"),
    ("Once again calls upon States to act;", "calls upon", "exhortative"),
    ("Calls on States to act;", "calls upon", "exhortative"),
    ("Calls once again upon States to act;", "calls upon", "exhortative"),
    ("Takes note also of the report;", "takes note", "declaratory"),
    ("Appeals to States to act;", "appeals to", "exhortative"),
    ("Demands that all parties cease hostilities;", "demands", "exhortative"),
    ("Invites States to act;", "invites", "recommendatory"),
    ("Further encourages States to act;", "encourages", "recommendatory"),
    ("Recommends that States act;", "recommends", "recommendatory"),
    ("Reaffirms its commitment;", "reaffirms", "declaratory"),
    ("Takes note with appreciation of the report;", "takes note", "declaratory"),
    ("Expresses deep concern at the situation;", "expresses", "declaratory"),
    ("Condemns all acts of violence;", "condemns", "declaratory"),
    ("Looks forward to the conference;", "looks forward to", "declaratory"),
])
def test_verb_and_its_class(parse, opening, verb, verb_class):
    res = parse(f"1. {opening}")
    assert res.clauses[0].verb == verb
    assert res.clauses[0].verb_class == verb_class


def test_declaratory_clauses_give_no_obligation(parse):
    res = parse("1. Welcomes the efforts of States;\n2. Stresses the need for cooperation;")
    assert res.obligations == []


def test_reiterated_call_asks_as_a_call_does(parse):
    res = parse("1. Reiterates its call upon all States to ratify the Convention;")
    assert [(o.verb, o.addressees) for o in res.obligations] == [("calls upon", ["Member States"])]


def test_paragraph_of_several_clauses(parse):
    res = parse(
        "1. Notes that the Human Rights Council needs resources, encourages it to continue its work, "
        "urges Member States to provide funding to the Council, emphasizes the need for coordination, "
        "and calls for enhanced cooperation;"
    )
    assert clauses_of(res, "1") == [
        ("notes", "declaratory", []),
        ("encourages", "recommendatory", ["Human Rights Council"]),
        ("urges", "exhortative", ["Member States"]),
        ("emphasizes", "declaratory", []),
        ("calls for", "exhortative", []),
    ]
    assert [(o.verb, o.addressees) for o in res.obligations] == [
        ("encourages", ["Human Rights Council"]),
        ("urges", ["Member States"]),
    ]


@pytest.mark.parametrize("paragraph, verbs", [
    ("Welcomes the report, requests the Secretary-General to act;", ["welcomes", "requests"]),
    ("Welcomes the report; requests the Secretary-General to act;", ["welcomes", "requests"]),
    ("Welcomes the report, and requests the Secretary-General to act;", ["welcomes", "requests"]),
    ("Welcomes the report; and, further, requests the Secretary-General to act;", ["welcomes", "requests"]),
    ("Welcomes the report and requests the Secretary-General to act;", ["welcomes", "requests"]),
    ("Welcomes the report\nand requests the Secretary-General to act;", ["welcomes", "requests"]),
    ("Notes that Thailand requests assistance;", ["notes"]),  # "and" inside a word starts nothing
    ("Notes the report and the requests of States;", ["notes"]),
])
def test_a_clause_starts_after_a_comma_a_semicolon_or_and(parse, paragraph, verbs):
    res = parse(f"1. {paragraph}")
    assert [c.verb for c in res.clauses] == verbs


def test_shared_action_across_coordinated_clauses(parse):
    res = parse(
        "1. Calls upon the relevant United Nations entities and regional organizations, and invites "
        "the World Bank, to support national plans, and calls upon UNICEF to lead the effort;"
    )
    assert [(o.verb, o.addressees, o.action) for o in res.obligations] == [
        ("calls upon", ["United Nations system", "regional organizations"], "to support national plans"),
        ("invites", ["World Bank"], "to support national plans"),
        ("calls upon", ["United Nations Children's Fund"], "to lead the effort"),
    ]


def test_parentheticals_are_not_addressees(parse):
    res = parse(
        "1. Requests the Secretary-General, in consultation with Member States and within existing resources, "
        "to prepare a study;\n"
        "2. Encourages the Human Rights Council, as the body responsible for the promotion of human rights "
        "and in cooperation with the Office of the United Nations High Commissioner for Human Rights, and "
        "the Commission on the Status of Women to work together;"
    )
    assert res.obligations[0].addressees == ["Secretary-General"]
    assert res.obligations[1].addressees == ["Human Rights Council", "Commission on the Status of Women"]


def test_groups_fold_to_their_canonical_names(parse):
    res = parse(
        "1. Urges States that have not yet done so to ratify the Convention;\n"
        "2. Calls upon all Governments and civil society organizations to cooperate;\n"
        "3. Invites States parties, as well as non-governmental organizations, to take part;"
    )
    assert [o.addressees for o in res.obligations] == [
        ["Member States"],
        ["Member States", "civil society"],
        ["Member States", "non-governmental organizations"],
    ]


def test_unknown_bodies_are_named_as_the_text_names_them(parse):
    res = parse(
        "1. Invites the Special Rapporteur on the right to food to continue the work;\n"
        "2. Calls upon the Government of Myanmar to cooperate;\n"
        "3. Encourages organizations with expertise in mine clearance to assist;"
    )
    assert [o.addressees for o in res.obligations] == [
        ["Special Rapporteur on the right to food"],
        ["Government of Myanmar"],
        ["organizations with expertise in mine clearance"],
    ]


def test_anaphora_resolve_to_the_last_body_of_their_kind(parse):
    res = parse(
        "Welcoming the work of the Office of the United Nations High Commissioner for Human Rights,\n"
        "1. Requests the Office to assist States;\n"
        "2. Commends the United Nations Office on Drugs and Crime and urges the Office to continue;\n"
        "3. Invites the Special Rapporteur on adequate housing to report, and requests the Special Rapporteur "
        "to include a gender perspective;"
    )
    assert [o.addressees for o in res.obligations] == [
        ["Office of the United Nations High Commissioner for Human Rights"],
        ["United Nations Office on Drugs and Crime"],
        ["Special Rapporteur on adequate housing"],
        ["Special Rapporteur on adequate housing"],
    ]


def test_bodies_named_by_acronym_or_by_their_kind(parse):
    res = parse(
        "1. Invites UNCTAD and UNIDO to cooperate;\n"
        "2. Requests the Department of Peace Operations to brief Member States;\n"
        "3. Invites Member States and observers to take part;"
    )
    assert [o.addressees for o in res.obligations] == [
        ["United Nations Conference on Trade and Development", "United Nations Industrial Development Organization"],
        ["Department of Peace Operations"],
        ["Member States", "observers"],
    ]


def test_acronyms_and_qualifiers(parse):
    res = parse(
        "1. Requests UNODC and WHO to cooperate;\n"
        "2. Encourages the Executive Director of the United Nations Office on Drugs and Crime to report;\n"
        "3. Invites the Chair of the Commission on Narcotic Drugs to brief Member States;"
    )
    assert [o.addressees for o in res.obligations] == [
        ["United Nations Office on Drugs and Crime", "World Health Organization"],
        ["Executive Director of the United Nations Office on Drugs and Crime"],
        ["Chair of the Commission on Narcotic Drugs"],
    ]


def test_decides_binds_the_assembly_and_that_clauses_their_subject(parse):
    res = parse(
        "1. Decides to include in the provisional agenda of its seventy-second session the item;\n"
        "2. Recommends that Member States adopt national plans;\n"
        "3. Decides that the fund shall be administered jointly;"
    )
    assert [(o.paragraph, o.verb, o.addressees) for o in res.obligations] == [
        ("1", "decides", ["General Assembly"]),
        ("2", "recommends", ["Member States"]),
    ]


def test_declaration_in_the_first_person_plural():
    from resolutions.parsing import parse_resolution

    text = (
        "73/2. Political declaration on tuberculosis\n\nThe General Assembly,\nAdopts the following declaration:\n"
        "We, Heads of State and Government, assembled at the United Nations,\n"
        "1. Reaffirm our commitment to end the epidemic;\n"
        "2. Commit to provide access to treatment by 2022;\n"
        "3. Request the Secretary-General to submit a progress report in 2020;\n\n"
        "17th plenary meeting\n10 October 2018\n"
    )
    res = parse_resolution(text)
    assert res.plural_voice
    assert [(o.paragraph, o.verb, o.verb_class, o.addressees) for o in res.obligations] == [
        ("2", "commits", "commissive", ["Member States"]),
        ("3", "requests", "directive", ["Secretary-General"]),
    ]


def test_declaration_annexed_after_the_closing_lines():
    from resolutions.parsing import parse_resolution

    text = (
        "73/2. Political declaration on tuberculosis\n\nThe General Assembly,\n\n"
        "Adopts the following political declaration:\n\n17th plenary meeting\n10 October 2018\n\n"
        "Annex\n\nPolitical declaration on tuberculosis\n\n"
        "We, Heads of State and Government, assembled at the United Nations,\n\n"
        "1. Reaffirm our commitment;1\n\n2. Request the Secretary-General to report in 2020;\n\n"
        "_______________\n1 Resolution 70/1.\n"
    )
    res = parse_resolution(text)
    assert res.adopted.isoformat() == "2018-10-10"
    # The resolution's one unnumbered paragraph ("Adopts ..."), then the declaration's own numbering.
    assert [(p.number, p.text.split()[0]) for p in res.operative] == [("1", "Adopts"), ("1", "Reaffirm"), ("2", "Request")]
    assert [(o.paragraph, o.addressees) for o in res.obligations] == [("2", ["Secretary-General"])]
    assert res.footnotes["1"].text == "Resolution 70/1."


def test_names_the_text_gives_are_antecedents_of_their_short_forms(parse):
    res = parse("""Noting the work of the Intergovernmental Working Group on Coastal Fisheries,

Welcoming the report of the International Sample Service Board,

1. Requests the Board to review its methods;

2. Invites the Working Group and its members to share their findings with the Board;""")
    assert [(o.paragraph, o.addressees) for o in res.obligations] == [
        ("1", ["International Sample Service Board"]),
        ("2", ["Intergovernmental Working Group on Coastal Fisheries",
               "members of the Intergovernmental Working Group on Coastal Fisheries"]),
    ]


def test_an_acronym_the_text_defines_names_its_body(parse):
    res = parse("""Welcoming the deployment of the United Nations Verification Mission in Atlantis (UNVMA),

1. Requests UNVMA to support the parties;""")
    assert res.obligations[0].addressees == ["United Nations Verification Mission in Atlantis"]


def test_a_title_of_a_known_actor_is_one_addressee(parse):
    res = parse("1. Requests that the Special Representative of the Secretary-General continue to advise;")
    assert res.obligations[0].addressees == ["Special Representative of the Secretary-General"]


def test_members_of_a_body_named_just_after(parse):
    res = parse("""Recalling the establishment of the Inter-Agency Task Force on Clean Water,

1. Calls upon members of the Task Force to pool their resources;""")
    assert res.obligations[0].addressees == ["members of the Inter-Agency Task Force on Clean Water"]


@pytest.mark.parametrize("paragraph, addressees", [
    ("1. Recommends the guidelines to all Governments for their consideration;", ["Member States"]),
    ("1. Encourages increased contributions by donor countries to the Fund;", ["donor countries"]),
    ("1. Appeals urgently to all States to contribute;", ["Member States"]),
    ("1. Invites Member States, the United Nations and civil society to participate;",
     ["Member States", "United Nations", "civil society"]),
    ("1. Urges the member organizations of the United Nations common system to cooperate;",
     ["member organizations of the United Nations common system"]),
    ("1. Requests States to take the work of the Tribunal into account;", ["Member States"]),
    ("1. Decides that the review conference shall be convened in 2027;", ["General Assembly"]),
    ("1. Decides that all States shall freeze the funds of the persons listed;", ["Member States"]),
])
def test_who_is_asked_whatever_the_grammar(parse, paragraph, addressees):
    assert parse(paragraph).obligations[0].addressees == addressees


def test_the_object_of_a_listed_task_is_no_addressee(parse):
    res = parse("1. Calls upon States parties:\n(a) To ratify the Protocol;\n(b) To notify the Committee of their measures;")
    assert [(o.paragraph, o.addressees) for o in res.obligations] == [("1(a)", ["Member States"]), ("1(b)", ["Member States"])]


def test_a_verb_inside_a_subparagraph_or_after_an_adverb_is_a_clause_of_its_own(parse):
    res = parse("1. Requests the Office:\n(a) To strengthen its work;\n"
                "(b) To continue its efforts, and in that context invites the Department of Economic and Social "
                "Affairs to assist;\n\n2. Notes the report, and in particular urges Member States to act;")
    assert [(o.paragraph, o.verb, o.addressees) for o in res.obligations] == [
        ("1(a)", "requests", ["Office"]),
        ("1(b)", "requests", ["Office"]),
        ("1(b)", "invites", ["Department of Economic and Social Affairs"]),
        ("2", "urges", ["Member States"]),
    ]
    assert res.obligations[1].action == "to continue its efforts"


def test_parties_to_do_something_are_addressed(parse):
    res = parse("1. Requests all parties to cooperate fully with the Independent Expert;\n\n"
                "2. Urges States parties to the Convention to withdraw their reservations;")
    assert [(o.addressees, o.action) for o in res.obligations] == [
        (["all parties"], "to cooperate fully with the Independent Expert"),
        (["Member States"], "to withdraw their reservations"),
    ]


def test_a_renewed_call_for_something_names_no_addressee(parse):
    res = parse("1. Reiterates its call for an immediate end to all violations;")
    assert [(c.verb, c.asking_verb) for c in res.clauses] == [("reiterates", "calls for")]
    assert res.obligations == []


def test_the_united_nations_at_the_start_of_a_longer_name_is_not_addressed_alone(parse):
    res = parse("1. Invites the entities of the United Nations Global Compact on Tides to participate;")
    assert res.obligations[0].addressees == ["entities of the United Nations Global Compact on Tides"]


@pytest.mark.parametrize("rest, addressees, action", [
    ("the Secretary-General, in consultation with States, to submit a report", "the Secretary-General",
     "to submit a report"),
    ("the Office (the United Nations Office, in Vienna), to continue its work",
     "the Office (the United Nations Office, in Vienna)", "to continue its work"),
    ("the Secretary-General to submit a report, in consultation with States", "the Secretary-General",
     "to submit a report, in consultation with States"),
    ("the Secretary-General, with the support of the Office", "the Secretary-General", ""),
])
def test_addressees_end_at_the_infinitive_and_a_comma_in_brackets_divides_nothing(rest, addressees, action):
    from resolutions.parsing.clauses import split_addressee_and_action

    found, its_action = split_addressee_and_action("requests", rest)
    assert (found.strip(), its_action) == (addressees, action)


def test_a_noted_text_is_read_for_names_only_when_a_look_back_reaches_it(monkeypatch):
    """Noting keeps the text; "the Office" then reads back from the newest text and stops at
    the first that names an office, so older texts are never read for registry names, and
    a text with no word of an office's name is passed over unread."""
    from resolutions.parsing import actors

    read = []
    known_mentions = actors.known_mentions
    monkeypatch.setattr(actors, "known_mentions", lambda text: read.append(text) or known_mentions(text))
    antecedents = actors.Antecedents()
    antecedents.note("Recalling the work of the United Nations Office on Drugs and Crime,")
    antecedents.note("Welcoming the work of the Office of the United Nations High Commissioner for Human Rights,")
    antecedents.note("Noting the importance of cooperation among States,")
    assert read == []
    assert antecedents.resolve("the Office") == "Office of the United Nations High Commissioner for Human Rights"
    assert read == ["Welcoming the work of the Office of the United Nations High Commissioner for Human Rights,"]
    antecedents.note("Commends the United Nations Office on Drugs and Crime,")
    assert antecedents.resolve("the Office") == "United Nations Office on Drugs and Crime"
    assert antecedents.resolve("it") == "United Nations Office on Drugs and Crime"
    assert len(read) == 2  # what was read once is kept, in its place
    assert antecedents.resolve("the Board") is None  # no board named: every text passed over, none read
    assert len(read) == 2


@pytest.mark.parametrize("noted", [
    "Welcoming the work of the Office of the United Nations High\nCommissioner for Human Rights,",
    "Welcoming the work of OHCHR,",
    "WELCOMING THE WORK OF THE OFFICE OF THE UNITED NATIONS HIGH COMMISSIONER FOR HUMAN RIGHTS,",
])
def test_a_short_form_finds_its_body_however_the_name_was_spaced_cased_or_shortened(noted):
    from resolutions.parsing.actors import Antecedents

    antecedents = Antecedents()
    antecedents.note(noted)
    antecedents.note("Noting the importance of cooperation among States,")
    assert antecedents.resolve("the Office") == "Office of the United Nations High Commissioner for Human Rights"
