"""Addressees by their full names: names with commas, short forms the text defines, and
the parties a text names that no registry holds."""
import pytest

from resolutions.parsing import parse_resolution

from .test_parsing_bodies import GENEVA

FIRST_PARAGRAPH = "1. Decides to consider the question at its sixty-third session;"


def geneva(paragraphs: str):
    return parse_resolution(GENEVA.replace(FIRST_PARAGRAPH, paragraphs))


def addressees(res) -> list[tuple[str, list[str]]]:
    return [(o.paragraph, o.addressees) for o in res.obligations]


@pytest.mark.parametrize("name", [
    "Special Rapporteur on torture and other cruel, inhuman or degrading treatment or punishment",
    "Special Rapporteur on contemporary forms of racism, racial discrimination, xenophobia and related intolerance",
    "Special Rapporteur on violence against women and girls, its causes and consequences",
    "Special Rapporteur on extrajudicial, summary or arbitrary executions",
    "Independent Expert on the promotion of a democratic, equitable and sustainable order",
])
def test_a_mandate_named_for_a_list_keeps_its_commas(name):
    res = geneva(f"1. Decides to extend for a period of three years the mandate of the {name}, whose tasks "
                 f"will include gathering information;\n"
                 f"2. Requests the {name} to report annually to the Human Rights Council;\n"
                 f"3. Also requests the Special Rapporteur to present an oral update at its sixty-fourth session;")
    holder = name if name.startswith("Special") else None
    assert addressees(res)[1:] == [("2", [name]), ("3", [holder] if holder else res.obligations[2].addressees)]
    assert res.obligations[0].kind == "mandate"


@pytest.mark.parametrize("phrase, expected", [
    ("the Special Rapporteur on the right to food, civil society and the private sector",
     ["Special Rapporteur on the right to food", "civil society", "private sector"]),
    ("the Working Group on the issue, civil society organizations and other stakeholders",
     ["Working Group on the issue", "civil society", "other stakeholders"]),
    ("the Special Rapporteur on the right to food and the Independent Expert on foreign debt",
     ["Special Rapporteur on the right to food", "Independent Expert on foreign debt"]),
])
def test_a_list_after_a_mandate_that_names_others_is_more_addressees(phrase, expected):
    res = geneva(f"1. Invites {phrase} to contribute to the work;")
    assert res.obligations[0].addressees == expected


def test_a_list_that_leads_on_to_a_participle_ends_before_it():
    res = geneva("1. Takes note of the reports of the Special Rapporteur on truth, justice and reparation "
                 "submitted to the Council at its forty-fifth session;\n"
                 "2. Requests the Special Rapporteur to report annually;")
    assert res.obligations[-1].addressees == ["Special Rapporteur on truth, justice and reparation"]


@pytest.mark.parametrize("phrase, expected", [
    ("all treaty bodies and international and regional human rights mechanisms",
     ["all treaty bodies", "international and regional human rights mechanisms"]),
    ("troop-contributing and police-contributing countries", ["troop-contributing and police-contributing countries"]),
    ("public and private financial institutions", ["public and private financial institutions"]),
    ("regional and subregional fisheries organizations and arrangements",
     ["regional and subregional fisheries organizations and arrangements"]),
    ("all relevant actors, including political and religious leaders", ["all relevant actors", "religious leaders"]),
    ("all stakeholders and concerned parties", ["all stakeholders", "concerned parties"]),
])
def test_words_coordinated_by_and_qualify_one_addressee(phrase, expected):
    assert geneva(f"1. Invites {phrase} to contribute to the work;").obligations[0].addressees == expected


def test_mechanisms_of_a_named_body_in_a_field_are_one_addressee():
    res = geneva("1. Requests all representatives and mechanisms of the United Nations in the field of human "
                 "rights to continue their work;")
    assert res.obligations[0].addressees == [
        "all representatives and mechanisms of the United Nations in the field of human rights"]


def test_a_short_form_is_the_full_name_the_text_gave_before():
    res = geneva("1. Decides to renew the mandate of the International Independent Expert Mechanism to Advance "
                 "Racial Justice in Policing until its sixty-sixth session;\n"
                 "2. Requests the three members of the Expert Mechanism to take part in country visits;\n"
                 "3. Requests the Expert Mechanism to present an annual report to the Council;")
    full = "International Independent Expert Mechanism to Advance Racial Justice in Policing"
    assert addressees(res)[1:] == [("2", [f"members of the {full}"]), ("3", [full])]


