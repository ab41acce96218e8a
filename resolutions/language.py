"""Agreed language: the adopted paragraphs most like some words, over PostgreSQL full-text
search or SQLite FTS5, one interface.

A delegate pastes a sentence of a paragraph, or one with words dropped and a year changed.
Two steps find its source:

1. The database's full-text index gives candidates, by its own rank: the paragraphs holding
   every word of the query but its numbers (a sentence of a paragraph, or one with words
   dropped, is in its source word for word; a changed year is not), and those holding
   every word of any run of (up to) five words of meaning, unless the first query found the words
   in order (a word added or changed is not in the source, while a long text may hold
   every word somewhere).
2. Python ranks those few by how much of the query they hold in order (difflib's matching
   blocks), then by how little else they hold: the source of an altered sentence first.

The index lives where the paragraphs do (fulltext.py): PostgreSQL's GIN index, SQLite's FTS5
table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import NamedTuple

from django.db import connections

from .fulltext import TextIndex, any_group, stop_words

CANDIDATES = 60  # paragraphs the database gives for Python to rank, a query
RUN = 5  # words of meaning in a row a paragraph holds to be a candidate when not every word (at most)
ENOUGH = 0.5  # a paragraph that holds under half the words, in order, is not the language looked for
CLOSE = 0.9  # a paragraph holding this share of the words in order is the one looked for, or its like
MAX_CHARS = 5000  # the words a search is given, at most: a paragraph or two
YEARS = (1945, 2100)  # the years of adoption a search may be narrowed to
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
NUMBER = re.compile(r"\d")

PARAGRAPHS = TextIndex("resolutions_paragraph", ("text",))


def install(using: str = "default") -> None:
    """The full-text index of the paragraphs, in place (after every migrate)."""
    PARAGRAPHS.install(using)


class Candidate(NamedTuple):
    text: str
    adopted: date | None


@dataclass
class Found:
    paragraph_id: int
    score: float  # the share of the query's words the paragraph holds in order, 0 to 1
    matched: list[tuple[int, int]]  # (start, end) word spans of the paragraph the query shares


def words_of(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def search(text: str, where: str = "", params: tuple = (), limit: int = 20, using: str = "default") -> list[Found]:
    """The paragraphs most like the text, best first. `where` narrows them (SQL over the
    paragraph `p` and its resolution `r`, with its params): a body, years, a kind."""
    words = words_of(text)
    if not words:
        return []
    connection = connections[using]
    candidates, scored = {}, []
    for groups in _passes(words):
        if query := any_group(connection.vendor, groups):
            candidates.update(_candidates(connection, query, where, params))
        scored = sorted((f for f in (_score(words, pk, candidates[pk].text) for pk in candidates)
                         if f.score >= ENOUGH), key=lambda f: (-f.score, f.paragraph_id))
        if scored and scored[0].score >= CLOSE:
            break  # the words are found as they were given: no need to look for them changed
    return _closest_first(text, scored, candidates)[:limit]


def _passes(words: list[str]) -> list[list[list[str]]]:
    """The word groups of the two queries, each finding the paragraphs that hold every word
    of any of its groups: the words of meaning (no numbers, no stop words); and each run of
    RUN of them, in turn. A word changed is missing from the source but breaks only its own
    run; a run is rare enough for the engine to rank its few paragraphs fast."""
    plain = [w for w in words if not NUMBER.search(w)]
    meaning = [w for w in plain if w not in stop_words()] or plain
    size = max(3, min(RUN, len(meaning) // 3))  # a short text in runs of three
    runs = [meaning[i:i + size] for i in range(0, len(meaning), size)]
    if len(runs) > 1 and len(runs[-1]) < size:
        runs[-2:] = [runs[-2] + runs[-1]]
    return [[meaning], runs] if len(runs) > 1 else [[meaning]]


def _closest_first(text: str, scored: list[Found], candidates: dict[int, Candidate]) -> list[Found]:
    """Among those that hold the words equally well (agreed language is repeated from one
    resolution to the next), the one closest to the text letter by letter first: its
    numbers, its endings, its capitals; and of the same words, the latest adopted, the
    citation a delegate wants. Compared for the tied alone: a letter-by-letter comparison
    is slow."""
    tied = [f for f in scored if f.score == scored[0].score] if scored else []
    if len(tied) < 2:
        return scored
    tied.sort(key=lambda f: candidates[f.paragraph_id].adopted or date.min, reverse=True)
    tied.sort(key=lambda f: -SequenceMatcher(None, text, candidates[f.paragraph_id].text, autojunk=False).ratio())
    return tied + scored[len(tied):]


def _candidates(connection, query: str, where: str, params: tuple) -> dict[int, Candidate]:
    """Up to CANDIDATES paragraphs the index matches, by its rank."""
    narrowed = f"AND {where}" if where else ""
    if connection.vendor == "postgresql":
        sql = (f"SELECT p.id, p.text, r.adopted FROM resolutions_paragraph p JOIN resolutions_resolution r ON r.id = p.resolution_id, "
               f"to_tsquery('english', %s) q WHERE {PARAGRAPHS.document('p')} @@ q {narrowed} "
               f"ORDER BY ts_rank_cd({PARAGRAPHS.document('p')}, q) DESC, p.id LIMIT {CANDIDATES}")
    else:
        sql = (f"SELECT p.id, p.text, r.adopted FROM {PARAGRAPHS.fts_table} f JOIN resolutions_paragraph p ON p.id = f.rowid "
               f"JOIN resolutions_resolution r ON r.id = p.resolution_id WHERE {PARAGRAPHS.fts_table} MATCH %s "
               f"{narrowed} ORDER BY f.rank, p.id LIMIT {CANDIDATES}")
    with connection.cursor() as cursor:
        cursor.execute(sql, (query, *params))
        return {pk: Candidate(text, _as_date(adopted)) for pk, text, adopted in cursor.fetchall()}


def _as_date(value) -> date | None:
    """A date as the database gives it: a date (PostgreSQL) or its ISO text (SQLite, raw SQL)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _score(words: list[str], pk: int, text: str) -> Found:
    """How much of the query the paragraph holds in order; a little less for what else it holds."""
    theirs = words_of(text)
    blocks = [b for b in SequenceMatcher(None, words, theirs, autojunk=False).get_matching_blocks() if b.size]
    held = sum(b.size for b in blocks)
    score = held / len(words) - 0.01 * (len(theirs) - held) / max(len(theirs), 1)
    return Found(pk, round(max(score, 0.0), 4), [(b.b, b.b + b.size) for b in blocks])


