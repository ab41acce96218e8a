"""Numbers in words, months, Roman numerals, document symbols: the words from data/numbers.toml."""
from __future__ import annotations

import re

from .lexicon import grammar, load_data

NUMBERS = load_data("numbers.toml")
# The letters of parts and lettered sections: "A" alone on a line, "B.3(a)".
PART_LETTERS: str = grammar()["parts"]["letters"]
PART_LETTER = f"[{PART_LETTERS}]"
# The items of a lettered subparagraph: "(i)" ... "(x)".
ROMAN_ITEMS = frozenset(NUMBERS["roman_items"]["numerals"])


def _ordinals() -> dict[str, int]:
    """"first" ... "ninety-ninth", "one hundred and first" ... : each ordinal word's value."""
    units, words = NUMBERS["ordinals"]["units"], NUMBERS["ordinals"]
    table = {word: n for n, word in enumerate(units, start=1)}
    table.update((word, n) for n, word in enumerate(words["teens"], start=10))
    for tens, stem in enumerate(words["tens_stems"], start=2):
        table[stem + "ieth"] = tens * 10
        for unit, word in enumerate(units, start=1):
            table[f"{stem}y-{word}"] = tens * 10 + unit
    for word, n in list(table.items()):
        table["one hundred and " + word] = 100 + n
        table["hundred and " + word] = 100 + n
    table["one hundredth"] = table["hundredth"] = 100
    return table


ORDINALS = _ordinals()
# Any word shaped like an ordinal; ordinal_value() then says whether it is one.
ORDINAL_PATTERN = r"(?:\d{1,3}(?:st|nd|rd|th)|(?:one\s+)?(?:hundred\s+and\s+)?[a-z]+(?:-[a-z]+)?)"


def ordinal_value(word: str) -> int | None:
    word = " ".join(word.lower().replace("–", "-").split())
    match = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", word)
    if match:
        return int(match.group(1))
    return ORDINALS.get(word)


MONTHS = {m: i for i, m in enumerate(NUMBERS["months"]["names"], start=1)}
MONTH_PATTERN = "(?:" + "|".join(m.capitalize() for m in MONTHS) + ")"


def roman_value(numeral: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    if not numeral or any(ch not in values for ch in numeral):
        return None
    total = 0
    for ch, nxt in zip(numeral, numeral[1:] + " "):
        v = values[ch]
        total += -v if nxt in values and values[nxt] > v else v
    return total


# A United Nations document symbol: A/63/111, E/CN.7/2009/12, A/61/208-S/2006/598, A/HRC/7/3.
SYMBOL_RE = re.compile(r"\b[A-Z]{1,6}(?:/[A-Za-z0-9.\-]*[A-Za-z0-9])+")


def document_symbols(text: str) -> list[str]:
    """Document symbols in a note or sentence, in order, without duplicates."""
    found = []
    for match in SYMBOL_RE.finditer(text):
        symbol = match.group(0).rstrip(".-")
        if any(ch.isdigit() for ch in symbol) and symbol not in found:
            found.append(symbol)
    return found


# Counts written as words in periods ("within thirty days", "every four months").
NUMBER_WORDS: dict[str, int] = NUMBERS["counts"]
NUMBER_PATTERN = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)).replace(" ", r"\s+") + ")"


def number_value(word: str) -> int | None:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def single_spaced(text: str) -> str:
    """' '.join(text.split()), but a text already so (most lines and phrases) is not split:
    printable, it holds no whitespace but spaces, and none leads, trails or doubles."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())
