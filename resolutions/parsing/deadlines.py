"""By when, and how often: deadlines and recurrence read from an obligation's words.

Only a time by which something is to be done counts: a session or date introduced by
"at", "during", "by", "before", "in", "on", "until"... A session that is only the
object ("the results of the fifty-second session"), a date of a past event, a past
target or "beyond 2009" is no deadline.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from .actors import known_mentions
from .calendar import body_key, opening, opening_in_year
from .model import Deadline
from .periods import Period, name_of
from .words import MONTH_PATTERN, MONTHS, ORDINAL_PATTERN, ordinal_value

TEMPORAL = (
    r"(?:at|during|by|before|until|in|on|for|prior\s+to|no\s+later\s+than|not\s+later\s+than|"
    r"in\s+time\s+for|ahead\s+of|to\s+be\s+held\s+at|on\s+the\s+occasion\s+of)"
)
SEGMENT = r"(?:(?:the|a|its)\s+(?:[\w-]+\s+){0,3}(?:segment|part|meeting|meetings|debate|dialogue|panel)\s+(?:of|at|during)\s+)?"
BODY_NAME = r"(?:the\s+)?(?P<body>(?-i:[A-Z][\w’'-]*(?:(?:\s+(?:on|of|for|and|the|to))*\s+[A-Z][\w’'-]*)*))"

SESSION_RE = re.compile(
    rf"(?:\b{TEMPORAL}\s+{SEGMENT}|\bagenda\s+of\s+)(?P<det>its|the|their)\s+(?P<ordinal>{ORDINAL_PATTERN})\s+"
    rf"(?:and\s+{ORDINAL_PATTERN}\s+)?(?:regular\s+)?sessions?(?!\s*\))"
    rf"(?:\s+of\s+{BODY_NAME})?",
    re.I,
)
NEXT_SESSION_RE = re.compile(rf"\b{TEMPORAL}\s+{SEGMENT}its\s+(?:next|forthcoming)\s+(?:regular\s+)?session\b", re.I)
YEAR_SESSION_RE = re.compile(
    rf"\b{TEMPORAL}\s+{SEGMENT}(?:its|the)\s+(?:(?:substantive|regular|annual)\s+session\s+of\s+(?P<year1>\d{{4}})"
    rf"|(?P<year2>\d{{4}})\s+(?:substantive\s+)?session)(?:\s+of\s+{BODY_NAME})?",
    re.I,
)
DAY_RE = re.compile(
    rf"\b(?P<prep>on|by|before|until|no\s+later\s+than|not\s+later\s+than|prior\s+to)\s+(?:the\s+)?"
    rf"(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_PATTERN})\s+(?P<year>\d{{4}})"
)
RANGE_RE = re.compile(rf"\bfrom\s+(?:\d{{1,2}}\s+)?{MONTH_PATTERN}(?:\s+\d{{4}})?\s+to\s+(?:\d{{1,2}}\s+)?(?P<month>{MONTH_PATTERN})\s+(?P<year>\d{{4}})")
MONTH_RE = re.compile(
    rf"\b(?P<prep>in|by|before|until|during|no\s+later\s+than|not\s+later\s+than|from)\s+(?:early\s+|mid-|late\s+)?"
    rf"(?P<month>{MONTH_PATTERN})\s+(?P<year>\d{{4}})"
)
YEAR_RE = re.compile(
    r"\b(?P<prep>by|before|until|no\s+later\s+than|not\s+later\s+than|in)\s+(?P<end>(?:the\s+)?end\s+of\s+)?(?P<year>(?:19|20)\d\d)\b(?!\s*[-/])"
)
WITHIN_RE = re.compile(
    r"\bwithin\s+(?P<n>\d+|one|two|three|four|five|six|nine|twelve|eighteen|ninety|thirty|sixty)\s+"
    r"(?P<unit>days?|weeks?|months?|years?)"
)
PLAUSIBLE_YEARS = 6  # a session asked for further ahead than this is not the one meant
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "nine": 9, "twelve": 12,
                "eighteen": 18, "thirty": 30, "sixty": 60, "ninety": 90}

RECURRENCE = [
    (re.compile(r"\bevery\s+(?P<n>two|three|four|five|2|3|4|5)\s+years\b|\b(?P<word>biennial(?:ly)?|triennial(?:ly)?|quadrennial(?:ly)?)\b", re.I), None),
    (re.compile(r"\b(?:annual(?:ly)?|each\s+year|every\s+year|yearly|on\s+an\s+annual\s+basis|at\s+each\s+(?:of\s+its\s+)?(?:regular\s+)?sessions?)\b", re.I), "annual"),
    (re.compile(r"\b(?:every\s+six\s+months|semi-annual(?:ly)?|twice\s+a\s+year|biannual(?:ly)?)\b", re.I), "semi-annual"),
    (re.compile(r"\b(?:quarterly|every\s+three\s+months)\b", re.I), "quarterly"),
    (re.compile(r"\b(?:monthly|every\s+month)\b", re.I), "monthly"),
]


RECURRENCE_WORDS = ("annual", "year", "ennial", "every", "each", "month", "quarter", "twice")
DIGIT_RE = re.compile(r"\d")


def recurrence(text: str) -> str | None:
    lowered = text.lower()
    if not any(w in lowered for w in RECURRENCE_WORDS):
        return None
    for pattern, value in RECURRENCE:
        match = pattern.search(text)
        if not match:
            continue
        if value:
            return value
        if match.group("n"):
            n = match.group("n").lower()
            return name_of(Period(years=int(n) if n.isdigit() else NUMBER_WORDS[n]))
        word = match.group("word").lower()
        return word[:-2] if word.endswith("ly") else word
    return None


def _month(year: str, month: str) -> date:
    return date(int(year), MONTHS[month.lower()], 1)


def find_deadline(
    text: str,
    session: int | None,
    adopted: date | None,
    resolve_body: Callable[[str], str | None],
    addressees: list[str] | None = None,
    overrides: dict | None = None,
) -> Deadline | None:
    """The first future deadline in the text, or None.

    resolve_body turns "the Commission" into a full name; "its" is the General Assembly
    unless the session number only fits the addressee's own calendar.
    """
    lowered = text.lower()
    if "session" not in lowered and "within" not in lowered and not DIGIT_RE.search(text):
        return None
    floor = adopted or (date(1945 + session, 9, 1) if session else None)
    candidates: list[tuple[int, Deadline]] = []

    for match in SESSION_RE.finditer(text):
        number = ordinal_value(match.group("ordinal"))
        if not number:
            continue
        body = match.group("body")
        if body:
            full = resolve_body(body) if not body_key(body) else body
            key = body_key(full) if full else None
        elif match.group("det").lower() == "its":
            key = _body_meant_by_its(text[: match.start()], number, addressees or [], floor, overrides)
        else:
            key = "general-assembly" if session and number >= session else None
        if not key:
            continue
        when = opening(key, number, overrides)
        if when:
            candidates.append((match.start(), Deadline(when.opens, when.precision, match.group(0).strip(), (key, number))))

    for match in NEXT_SESSION_RE.finditer(text):
        named = [m.name for m in known_mentions(text[: match.start()]) if not m.qualifier]
        if session and (not named or body_key(named[-1]) in (None, "general-assembly")):
            when = opening("general-assembly", session + 1, overrides)
            if when:
                candidates.append((match.start(), Deadline(when.opens, when.precision, match.group(0).strip(),
                                                           ("general-assembly", session + 1))))

    for match in YEAR_SESSION_RE.finditer(text):
        body = match.group("body")
        full = (resolve_body(body) if body and not body_key(body) else body) or ""
        key = body_key(full) or "economic-and-social-council"
        when = opening_in_year(key, int(match.group("year1") or match.group("year2")))
        if when:
            candidates.append((match.start(), Deadline(when.opens, when.precision, match.group(0).strip(), (key, when.number))))

    for match in DAY_RE.finditer(text):
        try:
            due = date(int(match.group("year")), MONTHS[match.group("month").lower()], int(match.group("day")))
        except ValueError:
            continue
        candidates.append((match.start(), Deadline(due, "day", match.group(0))))
    for match in RANGE_RE.finditer(text):
        candidates.append((match.start(), Deadline(_month(match.group("year"), match.group("month")), "month", match.group(0))))
    for match in MONTH_RE.finditer(text):
        if match.group("prep") == "from":
            continue
        candidates.append((match.start(), Deadline(_month(match.group("year"), match.group("month")), "month", match.group(0))))
    for match in YEAR_RE.finditer(text):
        year = int(match.group("year"))
        if match.group("prep") == "in":
            due = date(year, 1, 1)
            if re.match(rf"\s+(?:{MONTH_PATTERN})", text[match.end():]):
                continue
        else:
            due = date(year, 12, 31)
        candidates.append((match.start(), Deadline(due, "year", match.group(0))))
    for match in WITHIN_RE.finditer(text):
        if not adopted:
            continue
        n = int(match.group("n")) if match.group("n").isdigit() else NUMBER_WORDS[match.group("n")]
        due = _period(n, match.group("unit")).after(adopted)
        candidates.append((match.start(), Deadline(due, "day", match.group(0))))

    for _, deadline in sorted(candidates, key=lambda c: c[0]):
        if floor and deadline.due < _floor_for(deadline, floor):
            continue  # a past event or target, not a deadline
        return deadline
    return None


def _body_meant_by_its(before: str, number: int, addressees: list[str], floor: date | None,
                       overrides: dict | None) -> str | None:
    """Whose session "its Nth session" is: the nearest body named before it, an addressee,
    or the General Assembly, whichever has an Nth session in the next few years."""
    named = [m.name for m in known_mentions(before) if not m.qualifier]
    for name in [*reversed(named), *addressees, "General Assembly"]:
        key = body_key(name)
        when = opening(key, number, overrides) if key else None
        if when and (floor is None or floor.year - 1 <= when.opens.year <= floor.year + PLAUSIBLE_YEARS):
            return key
    return "general-assembly"  # "its" is the Assembly's own voice, however far ahead


def _floor_for(deadline: Deadline, floor: date) -> date:
    if deadline.precision == "year":
        return date(floor.year, 1, 1) if deadline.due.month == 12 else date(floor.year + 1, 1, 1)
    if deadline.precision == "month":
        return date(floor.year, floor.month, 1)
    return floor


def _period(n: int, unit: str) -> Period:
    unit = unit.rstrip("s")
    if unit in ("day", "week"):
        return Period(days=n * 7 if unit == "week" else n)
    return Period(months=n * 12 if unit == "year" else n)