@dataclass
class AgreedLanguage:
    """An adopted paragraph found for some words, ready to cite."""

    paragraph: object  # resolutions.models.Paragraph, its resolution selected
    score: float
    differs: list[tuple[int, int]]  # character spans of its text the words searched do not hold

    @property
    def citation(self) -> str:
        """'A/RES/79/161, para. 30'; a preambular paragraph by its place in the preamble."""
        p = self.paragraph
        if p.kind == "operative" and p.label:
            return f"{p.resolution.symbol}, para. {p.label}"
        return f"{p.resolution.symbol}, preambular para. {p.order + 1}"

    def parts(self) -> list[tuple[str, bool]]:
        """The text in pieces, each with whether it differs from the words searched."""
        text, pieces, at = self.paragraph.text, [], 0
        for start, end in self.differs:
            pieces += [(text[at:start], False), (text[start:end], True)]
            at = end
        return [piece for piece in pieces + [(text[at:], False)] if piece[0]]


def agreed_language(text: str, body: str = "", year_from: int | None = None, year_to: int | None = None,
                    kind: str = "", limit: int = 20) -> list[AgreedLanguage]:
    """The adopted paragraphs most like the text, best first, narrowed by body, years of
    adoption and kind of paragraph."""
    from .models import Paragraph

    conditions, params = [], []
    for condition, value in (("r.body = %s", body), ("p.kind = %s", kind),
                             ("r.adopted >= %s", year_from and f"{year_from:04d}-01-01"),
                             ("r.adopted <= %s", year_to and f"{year_to:04d}-12-31")):
        if value:
            conditions.append(condition)
            params.append(value)
    found = search(text, " AND ".join(conditions), tuple(params), limit)
    paragraphs = Paragraph.objects.select_related("resolution").defer("resolution__source_text").in_bulk(
        [f.paragraph_id for f in found])
    return [AgreedLanguage(paragraphs[f.paragraph_id], f.score, _differing(paragraphs[f.paragraph_id].text, f.matched))
            for f in found if f.paragraph_id in paragraphs]


def _differing(text: str, matched: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The character spans of the words outside the matched word spans, adjacent ones joined."""
    spans = [m.span() for m in WORD.finditer(text)]
    shared = {i for start, end in matched for i in range(start, end)}
    differs: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(spans):
        if i in shared:
            continue
        if differs and i - 1 not in shared and i > 0:
            differs[-1] = (differs[-1][0], end)
        else:
            differs.append((start, end))
    return differs