def test_special_procedure_mandate_holders_are_named_as_the_text_names_them():
    res = geneva("1. Invites special procedure mandate holders and relevant special procedures to pay attention;")
    assert res.obligations[0].addressees == ["special procedure mandate holders", "special procedures"]


@pytest.mark.parametrize("phrase, expected", [
    ("the administering Powers", ["administering Powers"]),
    ("all Governments and the regional commissions", ["Member States", "regional commissions"]),
    ("employers' organizations and trade unions", ["employers' organizations", "trade unions"]),
    ("the Special Committee on Decolonization",
     ["Special Committee on the Situation with regard to the Implementation of the Declaration on the Granting "
      "of Independence to Colonial Countries and Peoples"]),
])
def test_addressees_named_by_a_plural_head_or_known_to_the_registry(phrase, expected):
    assert geneva(f"1. Calls upon {phrase} to cooperate fully;").obligations[0].addressees == expected


@pytest.mark.parametrize("title, office", [
    ("Assistance to refugees, returnees and displaced persons in Africa",
     "Office of the United Nations High Commissioner for Refugees"),
    ("Situation of human rights in the country", "Office of the United Nations High Commissioner for Human Rights"),
])
def test_the_office_of_the_high_commissioner_is_the_one_the_title_speaks_of(parse, title, office):
    res = parse("Welcoming the cooperation of the Office of the United Nations High Commissioner for Refugees "
                "with the Office of the United Nations High Commissioner for Human Rights,\n"
                "1. Requests the Office of the High Commissioner to report on its work;", title=title)
    assert res.obligations[0].addressees == [office]


@pytest.mark.parametrize("text, committee", [
    (GENEVA, "Human Rights Council Advisory Committee"),
    (None, "Advisory Committee on Administrative and Budgetary Questions"),
])
def test_the_advisory_committee_is_the_one_that_serves_the_body_speaking(parse, text, committee):
    paragraph = "1. Requests the Advisory Committee to prepare a study;"
    res = parse_resolution(text.replace(FIRST_PARAGRAPH, paragraph)) if text else parse(paragraph)
    assert res.obligations[0].addressees == [committee]


def test_a_name_with_an_article_inside_is_read_whole(parse):
    name = "Ad Hoc Committee on the Elaboration of a Convention against Organized Crime"
    res = parse(f"Recalling the work of the {name},\n1. Requests the Ad Hoc Committee to finish its work;")
    assert res.obligations[0].addressees == [name]


def test_a_lower_case_body_keeps_its_full_name_in_later_mentions():
    res = geneva("1. Decides to establish an independent international fact-finding mission for the Republic of X;\n"
                 "2. Welcomes the report of the fact-finding mission;\n"
                 "3. Notes the decision to establish the fact-finding mission in October 2025;\n"
                 "4. Requests the fact-finding mission to present an oral update at its sixty-second session;")
    assert res.obligations[-1].addressees == ["independent international fact-finding mission for the Republic of X"]


def test_named_forces_are_addressees():
    res = geneva("1. Calls upon the Rapid Support Forces to withdraw immediately;")
    assert res.obligations[0].addressees == ["Rapid Support Forces"]


@pytest.mark.parametrize("paragraph, expected", [
    ("1. Calls upon States which have abolished the death penalty not to reintroduce it, and encourages them "
     "to share their experience;", ["Member States"]),
    ("1. Notes the action taken by Governments and the international community, and encourages them to "
     "strengthen their efforts;", ["Member States", "international community"]),
])
def test_them_are_the_groups_just_named(paragraph, expected):
    assert geneva(paragraph).obligations[-1].addressees == expected


def test_a_that_clause_subject_is_the_term_the_text_defines_for_it():
    res = geneva("1. Demands that all parties to whom the truce applies (hereafter referred to as the "
                 "“parties to the truce”) fulfil their commitments;")
    assert res.obligations[0].addressees == ["parties to the truce"]


def test_all_countries_are_the_member_states():
    assert geneva("1. Urges all countries to consider their priorities;").obligations[0].addressees == ["Member States"]


def test_them_after_a_clause_with_addressees_are_those_addressees():
    res = geneva("1. Encourages the national preventive mechanisms, with the support of States, to visit places "
                 "of detention, and invites them to publish their findings;")
    assert [o.addressees for o in res.obligations] == [["national preventive mechanisms"]] * 2
