"""The resolution parser: plain Python, text in, dataclasses out.

    from resolutions.parsing import parse_resolution
    resolution = parse_resolution(text)
    resolution.obligations  # what is asked, of whom, by when

No Django here: the tracker stores what this gives.
"""
from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from .file_names import symbol_from_file_name
from .footnotes import MarkerReader, noted_reports
from .layout import split_layout
from .lexicon import bodies, verbs
from .model import (
    Clause, Deadline, Footnote, Obligation, Paragraph, ParseError, Resolution, Section, Subparagraph,
)
from .obligations import ObligationReader
from .reviews import review_paragraphs
from .rules import words_matching
from .structure import read_structure
from .words import document_symbols

__all__ = [
    "Clause", "Deadline", "Footnote", "Obligation", "Paragraph", "ParseError", "Resolution",
    "Section", "Subparagraph", "parse_resolution", "parser_stamp", "symbol_from_file_name",
]

MAX_CHARS = 5_000_000


@cache
def parser_stamp() -> str:
    """A fingerprint of the parser: its code and its data. The same text read by the same
    parser gives the same resolution, so a re-import can tell it has nothing to do."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *(here / "data").glob("*.toml")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
# The longest of 1,357 real resolutions has 414 paragraphs; beyond this a text is no resolution.
MAX_PARAGRAPHS = 3_000


def parse_resolution(text: str, session_overrides: dict | None = None, symbol: str = "") -> Resolution:
    """Parse a resolution's text; raise ParseError with a one-line reason if it is none.

    session_overrides maps (calendar key, session number) to calendar.SessionDate, so
    that dates corrected by an administrator win over the shipped calendar. `symbol` is
    what to read the text as if it prints none (given by the user, or its file's name);
    the resolution then says so in a warning.
    """
    if not text or not text.strip():
        raise ParseError("the text is empty")
    if "\x00" in text[:4096]:
        raise ParseError("the text is binary, not a resolution")
    if len(text) > MAX_CHARS:
        raise ParseError(f"the text is too long for a resolution ({len(text):,} characters)")
    layout = split_layout(text)
    res = read_structure(layout.lines, layout.symbol_hint, layout.session_hint, layout.number_hint)
    if not res.symbol and symbol:
        res = read_structure(layout.lines, symbol, layout.session_hint, layout.number_hint)
        res.warnings.append(f"the text prints no symbol: it is read as {symbol}, the symbol its file was given")
    if len(res.paragraphs) + sum(len(p.subparagraphs) for p in res.paragraphs) > MAX_PARAGRAPHS:
        raise ParseError(f"the text has more than {MAX_PARAGRAPHS:,} paragraphs, far more than any resolution")
    res.agenda_item = layout.agenda_item
    res.footnotes = {n: Footnote(n, t, document_symbols(t)) for n, t in layout.footnotes.items()}
    res.plural_voice = _speaks_in_plural(res)

    markers = MarkerReader(layout.footnotes)
    for paragraph in res.paragraphs:
        paragraph.text, found = markers.strip(paragraph.text)
        paragraph.footnote_markers = [(n, "", at) for n, at in found]
        for symbol in noted_reports(paragraph.text, found, layout.footnotes):
            if symbol not in res.noted_reports:
                res.noted_reports.append(symbol)
        for sub in paragraph.subparagraphs:
            sub.text, found = markers.strip(sub.text)
            paragraph.footnote_markers += [(n, sub.letter, at) for n, at in found]

    res.recalls = _recalled_resolutions(res)
    res.reviews = review_paragraphs(res)
    ObligationReader(res, session_overrides).read()
    return res


# "Recalling its resolutions 62/176 of 18 December 2007 and 63/197", "its previous resolutions
# 2625 (2022) and 2677 (2023)", "in particular 1500 (2003), 1546 (2004)": its own earlier ones.
RESOLUTION_NUMBER = r"(?:(?:S-)?\d+/\d+[A-Z]?|\d{3,4}\s*\(\d{4}\))"
# Tried where the word "its" begins (words_matching).
RECALLED_RE = re.compile(
    rf"its\s+(?:[\w-]+\s+){{0,3}}?resolutions?,?\s+(?:[\w-]+\s+){{0,3}}?"
    rf"((?:{RESOLUTION_NUMBER}(?:\s+of\s+\d{{1,2}}\s+\w+\s+\d{{4}})?(?:,\s*(?:and\s+)?|\s+and\s+)?)+)"
)


def _recalled_resolutions(res: Resolution) -> list[str]:
    """Its own earlier resolutions that the preamble recalls, as symbols of its body: the links of a series."""
    body = bodies().get(res.body or "General Assembly")
    found: list[str] = []
    for paragraph in res.preambular:
        for match in words_matching(RECALLED_RE, paragraph.text, ("its",)):
            for number in re.findall(RESOLUTION_NUMBER, match.group(1)):
                council = re.fullmatch(r"(\d+)\s*\((\d{4})\)", number)
                if council and body.sessions == "none":
                    symbol = body.symbol_for(council.group(1), int(council.group(2)))
                elif not council and body.sessions != "none":
                    symbol = body.symbol_for(number)
                else:
                    continue  # another body's numbering
                if symbol != res.symbol and symbol not in found:
                    found.append(symbol)
    return found


def _speaks_in_plural(res: Resolution) -> bool:
    """A declaration's paragraphs open with 'Commit', 'Request'... rather than 'Requests'."""
    plural_forms = set(verbs().canonical) - verbs().third_person
    openings = [p.text.split(None, 1)[0].lower() for p in res.operative if p.text.strip()]
    plural = sum(1 for word in openings if word in plural_forms)
    return bool(openings) and plural * 2 > len(openings)
