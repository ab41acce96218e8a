"""When a body's Nth session opens, from the calendars in data/sessions.toml."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .lexicon import calendars


@dataclass(frozen=True)
class SessionDate:
    body: str
    number: int
    opens: date
    precision: str  # "day" or "month"
    source: str  # "known" or "projected"


def calendar_name(key: str) -> str:
    return calendars()[key]["name"]


def body_key(name: str) -> str | None:
    """The calendar key of a body named in full ('Commission on Narcotic Drugs')."""
    for key, cal in calendars().items():
        if cal["name"].lower() == name.lower():
            return key
    return None


def sessions_a_year(key: str) -> int:
    """How many regular sessions the body holds a year (three for the Human Rights Council)."""
    return calendars().get(key, {}).get("per_year", 1)


def ga_rule_opening(year: int, week: int = 3) -> date:
    """Tuesday of the given week of September, weeks counted from the first that holds a working day."""
    first = date(year, 9, 1)
    monday = first - timedelta(days=first.weekday())
    if first.weekday() >= 5:  # 1 September on a weekend: that week has no working day in September
        monday += timedelta(days=7)
    return monday + timedelta(weeks=week - 1, days=1)


def opening(key: str, number: int, overrides: dict | None = None) -> SessionDate | None:
    """Opening of session `number` of the body `key`; None where the calendar cannot say.

    `overrides` maps (key, number) to a SessionDate, so stored corrections win.
    """
    if overrides and (key, number) in overrides:
        return overrides[(key, number)]
    cal = calendars().get(key)
    if cal is None or number < 1:
        return None
    rule = cal["rule"]
    if rule == "ga":
        known = cal.get("known", {}).get(str(number))
        if known:
            return SessionDate(key, number, date.fromisoformat(known), "day", "known")
        if number < 58:
            return None  # before resolution 57/301 another rule applied
        week = 2 if number >= cal["earlier_from"] else 3
        return SessionDate(key, number, ga_rule_opening(cal["base_year"] + number, week), "day", "projected")
    if rule == "annual":
        known = cal.get("known_months", {}).get(str(number))
        if known:
            year, month = map(int, known.split("-"))
            return SessionDate(key, number, date(year, month, 1), "month", "known")
        return SessionDate(key, number, date(cal["base_year"] + number, cal["month"], 1), "month", "projected")
    if rule == "cycle":
        known = cal.get("known", {}).get(str(number))
        if known:
            return SessionDate(key, number, date.fromisoformat(known), "day", "known")
        eras = [era for era in cal["eras"] if era["from"] <= number]
        if not eras:
            return None
        era = eras[-1]
        offset = number - era["from"]
        year = era["year"] + offset // cal["per_year"]
        month = era["months"][offset % cal["per_year"]]
        return SessionDate(key, number, date(year, month, 1), "month", "projected")
    return None


def numbered_by_year(key: str) -> bool:
    """The body names its sessions by year ('substantive session of 2009'), not by number."""
    return calendars().get(key, {}).get("rule") == "by-year"


def opening_in_year(key: str, year: int) -> SessionDate | None:
    """Bodies whose sessions are named by year ('substantive session of 2009')."""
    if not numbered_by_year(key):
        return None
    return SessionDate(key, year, date(year, calendars()[key]["month"], 1), "month", "projected")


def next_session(key: str, after: date, overrides: dict | None = None) -> SessionDate | None:
    """The first session of a body that opens after a day: where a report 'to the Council' goes."""
    if key not in calendars():
        return None
    if numbered_by_year(key):
        for year in (after.year, after.year + 1):
            when = opening_in_year(key, year)
            if when and when.opens > after:
                return when
        return None
    for number in range(1, 400):
        when = opening(key, number, overrides)
        if when and when.opens > after:
            return when
    return None
