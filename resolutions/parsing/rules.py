"""Rules that declare the literal words they need, and one pass that picks which can run.

A rule is a plain regular expression with the lower-case words one of which must stand in
a text for it to match (`needs`). An Aho-Corasick automaton over all the rules' words reads
a text once and says which rules may match; only those are run. A pattern can then be
written for the reader, not shaped to make the engine skip ahead. (The design of eyecite's
tokenizers: each extractor declares its strings, one automaton pass picks the extractors.)

    DEADLINES = Rules([Rule("day", DAY_RE, needs=MONTH_NAMES), ...])
    for rule in DEADLINES.that_may_match(text): ...
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import ahocorasick


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    needs: tuple[str, ...]  # lower-case words; the rule may match only where one of them stands
    read: Callable | None = None  # what a match of it gives, for the module that declares it


class Rules:
    """Rules in the order they are declared, with the automaton of the words they need."""

    def __init__(self, rules: list[Rule]):
        self.rules = tuple(rules)
        self.automaton = ahocorasick.Automaton()
        for word in {word for rule in self.rules for word in rule.needs}:
            self.automaton.add_word(word, frozenset(i for i, rule in enumerate(self.rules) if word in rule.needs))
        self.automaton.make_automaton()

    def that_may_match(self, text: str) -> list[Rule]:
        """The rules one of whose words stands in the text, in their declared order."""
        found: set[int] = set()
        for _end, indexes in self.automaton.iter(text.lower()):
            found |= indexes
            if len(found) == len(self.rules):
                break
        return [self.rules[i] for i in sorted(found)]
