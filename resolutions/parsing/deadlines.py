"""By when, and how often: deadlines and recurrence read from an obligation's words.

Only a time by which something is to be done counts: a session or date introduced by
"at", "during", "by", "before", "in", "on", "until"... A session that is only the
object ("the results of the fifty-second session"), a date of a past event, a past
target or "beyond 2009" is no deadline.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain

from .actors import known_mentions
from .calendar import body_key, opening, opening_in_year
from .model import Deadline
from .periods import Period, name_of
from .lexicon import alternation, grammar
from .rules import Rule, Rules
from .words import MONTH_PATTERN, MONTHS, NUMBER_PATTERN, ORDINAL_PATTERN, number_value, ordinal_value

TEMPORAL = rf"(?:{alternation(grammar()['deadlines']['before_session'])})"
SEGMENT = r"(?:(?:the|a|its)\s+(?:[\w-]+\s+){0,3}(?:segment|part|meeting|meetings|debate|dialogue|panel)\s+(?:of|at|during)\s+)?"
BODY_NAME = r"(?:the\s+)?(?P<body>(?-i:[A-Z][\w’'-]*(?:(?:\s+(?:on|of|for|and|the|to))*\s+[A-Z][\w’'-]*)*))"

SESSION_RE = re.compile(
    rf"(?:\b{TEMPORAL}\s+{SEGMENT}|\bagenda\s+of\s+)(?P<det>its|the|their)\s+(?P<ordinal>{ORDINAL_PATTERN})\s+"
    rf"(?P<more>(?:,\s*{ORDINAL_PATTERN}\s+)*(?:,?\s*(?P<joint>and|to)\s+{ORDINAL_PATTERN}\s+))?(?:regular\s+)?sessions?(?!\s*\))"
    rf"(?:\s+of\s+{BODY_NAME})?",
    re.I,
)
# "at the second part of its resumed seventy-second session": the Assembly resumes a session
# in the year after it opened; the text gives no day.
RESUMED_SESSION_RE = re.compile(
    rf"\b{TEMPORAL}\s+(?:the\s+)?(?:(?:first|second|third)\s+part\s+of\s+)?(?:its|the)\s+resumed\s+"
    rf"(?P<ordinal>{ORDINAL_PATTERN})\s+session\b", re.I)
NEXT_SESSION_RE = re.compile(rf"\b{TEMPORAL}\s+{SEGMENT}its\s+(?:next|forthcoming)\s+(?:regular\s+)?session\b", re.I)
YEAR_SESSION_RE = re.compile(
    rf"(?:\b{TEMPORAL}\s+{SEGMENT}|\bagenda\s+of\s+)(?:its|the)\s+(?:(?:substantive|regular|annual)\s+session\s+of\s+(?P<year1>\d{{4}})"
    rf"|(?P<year2>\d{{4}})\s+(?:substantive\s+)?session"
    rf"|(?:[\w-]+\s+){{0,3}}segment\s+of\s+(?:its\s+)?(?P<year3>\d{{4}})(?:\s+session)?)(?:\s+of\s+{BODY_NAME})?",
    re.I,
)
DAY_RE = re.compile(
    rf"\b(?P<prep>on|by|before|until|no\s+later\s+than|not\s+later\s+than|prior\s+to)\s+(?:the\s+)?"
    rf"(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_PATTERN})\s+(?P<year>\d{{4}})"
)
RANGE_RE = re.compile(rf"\bfrom\s+(?:\d{{1,2}}\s+)?{MONTH_PATTERN}(?:\s+\d{{4}})?\s+to\s+(?:\d{{1,2}}\s+)?(?P<month>{MONTH_PATTERN})\s+(?P<year>\d{{4}})")
PERIOD_BEFORE_RE = re.compile(r"\bperiods?\s+$")
MONTH_RE = re.compile(
    rf"\b(?P<prep>in|by|before|until|during|no\s+later\s+than|not\s+later\s+than|from)\s+(?:early\s+|mid-|late\s+)?"
    rf"(?P<month>{MONTH_PATTERN})\s+(?P<year>\d{{4}})"
)
YEAR_RE = re.compile(
    r"\b(?P<prep>by|before|until|no\s+later\s+than|not\s+later\s+than|in)\s+(?P<end>(?:the\s+)?end\s+of\s+)?(?P<year>(?:19|20)\d\d)\b(?!\s*[-/])"
)
UNIT = r"(?P<unit>days?|weeks?|months?|years?)"
WITHIN_RE = re.compile(rf"\bwithin\s+(?:a\s+period\s+of\s+)?(?P<n>{NUMBER_PATTERN})\s+{UNIT}", re.I)
# "no later than 60 days after the adoption of this resolution", "until one year from the date of adoption"
AFTER_ADOPTION_RE = re.compile(
    rf"\b(?P<n>{NUMBER_PATTERN})\s+{UNIT}\s+(?:after|from|following|of)\s+(?:the\s+)?(?:date\s+of\s+(?:the\s+)?)?"
    rf"adoption\b",
    re.I,
)
# A mandate's length: "for a further period of 12 months", "for an additional six months".
FOR_A_PERIOD = (rf"for\s+(?:a\s+(?:further\s+|new\s+|final\s+)?period\s+(?:of\s+)?|an?\s+(?:additional|further)\s+)?"
                rf"(?:(?:no\s+longer\s+than|not\s+exceeding|up\s+to)\s+)?(?P<n>{NUMBER_PATTERN})\s+{UNIT}")
# ... and from when: "(from 1 May 2026 | from the date of adoption)".
MANDATE_PERIOD_RE = re.compile(
    rf"\b{FOR_A_PERIOD}"
    rf"(?:,?\s+(?:from|starting|beginning|as\s+from|with\s+effect\s+from)\s+(?:on\s+)?"
    rf"(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_PATTERN})\s+(?P<year>\d{{4}}))?",
    re.I,
)
# "by 31 March each year", "on 10 October annually", "annually by 1 May": a day without a year.
ANNUAL_DAY_RE = re.compile(
    rf"\b(?:(?:annually|each\s+year|every\s+year),?\s+)?(?P<prep>by|on|before|no\s+later\s+than|not\s+later\s+than)"
    rf"\s+(?:the\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_PATTERN})(?!\s*,?\s*\d{{4}})"
    rf"(?P<after>\s+(?:of\s+)?(?:each|every)\s+year|\s+annually|\s+of\s+each\s+year)?"
)
# "every 90 days", "every four months thereafter".
EVERY_RE = re.compile(rf"\bevery\s+(?P<n>{NUMBER_PATTERN})\s+{UNIT}", re.I)
PLAUSIBLE_YEARS = 6  # a session asked for further ahead than this is not the one meant


def _every_n_units(match: re.Match) -> str | None:
    """"every 90 days", "every four months thereafter": an ISO period (P90D, P4M)."""
    n = number_value(match.group("n"))
    return name_of(_period(n, match.group("unit"))) if n else None


def _every_n_years(match: re.Match) -> str | None:
    """"every two years" (P2Y), "biennial" (biennial)."""
    if match.group("n"):
        return name_of(Period(years=number_value(match.group("n"))))
    word = match.group("word").lower()
    return word[:-2] if word.endswith("ly") else word


def _named(period: str) -> Callable[[re.Match], str]:
    return lambda match: period


# How often, tried in this order: the first rule that matches says.
RECURRENCE_RULES = Rules([
    Rule("every n units", EVERY_RE, ("every",), _every_n_units),
    # "every two years", "biennial", "triennially"
    Rule("years", re.compile(r"\bevery\s+(?P<n>two|three|four|five|2|3|4|5)\s+years\b"
                             r"|\b(?P<word>biennial(?:ly)?|triennial(?:ly)?|quadrennial(?:ly)?)\b", re.I),
         ("every", "ennial"), _every_n_years),
    # "annually", "each year", "on an annual basis", "at each of its sessions"; not "semi-annual"
    Rule("annual", re.compile(r"\b(?:(?<!semi-)annual(?:ly)?|each\s+year|every\s+year|yearly|on\s+an\s+annual\s+basis"
                              r"|at\s+each\s+(?:of\s+its\s+)?(?:regular\s+)?sessions?)\b", re.I),
         ("annual", "each", "every", "yearly"), _named("annual")),
    # "every six months", "semi-annually", "twice a year", "biannual"
    Rule("semi-annual", re.compile(r"\b(?:every\s+six\s+months|semi-annual(?:ly)?|twice\s+a\s+year|biannual(?:ly)?)\b",
                                   re.I), ("every", "annual", "twice"), _named("semi-annual")),
    Rule("quarterly", re.compile(r"\b(?:quarterly|every\s+three\s+months)\b", re.I), ("quarterly", "every"),
         _named("quarterly")),
    Rule("monthly", re.compile(r"\b(?:monthly|every\s+month)\b", re.I), ("monthly", "every"), _named("monthly")),
])


def recurrence(text: str) -> str | None:
    """How often: a named period ("annual") or an ISO one ("P90D") for "every 90 days"."""
    for rule in RECURRENCE_RULES.that_may_match(text):
        match = rule.pattern.search(text)
        if match and (period := rule.read(match)):
            return period
    return None


def find_deadline(*args, **kwargs) -> Deadline | None:
    """The first deadline in the text, or None."""
    found = find_deadlines(*args, **kwargs)
    return found[0] if found else None


@dataclass(frozen=True)
class Reading:
    """One obligation's text, and what its deadlines are read against."""

    text: str
    session: int | None
    adopted: date | None
    floor: date | None  # adoption, else the opening of the resolution's session: the past ends there
    resolve_body: Callable[[str], str | None]
    addressees: list[str]
    overrides: dict | None
    calendar: str  # the adopting body's calendar key
    warnings: list[str] | None
    named: NamedBodies


