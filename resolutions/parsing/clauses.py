"""An operative paragraph cut into clauses: verb, addressee phrase, action.

A clause starts with an operative verb at the head of the paragraph, or after a
comma, a semicolon or "and" ("..., reaffirms ..., encourages it to continue ...; and
calls for ..."). Its addressees are the noun phrase after the verb, leaving out
parentheticals ("in consultation with Member States", "as the governing body of ...");
its action starts at the infinitive ("to submit ...") or at "that".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import alternation, grammar, verbs

CLAUSE_WORDS = grammar()["clauses"]
PARENTHETICAL = re.compile(
    rf"^(?:{alternation(CLAUSE_WORDS['linking_words'] + CLAUSE_WORDS['parenthetical_starts'])}"
    rf"|as(?!\s+well\s+as)|and,\s)\b", re.I
)
NOT_INFINITIVE_BEFORE = re.compile(rf"\b(?:{alternation(CLAUSE_WORDS['not_infinitive_after'])})\s*$")
INFINITIVE_RE = re.compile(
    rf"(?<![\w-])to\s+(?!(?:{alternation(CLAUSE_WORDS['not_infinitive_before'])})\b)"
    r"(?=(?:further\s+|also\s+|continue\s+|fully\s+|effectively\s+|urgently\s+|[a-z]+ly\s+)?[a-z])"
)
# "to continue", "to further": an infinitive whatever stands before ("human rights to continue").
SURELY_INFINITIVE_RE = re.compile(r"to\s+(?:continue|further|also|[a-z]+ly)\s")
# Verbs whose subject is the body that speaks: "Decides to", "Resolves to", "Commit to".
SELF_VERBS = tuple(CLAUSE_WORDS["self_verbs"])


RENEWED_CALL_FOR_RE = re.compile(r"\s+for\b")
THAT_FIRST_RE = re.compile(r"that\b", re.I)
TO_FIRST_RE = re.compile(r"to\s")
THAT_RE = re.compile(r"(?:^|\s)that\s")


@dataclass
class RawClause:
    verb: str  # canonical third-person form of what it asks ("calls upon" for "Reiterates its call upon")
    verb_class: str
    text: str  # the clause, verb included
    addressee_phrase: str
    action: str
    start: int
    written: str = ""  # the verb as written, where it differs: "reiterates"


@cache
def clause_start_res(plural: bool) -> tuple[re.Pattern, tuple[re.Pattern, re.Pattern]]:
    v = verbs()
    verb_alt = v.pattern(plural)
    mods = v.modifier_pattern()
    renewed = "|".join(sorted(v.renewed, key=len, reverse=True))
    core = (
        rf"(?:(?P<renewed>(?:reiterates?|renews?|repeats?)\s+(?:also\s+|further\s+)?(?:its|our)\s+"
        rf"(?:(?:urgent|strong|earlier|previous)\s+)?(?P<noun>{renewed})s?(?:\s+(?:upon|on|to))?)"
        rf"|(?P<verb>{verb_alt}))(?![\w-])"
    )
    head = re.compile(rf"^\s*(?:(?:{mods}),?\s+)*{core}", re.I)
    # A clause starts after a comma or a semicolon (", and requests", "; decides"), and
    # after the word "and" ("takes note and requests").
    after_comma = re.compile(rf"[;,]\s+(?:and,?\s+)?(?:(?:{mods}),?\s+)*{core}")
    after_and = re.compile(rf"\sand,?\s+(?:(?:{mods}),?\s+)*{core}")
    return head, (after_comma, after_and)


def _middle_starts(patterns: tuple[re.Pattern, re.Pattern], text: str) -> list[re.Match]:
    """The clause starts after commas, semicolons and "and", in the text's order."""
    after_comma, after_and = (list(p.finditer(text)) for p in patterns)
    if after_comma and after_and:
        return sorted(after_comma + after_and, key=re.Match.start)
    return after_comma or after_and


def drop_trailing_and(text: str) -> str:
    """'to act, and' -> 'to act': the "and" belonged to the next clause."""
    if text.endswith("and") and text[:-3].endswith((" ", ",")):
        return text[:-3].rstrip().rstrip(",").rstrip()
    return text


def _after_verb_ok(rest: str) -> bool:
    rest = rest.lstrip(" ,").lower()
    return not any(rest.startswith(w + " ") or rest == w for w in verbs().not_after)


