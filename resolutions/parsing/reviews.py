"""Review and end clauses: the paragraphs that put what a series asks up for review.

A recurring request or a mandate with no end date is open-ended unless its resolution,
or a later one of its series, decides to review it, sets a sunset or ends it.
"""
from __future__ import annotations

import re

from .lexicon import grammar
from .model import Resolution

REVIEW_RE = re.compile("|".join(f"(?:{p})" for p in grammar()["reviews"]["patterns"]), re.I)
# Every pattern opens with the adopting body's verb: the patterns are tried only where one stands.
OPENING_VERBS = tuple(grammar()["reviews"]["opening_verbs"])
OPENING_RE = re.compile(r"\b(?:" + "|".join(OPENING_VERBS) + r")\b", re.I)


def is_review_clause(text: str) -> bool:
    lowered = text.lower()
    if not any(verb in lowered for verb in OPENING_VERBS):
        return False
    return any(REVIEW_RE.match(text, m.start()) for m in OPENING_RE.finditer(text))


def review_paragraphs(res: Resolution) -> list[str]:
    """The operative paragraphs (with their subparagraphs) that hold a review or end clause."""
    return [p.number for p in res.operative
            if is_review_clause(p.text) or any(is_review_clause(s.text) for s in p.subparagraphs)]
