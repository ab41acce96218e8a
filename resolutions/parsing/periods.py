"""Recurrence periods: the named ones of data/periods.toml and ISO 8601 durations ("P90D").

One table for the parser, which names what it reads, and for the tracker, which opens
the next occurrence of a recurring request one period after the last.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from .lexicon import load_data

ISO_PERIOD_RE = re.compile(r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?$")


@dataclass(frozen=True)
class Period:
    years: int = 0
    months: int = 0
    days: int = 0

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def after(self, start: date) -> date:
        """The day one period after `start` (a month end stays within its month)."""
        year, month = divmod(start.month - 1 + self.total_months, 12)
        year += start.year
        day = min(start.day, calendar.monthrange(year, month + 1)[1])
        return date(year, month + 1, day) + timedelta(days=self.days)

    def iso(self) -> str:
        parts = [f"{n}{unit}" for n, unit in ((self.years, "Y"), (self.months, "M"), (self.days, "D")) if n]
        return "P" + ("".join(parts) or "0D")


@cache
def named_periods() -> dict[str, Period]:
    return {name: parse_iso(value) for name, value in load_data("periods.toml")["periods"].items()}


def parse_iso(value: str) -> Period:
    match = ISO_PERIOD_RE.match(value)
    if not match or not any(match.groupdict().values()):
        raise ValueError(f"not an ISO 8601 period: {value!r}")
    n = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
    return Period(n["years"], n["months"], n["weeks"] * 7 + n["days"])


def period_of(recurrence: str | None) -> Period | None:
    """The period of a recurrence as the parser gives it: a name or an ISO duration."""
    if not recurrence:
        return None
    if recurrence in named_periods():
        return named_periods()[recurrence]
    try:
        return parse_iso(recurrence)
    except ValueError:
        return None


def name_of(period: Period) -> str:
    """The period's name where it has one ("biennial"), else its ISO form ("P90D")."""
    for name, known in named_periods().items():
        if known.total_months == period.total_months and known.days == period.days:
            return name
    return period.iso()