def find_deadlines(
    text: str,
    session: int | None,
    adopted: date | None,
    resolve_body: Callable[[str], str | None],
    addressees: list[str] | None = None,
    overrides: dict | None = None,
    calendar: str = "general-assembly",
    warnings: list[str] | None = None,
) -> list[Deadline]:
    """The future deadlines in the text: the first, and those listed beside it.

    resolve_body turns "the Commission" into a full name; "its" is the adopting body's
    (its calendar key is `calendar`) unless the session number only fits the addressee's own.
    Each form of deadline is a rule (DEADLINE_RULES): only those whose words stand in the text run.
    """
    rules = DEADLINE_RULES.that_may_match(text)
    if not rules:
        return []
    floor = adopted or _session_floor(calendar, session, overrides)
    reading = Reading(text, session, adopted, floor, resolve_body, addressees or [], overrides, calendar, warnings,
                      NamedBodies(text))
    candidates = [(match.start(), deadline) for rule in rules for match in rule.pattern.finditer(text)
                  for deadline in rule.read(match, reading)]
    future = [d for _, d in sorted(candidates, key=lambda c: c[0]) if _still_ahead(d, floor, overrides)]
    return _listed_beside_the_first(future)


def _listed_beside_the_first(future: list[Deadline]) -> list[Deadline]:
    """Several deadlines of the first one's sort are listed deliverables: "an interim report by
    28 March and a final report by 1 October", "at its forty-sixth and forty-ninth sessions"."""
    if not future:
        return []
    alike = [d for d in future if (d.session is None) == (future[0].session is None)
             and d.precision == future[0].precision]
    listed: list[Deadline] = []
    for deadline in alike:
        if all(deadline.due != d.due for d in listed):
            listed.append(deadline)
    return listed


