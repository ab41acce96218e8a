"""What a request is about: the words its subject is compared by, to tell requests that ask
for the same thing (overlaps, a series asking again).

The subject of a request is the words of its action and its resolution's title, "the
present resolution" read as the title. Words are stemmed (Snowball), without English stop
words nor the words every request shares ("report", "session", "Secretary-General").
"""
from __future__ import annotations

import re
from functools import cache

from resolutions.fulltext import stop_words

# Words of the procedure of asking, not of its subject.
PROCEDURAL_WORDS = frozenset("""
    request requests requested report reports reporting submit submission present presentation resolution
    session sessions general assembly council secretary secretariat seventieth annual biennial thereafter
    item agenda include including provide providing information recommendations recommendation regard
    relevant implementation implement continue further work measures taken take consideration united nations
""".split())
PRESENT_RESOLUTION_RE = re.compile(r"\b(?:the\s+present|this)\s+resolution\b", re.I)
WORD_RE = re.compile(r"[a-z][a-z-]{2,}")


@cache
def _stem(word: str) -> str:
    """Snowball's English stem, each word once: the pure-Python stemmer is slow, and words repeat."""
    import snowballstemmer

    return snowballstemmer.stemmer("english").stemWord(word)


@cache
def _stop_words() -> frozenset[str]:
    return stop_words() | PROCEDURAL_WORDS


def subject_terms(text: str) -> list[str]:
    """The stems a subject is compared by: 'violence against women migrant workers' -> violenc, women..."""
    stop = _stop_words()
    words = [w for w in WORD_RE.findall(text.lower()) if w not in stop]
    return [_stem(w) for w in words]


def subject(action: str, title: str) -> str:
    """The action's words with its resolution's title: "the present resolution" read as the title,
    else the title added, since boilerplate ("to provide the Special Rapporteur with the resources
    necessary") is about whatever the resolution is about."""
    if not title:
        return action
    read = PRESENT_RESOLUTION_RE.sub(f" {title} ", action)
    return read if read != action else f"{action} {title}"


def own_subject(action: str, title: str) -> str:
    """The action's own words, "the present resolution" read as the title: what tells one
    request of a series from another (every one of them shares the title)."""
    return PRESENT_RESOLUTION_RE.sub(f" {title} ", action) if title else action
