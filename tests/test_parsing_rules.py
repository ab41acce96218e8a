"""The declared-rule layer: a rule runs only where one of its words stands, and its words are
truly needed, so picking rules never changes what the parser reads."""
import re
from pathlib import Path

import pytest

from resolutions.parsing.deadlines import DEADLINE_RULES, RECURRENCE_RULES
from resolutions.parsing.lexicon import DATA_DIR, load_data
from resolutions.parsing.obligations import REPORT_RULES
from resolutions.parsing.rules import Rule, Rules

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").iterdir())

RULES = Rules([
    Rule("session", re.compile(r"at its (\w+) session", re.I), ("session",)),
    Rule("day", re.compile(r"by \d+ (March|April) \d{4}"), ("march", "april")),
    Rule("within", re.compile(r"within \d+ days"), ("within",)),
])


@pytest.mark.parametrize("text, expected", [
    ("Requests a report at its sixtieth Session", ["session"]),
    ("Requests a report by 31 March 2026 and within 30 days", ["day", "within"]),
    ("within 30 days, by 1 April 2026, at its next session", ["session", "day", "within"]),
    ("Urges States to act", []),
])
def test_only_the_rules_whose_words_stand_in_a_text_are_picked_in_their_order(text, expected):
    assert [rule.name for rule in RULES.that_may_match(text)] == expected


@pytest.mark.parametrize("rules", [DEADLINE_RULES, RECURRENCE_RULES, REPORT_RULES],
                         ids=["deadlines", "recurrence", "reports"])
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_every_match_of_a_rule_has_one_of_its_words(path, rules):
    """Were a rule's words not needed by its pattern, picking rules by them would lose matches."""
    for line in path.read_text().splitlines():
        picked = {rule.name for rule in rules.that_may_match(line)}
        for rule in rules.rules:
            if rule.pattern.search(line):
                assert rule.name in picked, (rule.name, line[:120])


def _word_lists(data, path=()):
    """Every list of words in a parsed TOML file, with where it stands."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _word_lists(value, (*path, key))
    elif isinstance(data, list) and all(isinstance(item, str) for item in data):
        yield ".".join(path), data


@pytest.mark.parametrize("path", sorted(DATA_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_each_word_list_of_the_parsers_data_holds_each_word_once(path):
    for where, words in _word_lists(load_data(path.name)):
        repeated = sorted({word for word in words if words.count(word) > 1})
        assert not repeated, f"{path.name} {where}: {repeated}"


def test_the_review_patterns_open_with_their_declared_verbs():
    """The review clauses are tried only where an opening verb stands: each pattern must need one."""
    reviews = load_data("grammar.toml")["reviews"]
    for pattern in reviews["patterns"]:
        opening = re.match(r"\\b\(\?:([a-z|]+)\)", pattern)
        assert opening and set(opening.group(1).split("|")) <= set(reviews["opening_verbs"]), pattern