@cache
def _modifiers_re() -> re.Pattern:
    return re.compile(rf"^\s*(?:,?\s*(?:{verbs().modifier_pattern()})\b,?\s*)+", re.I)


def _strip_modifiers(text: str) -> str:
    return _modifiers_re().sub(" ", text)


def split_clauses(text: str, plural: bool = False) -> list[RawClause]:
    """The clauses of one operative paragraph (or subparagraph), in order."""
    head_re, middle_res = clause_start_res(plural)
    starts: list[tuple[int, int, re.Match]] = []
    head = head_re.match(text)
    if head:
        starts.append((head.start(), head.end(), head))
    for match in _middle_starts(middle_res, text):
        verb_start = match.start("renewed") if match.group("renewed") else match.start("verb")
        if starts and verb_start < starts[-1][1]:
            continue  # the verb of the start before: ", and requests" is found after "," and "and"
        if not _after_verb_ok(text[match.end():]):
            continue
        starts.append((verb_start, match.end(), match))
    if not starts:
        return [RawClause("", "declaratory", text, "", "", 0)]

    clauses = []
    if starts[0][0] > 0 and not head:
        # The paragraph opens with a verb we do not know ("Remains seized ..."): a view.
        clauses.append(RawClause(text.split()[0].lower(), "declaratory", text[: starts[0][0]], "", "", 0))
    for i, (start, verb_end, match) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        clause_text = text[start:end].strip().rstrip(",; ")
        clause_text = drop_trailing_and(clause_text)
        v = verbs()
        written = ""
        if match.group("renewed"):
            verb = v.renewed[match.group("noun").lower()]
            if RENEWED_CALL_FOR_RE.match(text, match.end()):
                verb = "calls for"  # "Reiterates its call for an immediate end": a call with no addressee
            written = v.canonical_of(match.group("renewed").split()[0])
        else:
            verb = v.canonical_of(match.group("verb"))
        verb_class = v.verb_class.get(verb, "declaratory")
        rest = _strip_modifiers(text[verb_end:end]).strip().rstrip(";,.: ")
        rest = drop_trailing_and(rest)
        addressee_phrase, action = split_addressee_and_action(verb, rest)
        clauses.append(RawClause(verb, verb_class, clause_text, addressee_phrase, action, start, written))
    return clauses


PUNCTUATION_RE = re.compile(r"[(),]")


def _comma_parts(text: str) -> list[tuple[int, str]]:
    """(offset, part) for the parts between commas that stand outside brackets."""
    if "(" not in text:  # no bracket, so every comma divides (most clauses)
        parts, start = [], 0
        for part in text.split(","):
            parts.append((start, part))
            start += len(part) + 1
        return parts
    parts, depth, start = [], 0, 0
    for match in PUNCTUATION_RE.finditer(text):
        ch, i = match.group(0), match.start()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append((start, text[start:i]))
            start = i + 1
    parts.append((start, text[start:]))
    return parts


def first_infinitive(part: str) -> int | None:
    """Where the first "to" + verb stands: not "the right to", not "to the Council"."""
    for match in INFINITIVE_RE.finditer(part):
        if NOT_INFINITIVE_BEFORE.search(part[: match.start()]) and not SURELY_INFINITIVE_RE.match(part, match.start()):
            continue
        return match.start()
    return None


def split_addressee_and_action(verb: str, rest: str) -> tuple[str, str]:
    """('the Secretary-General', 'to submit ...') from 'the Secretary-General, ..., to submit ...'."""
    if THAT_FIRST_RE.match(rest):
        return "", rest
    if verb in SELF_VERBS and TO_FIRST_RE.match(rest):
        return "", rest  # "Decides to consider ...": the Assembly itself
    addressee: list[str] = []
    for index, (offset, part) in enumerate(_comma_parts(rest)):
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        if index and PARENTHETICAL.match(stripped):
            continue
        at = first_infinitive(stripped)
        if at is not None:
            addressee.append(stripped[:at])
            return ", ".join(a for a in addressee if a.strip()), rest[offset + lead + at:].strip()
        that = THAT_RE.search(stripped) if not addressee and verb in ("recommends", "requests", "urges") else None
        if that and not stripped[: that.start()].strip():
            return "", rest[offset + lead + that.start():].strip()
        addressee.append(stripped)
    return ", ".join(a for a in addressee if a.strip()), ""
