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
