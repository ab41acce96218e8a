"""Characters that change no word, taken out before the parser reads a text.

A text copied from a web page or a PDF may hold invisible characters inside a word
("Req\u200buests"), Cyrillic or Greek letters drawn as Latin ones ("Rеquests"), full-width
letters, or bidirectional controls that make a name read backwards. The parser reads the
text as a person sees it: compatibility forms folded (NFKC), the invisible and the
controls dropped, look-alike letters read as Latin where the rest of their word is Latin.
The characters are data (data/characters.toml); the stored text keeps them as given.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from .lexicon import load_data

_LATIN = "A-Za-z"


@cache
def _characters() -> dict:
    return load_data("characters.toml")


@cache
def _dropped() -> dict[int, None]:
    data = _characters()
    return {ord(c): None for c in [*data["invisible"], *data["bidi_controls"]]}


@cache
def _disguise_re() -> re.Pattern:
    """Any character this module takes out or reads otherwise: one search tells a text has none."""
    return re.compile("[" + "".join(map(chr, _dropped())) + "".join(_characters()["look_alikes"]) + "]")


@cache
def _bidi_controls() -> dict[int, None]:
    return {ord(c): None for c in _characters()["bidi_controls"]}


@cache
def _look_alike_re() -> re.Pattern:
    return re.compile("[" + "".join(_characters()["look_alikes"]) + "]")


@cache
def _word_with_look_alikes_re() -> re.Pattern:
    """A word of Latin letters and look-alikes ("Rеquests"); its letters are then checked."""
    return re.compile(rf"[{_LATIN}{''.join(_characters()['look_alikes'])}]+")


def _read_as_latin(match: re.Match) -> str:
    """A word of Latin letters and look-alikes read as Latin; a word with no Latin letter
    (Russian, Greek) stays as it is."""
    word = match.group(0)
    return word.translate(_as_latin()) if re.search(f"[{_LATIN}]", word) else word


@cache
def _as_latin() -> dict[int, str]:
    return {ord(c): latin for c, latin in _characters()["look_alikes"].items()}


def without_disguise(text: str) -> str:
    """The text as a person reads it: NFKC, no invisible or bidirectional characters, and
    look-alike letters in Latin words read as Latin. A text with none of these is
    returned as it is."""
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if not _disguise_re().search(text):
        return text
    text = text.translate(_dropped())
    if _look_alike_re().search(text):
        text = _word_with_look_alikes_re().sub(_read_as_latin, text)
    return text


def without_bidi_controls(name: str) -> str:
    """A name with no bidirectional control: shown as it reads."""
    return name.translate(_bidi_controls())
