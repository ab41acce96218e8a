"""Footnote markers in the body: found, tied to their notes and taken out of the text.

A marker is a number set after a word ("Declaration,1", "Outcome2", "Drugs, 4 the",
"of 197111" for "1971" + note 11). A candidate counts only when its note exists and
it is either a note already cited or the next one, since notes are first cited in order.
"""
from __future__ import annotations

import re

from .words import document_symbols

MARKER_RE = re.compile(
    r"(?<=[A-Za-z)”\"’\]])(?P<glued>\d{1,3})(?=[\s,;.:)]|$)"
    r"|(?<=[,;])(?P<spaced>\s?\d{1,3})(?=[\s,;.:]|$)"
    r"|\b(?P<year>(?:19|20)\d\d)(?P<after_year>\d{1,2})(?=[\s,;.:]|$)"
)
DIGIT_RE = re.compile(r"\d")
DIGITS_RE = re.compile(r"\d+")


def marker_candidates(text: str):
    """MARKER_RE's matches, as finditer would give them, tried only where digits begin.

    A marker stands at the start of a run of digits, or one space before it ("Drugs, 4"),
    so the text is skipped to its digits in C, not tried at every letter.
    """
    for run in DIGITS_RE.finditer(text):
        at = run.start()
        match = MARKER_RE.match(text, at - 1) if at and text[at - 1].isspace() else None
        match = match or MARKER_RE.match(text, at)
        if match:
            yield match


def _number_before(text: str, end: int) -> bool:
    """Whether the word before a list's comma is a number of up to three digits ("5, 6").

    Read back from the comma, not by splitting all the text before it: a long paragraph
    has many commas.
    """
    while end and text[end - 1] in ",;":
        end -= 1
    while end and text[end - 1].isspace():
        end -= 1
    start = end
    while start and not text[start - 1].isspace() and end - start <= 3:
        start -= 1
    word = text[start:end]
    return word.isdigit() and len(word) <= 3 and (not start or text[start - 1].isspace())


NOTING_RE = re.compile(
    r"\b(?:takes? note|taking note|notes|noting|welcomes|welcoming|having considered|"
    r"having examined|considers|considering)\b",
    re.I,
)


class MarkerReader:
    """Reads markers through a document in order, remembering which notes were cited."""

    def __init__(self, notes: dict[str, str]):
        self.notes = notes
        self.highest = 0

    def _accept(self, number: int) -> bool:
        if str(number) not in self.notes:
            return False
        if number <= self.highest:
            return True
        return number == self.highest + 1 or (self.highest == 0 and number <= 3)

    def strip(self, text: str) -> tuple[str, list[tuple[str, int]]]:
        """Text without markers, and each marker's number with its offset in that text."""
        if not self.notes or not DIGIT_RE.search(text):
            return text, []  # no note to cite (most texts as the UN's plain text gives them), or no digit
        out: list[str] = []
        markers: list[tuple[str, int]] = []
        pos = 0
        length = 0
        for match in marker_candidates(text):
            if match.group("glued"):
                number, start = int(match.group("glued")), match.start("glued")
            elif match.group("spaced"):
                if _number_before(text, match.start()):
                    continue  # "paragraphs 5, 6 and 7"
                number, start = int(match.group("spaced")), match.start("spaced")
            else:
                number, start = int(match.group("after_year")), match.start("after_year")
            if not self._accept(number):
                continue
            self.highest = max(self.highest, number)
            piece = text[pos:start]
            out.append(piece)
            length += len(piece)
            markers.append((str(number), length))
            pos = match.end()
        out.append(text[pos:])
        return "".join(out), markers


def noted_reports(text: str, markers: list[tuple[str, int]], notes: dict[str, str]) -> list[str]:
    """Symbols of the reports a paragraph takes note of or welcomes, read from their notes."""
    found: list[str] = []
    previous = 0
    for number, offset in markers:
        before = text[:offset].rstrip(" ;,.:")
        noting = list(NOTING_RE.finditer(before))
        if noting and ";" not in before[noting[-1].end():]:
            segment = before[max(noting[-1].end(), previous):]
            if re.search(r"\breports?\b", segment, re.I):
                for symbol in document_symbols(notes.get(number, "")):
                    if not symbol.startswith("A/RES/") and symbol not in found:
                        found.append(symbol)
        previous = offset
    return found