def _at_sessions(match: re.Match, reading: Reading) -> Iterator[Deadline]:
    """"at its sixty-fourth session", "the fifty-second session of the Commission ...", "at its
    forty-sixth and forty-ninth sessions": each session's opening day."""
    numbers = _session_numbers(match)
    key = _session_body(match, numbers[0], reading) if numbers else None
    if not key:
        return
    for number in numbers:
        when = opening(key, number, reading.overrides)
        if when:
            yield Deadline(when.opens, when.precision, match.group(0).strip(), (key, number))


def _session_numbers(match: re.Match) -> list[int]:
    """The sessions named: "its seventy-sixth to seventy-eighth sessions" is three of them."""
    numbers = [ordinal_value(match.group("ordinal"))]
    numbers += [ordinal_value(w) for w in re.findall(ORDINAL_PATTERN, match.group("more") or "")
                if w.lower() not in ("and", "to")]
    if not all(numbers):
        return []
    if match.group("joint") and match.group("joint").lower() == "to" and numbers[-1] - numbers[0] < 12:
        return list(range(numbers[0], numbers[-1] + 1))
    return numbers


def _session_body(match: re.Match, number: int, reading: Reading) -> str | None:
    """Whose session: the body named after it, the one "its" stands for, or the adopting body's."""
    body = match.group("body")
    if body:
        full = reading.resolve_body(body) if not body_key(body) else body
        return body_key(full) if full else None
    if match.group("det").lower() == "its":
        return _body_meant_by_its(reading.named.nearest_before(match.start()), number, reading.addressees,
                                  reading.floor, reading.overrides, reading.calendar)
    session = reading.session
    return reading.calendar if reading.calendar and session and number >= session else None


