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
from collections.abc import Callable, Iterator
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


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lowered_in_place(text: str) -> str:
    """The text in lower case, each character where it stood ("İ" lowers to two)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(ASCII_LOWER)


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "-_"


def words_matching(pattern: re.Pattern, text: str, words: tuple[str, ...],
                   stands_after: Callable[[str], bool] | None = None) -> Iterator[re.Match]:
    """The pattern's matches, in order and not overlapping as finditer gives them, for a
    pattern whose matches begin with one of the words (lower case in the text's lower case)
    standing at a word's start: the words are found with str.find, and the pattern is tried
    only there. stands_after: what the character before such a word must be (by default, not
    a word's)."""
    lowered = lowered_in_place(text)
    starts = sorted({at for word in words for at in _word_starts(lowered, word, stands_after)})
    read_to = 0
    for start in starts:
        if start < read_to:
            continue
        match = pattern.match(text, start)
        if match:
            read_to = match.end()
            yield match


def _word_starts(lowered: str, word: str, stands_after: Callable[[str], bool] | None) -> Iterator[int]:
    at = lowered.find(word)
    while at >= 0:
        if stands_after is not None:
            if at and stands_after(lowered[at - 1]):
                yield at
        elif not at or not is_word_char(lowered[at - 1]):
            yield at
        at = lowered.find(word, at + 1)