def _at_resumed_session(match: re.Match, reading: Reading) -> Iterator[Deadline]:
    """"at the second part of its resumed seventy-second session": the year after it opened."""
    number = ordinal_value(match.group("ordinal"))
    when = opening(reading.calendar, number, reading.overrides) if number and reading.calendar else None
    if when:
        yield Deadline(date(when.opens.year + 1, 1, 1), "year", match.group(0).strip(), (reading.calendar, number))


def _at_next_session(match: re.Match, reading: Reading) -> Iterator[Deadline]:
    """"at its next session": the adopting body's, unless another body was named before it."""
    nearest = next(iter(reading.named.nearest_before(match.start())), None)
    calendar, session = reading.calendar, reading.session
    if session and calendar and (nearest is None or body_key(nearest) in (None, calendar)):
        when = opening(calendar, session + 1, reading.overrides)
        if when:
            yield Deadline(when.opens, when.precision, match.group(0).strip(), (calendar, session + 1))


def _at_year_session(match: re.Match, reading: Reading) -> Iterator[Deadline]:
    """"at its substantive session of 2009", "the 2010 session": the session held that year."""
    body = match.group("body")
    full = (reading.resolve_body(body) if body and not body_key(body) else body) or ""
    key = body_key(full) or "economic-and-social-council"
    when = opening_in_year(key, int(match.group("year1") or match.group("year2") or match.group("year3")))
    if when:
        yield Deadline(when.opens, when.precision, match.group(0).strip(), (key, when.number))


def _on_day(match: re.Match, reading: Reading) -> Iterator[Deadline]:
    """"by 31 March 2010"; "31 April" is a warning, not a deadline."""
    try:
        due = date(int(match.group("year")), MONTHS[match.group("month").lower()], int(match.group("day")))
    except ValueError:
        if reading.warnings is not None:
            reading.warnings.append(f"no such day: '{match.group(0)}' is read as no deadline")
        return
    yield Deadline(due, "day", match.group(0))


def _on_day_each_year(match: re.Match, reading: Reading) -> Iterator[Deadline]:
    """"by 31 March each year": the first such day after adoption."""
    yearly = match.group("after") or re.match(r"(?:annually|each\s+year|every\s+year)", match.group(0))
    if not (yearly and reading.floor):
        return
    due = _next_day_of_year(int(match.group("day")), MONTHS[match.group("month").lower()], reading.floor)
    if due:
        yield Deadline(due, "day", match.group(0))


def _by_end_of_month_range(match: re.Match, reading: Reading) -> Iterator[Deadline]:
    """"from January to March 2010": the range's last month; "for the period from 1 July 2018
    to 30 June 2019" names a budget period, no deadline."""
    if not PERIOD_BEFORE_RE.search(reading.text, max(0, match.start() - 12), match.start()):
        yield _month_deadline(match)


def _in_month(match: re.Match, reading: Reading) -> Iterator[Deadline]:
    """"in March 2010", "by early June 2011"; "from March 2010" starts something, it is no deadline."""
    if match.group("prep") != "from":
        yield _month_deadline(match)


def _month_deadline(match: re.Match) -> Deadline:
    due = date(int(match.group("year")), MONTHS[match.group("month").lower()], 1)
    return Deadline(due, "month", match.group(0))


def _in_year(match: re.Match, reading: Reading) -> Iterator[Deadline]:
    """"by 2015" (its end), "in 2015" (the year, unless a month follows: "in 2015 March")."""
    year = int(match.group("year"))
    if match.group("prep") != "in":
        yield Deadline(date(year, 12, 31), "year", match.group(0))
    elif not re.match(rf"\s+(?:{MONTH_PATTERN})", reading.text[match.end():]):
        yield Deadline(date(year, 1, 1), "year", match.group(0))


def _period_after_adoption(match: re.Match, reading: Reading) -> Iterator[Deadline]:
    """"within 30 days", "no later than 60 days after the adoption": counted from adoption."""
    if reading.adopted:
        due = _period(number_value(match.group("n")), match.group("unit")).after(reading.adopted)
        yield Deadline(due, "day", match.group(0))


MONTH_NAMES = tuple(MONTHS)
# Each form of deadline, in the order its matches are listed where two start together.
DEADLINE_RULES = Rules([
    Rule("session", SESSION_RE, ("session",), _at_sessions),
    Rule("resumed session", RESUMED_SESSION_RE, ("resumed",), _at_resumed_session),
    Rule("next session", NEXT_SESSION_RE, ("next", "forthcoming"), _at_next_session),
    Rule("year session", YEAR_SESSION_RE, ("session", "segment"), _at_year_session),
    Rule("day", DAY_RE, MONTH_NAMES, _on_day),
    Rule("day each year", ANNUAL_DAY_RE, MONTH_NAMES, _on_day_each_year),
    Rule("month range", RANGE_RE, MONTH_NAMES, _by_end_of_month_range),
    Rule("month", MONTH_RE, MONTH_NAMES, _in_month),
    Rule("year", YEAR_RE, ("19", "20"), _in_year),
    Rule("within", WITHIN_RE, ("within",), _period_after_adoption),
    Rule("after adoption", AFTER_ADOPTION_RE, ("adoption",), _period_after_adoption),
])


def _still_ahead(deadline: Deadline, floor: date | None, overrides: dict | None) -> bool:
    """A past event or target is no deadline; a session is ahead until the next one opens."""
    if floor is None:
        return True
    if deadline.session:
        key, number = deadline.session
        following = opening(key, number + 1, overrides)
        if following and following.opens > floor and deadline.due >= date(floor.year - 1, 1, 1):
            return True
    return deadline.due >= _floor_for(deadline, floor)


class NamedBodies:
    """The bodies a text names, read once for all its "its ... session" phrases: reading the
    text before each phrase anew made a paragraph of many phrases take quadratic time."""

    def __init__(self, text: str):
        self.text = text
        self.ends_by_name: dict[str, list[int]] | None = None

    def nearest_before(self, position: int) -> list[str]:
        """Each name that ends before the position, once, the nearest first."""
        if self.ends_by_name is None:
            self.ends_by_name = {}
            for mention in known_mentions(self.text):
                if not mention.qualifier:
                    self.ends_by_name.setdefault(mention.name, []).append(mention.end)
        latest = {name: ends[count - 1] for name, ends in self.ends_by_name.items()
                  if (count := bisect_right(ends, position))}
        return sorted(latest, key=latest.get, reverse=True)


def _body_meant_by_its(named_nearest_first: Iterable[str], number: int, addressees: list[str],
                       floor: date | None, overrides: dict | None, calendar: str) -> str | None:
    """Whose session "its Nth session" is: the nearest body named before it, an addressee,
    or the adopting body, whichever has an Nth session in the next few years."""
    for key in chain(map(body_key, chain(named_nearest_first, addressees)), [calendar]):
        when = opening(key, number, overrides) if key else None
        if when and (floor is None or floor.year - 1 <= when.opens.year <= floor.year + PLAUSIBLE_YEARS):
            return key
    return calendar or None  # "its" is the adopting body's own voice, however far ahead


def _session_floor(calendar: str, session: int | None, overrides: dict | None) -> date | None:
    """With no adoption date, the resolution is taken as adopted at its session's opening."""
    when = opening(calendar, session, overrides) if calendar and session else None
    return when.opens if when else None


def _floor_for(deadline: Deadline, floor: date) -> date:
    if deadline.precision == "year":
        return date(floor.year, 1, 1) if deadline.due.month == 12 else date(floor.year + 1, 1, 1)
    if deadline.precision == "month":
        return date(floor.year, floor.month, 1)
    return floor


def _next_day_of_year(day: int, month: int, after: date) -> date | None:
    """The first such day after `after`: 31 March each year, from a resolution of December, is next March's."""
    for year in (after.year, after.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate > after:
            return candidate
    return None


def first_occurrence(text: str, adopted: date | None) -> Deadline | None:
    """A cycle with no date of its own ("every 90 days"): its first falls one period after adoption."""
    every = EVERY_RE.search(text) if adopted and "every" in text.lower() else None
    if not every or not number_value(every.group("n")):
        return None
    return Deadline(_period(number_value(every.group("n")), every.group("unit")).after(adopted), "day", every.group(0))


def mandate_end(text: str, adopted: date | None, warnings: list[str] | None = None) -> Deadline | None:
    """When a mandate set for a period ends: from the date it names, else from adoption."""
    for match in MANDATE_PERIOD_RE.finditer(text):
        start = adopted
        if match.group("day"):
            try:
                start = date(int(match.group("year")), MONTHS[match.group("month").lower()], int(match.group("day")))
            except ValueError:
                if warnings is not None:
                    warnings.append(f"no such day: '{match.group(0)}' is read as no deadline")
                continue
        n = number_value(match.group("n"))
        if start and n:
            return Deadline(_period(n, match.group("unit")).after(start), "day", match.group(0))
    return None


def _period(n: int, unit: str) -> Period:
    unit = unit.lower().rstrip("s")
    if unit in ("day", "week"):
        return Period(days=n * 7 if unit == "week" else n)
    return Period(months=n * 12 if unit == "year" else n)
