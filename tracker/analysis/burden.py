"""The reporting burden: what the tracker derives across resolutions after an import, and
the figures of the "Reporting burden" page.

Derived, not parsed: a series' implied cadence and open-ended requests (cadence.py) and
possibly overlapping requests (overlap.py) depend on other resolutions than the one
imported, so they are refreshed after imports, for the series and groups they touch.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from resolutions.models import Series

from . import cadence, overlap
from ..models import Obligation, recurring_condition


def refresh(resolution_ids=None) -> dict:
    """Refresh cadence, open-ended flags and overlap pairs around these resolutions (all where None)."""
    ids = None if resolution_ids is None else list(resolution_ids)
    cadence.refresh(ids)
    return {"overlaps": overlap.refresh(ids)}


@dataclass
class Table:
    """The numbers behind one chart: what the page shows as a table, a chart and a download."""

    name: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: str = "bar"  # "bar", "stacked" or "horizontal"

    @property
    def data_id(self) -> str:
        return f"data-{self.name}"

    def chart_data(self) -> dict:
        """Chart.js' labels and datasets: the first column labels, each other column a dataset."""
        return {"type": self.chart, "labels": [str(r[0]) for r in self.rows],
                "datasets": [{"label": column, "data": [r[i] for r in self.rows]}
                             for i, column in enumerate(self.columns[1:], start=1)]}


def every_year(by_year: dict[int, object]) -> range:
    """From the first year to the last, none left out: a year with nothing asked is a zero on
    the chart's axis, not a gap that joins its neighbours."""
    return range(min(by_year), max(by_year) + 1) if by_year else range(0)


def asked():
    """What the resolutions asked, not the occurrences the tracker opened for recurring requests."""
    return Obligation.objects.exclude(status=Obligation.Status.WITHDRAWN).filter(follows__isnull=True)


def reports_per_year() -> Table:
    counts = (asked().filter(kind=Obligation.Kind.REPORT, resolution__adopted__isnull=False)
              .annotate(year=ExtractYear("resolution__adopted")).values_list("year", "resolution__body")
              .annotate(n=Count("pk")).order_by("year"))
    bodies = sorted({body or "unknown body" for _year, body, _n in counts})
    by_year: dict[int, dict[str, int]] = {}
    for year, body, n in counts:
        by_year.setdefault(year, {})[body or "unknown body"] = n
    return Table("per-year", "Reports requested per year, by body", ["year", *bodies],
                 [[year, *(by_year.get(year, {}).get(b, 0) for b in bodies)] for year in every_year(by_year)],
                 chart="stacked")


def reports_per_year_by_addressee(top: int = 6) -> Table:
    """The most asked addressees' report requests, year by year; everyone else together."""
    reports = asked().filter(kind=Obligation.Kind.REPORT, resolution__adopted__isnull=False)
    leaders = list(reports.exclude(addressees__name=None).values_list("addressees__name").annotate(
        n=Count("pk")).order_by("-n", "addressees__name").values_list("addressees__name", flat=True)[:top])
    counts = (reports.exclude(addressees__name=None).annotate(year=ExtractYear("resolution__adopted"))
              .values_list("year", "addressees__name").annotate(n=Count("pk")).order_by("year"))
    by_year: dict[int, dict[str, int]] = {}
    for year, name, n in counts:
        column = name if name in leaders else "others"
        by_year.setdefault(year, {}).setdefault(column, 0)
        by_year[year][column] += n
    columns = leaders + (["others"] if any("others" in found for found in by_year.values()) else [])
    return Table("per-year-addressee", f"Reports requested per year, by addressee (the {top} most asked, "
                                       "and the others)", ["year", *columns],
                 [[year, *(by_year.get(year, {}).get(c, 0) for c in columns)] for year in every_year(by_year)],
                 chart="stacked")


def recurring_per_year() -> Table:
    reports = asked().filter(kind=Obligation.Kind.REPORT, resolution__adopted__isnull=False).annotate(
        year=ExtractYear("resolution__adopted"))
    recurring = dict(reports.recurring().values_list("year").annotate(n=Count("pk")).values_list("year", "n"))
    every = dict(reports.values_list("year").annotate(n=Count("pk")).values_list("year", "n"))
    return Table("recurring", "Recurring and one-off report requests, by year of adoption",
                 ["year", "recurring", "one-off"],
                 [[year, recurring.get(year, 0), every.get(year, 0) - recurring.get(year, 0)]
                  for year in every_year(every)],
                 chart="stacked")


def reports_by_addressee(limit: int = 15) -> Table:
    rows = (asked().filter(kind=Obligation.Kind.REPORT).values_list("addressees__name")
            .annotate(n=Count("pk"), recurring=Count("pk", filter=recurring_condition()),
                      open_ended=Count("pk", filter=Q(open_ended=True)))
            .exclude(addressees__name=None).order_by("-n", "addressees__name")[:limit])
    return Table("by-addressee", f"Reports requested, by addressee (the {limit} most asked)",
                 ["addressee", "reports", "recurring", "open-ended"], [list(r) for r in rows], chart="horizontal")


def open_ended_by_body() -> Table:
    """Open-ended among what could be: recurring requests and mandates."""
    could = asked().filter(Q(kind=Obligation.Kind.MANDATE) | recurring_condition())
    rows = could.values_list("resolution__body").annotate(
        n=Count("pk"), open_ended=Count("pk", filter=Q(open_ended=True))).order_by("resolution__body")
    return Table("open-ended", "Open-ended: recurring requests and mandates with no end and no review clause",
                 ["body", "open-ended", "with an end or a review", "open-ended share (%)"],
                 [[body or "unknown body", oe, n - oe, round(100 * oe / n, 1) if n else 0] for body, n, oe in rows],
                 chart="stacked")


def open_ended_by_addressee(limit: int = 20) -> Table:
    rows = (asked().filter(open_ended=True).values_list("resolution__body", "addressees__name")
            .annotate(n=Count("pk")).order_by("-n", "resolution__body", "addressees__name")[:limit])
    return Table("open-ended-addressees", f"Open-ended, by body and addressee (the {limit} largest)",
                 ["body", "addressee", "open-ended"],
                 [[body or "unknown body", name or "no addressee", n] for body, name, n in rows], chart="")


def busiest_series(limit: int = 15) -> Table:
    rows = (Series.objects.annotate(
        requests=Count("resolutions__obligations", filter=Q(resolutions__obligations__kind=Obligation.Kind.REPORT,
                                                            resolutions__obligations__follows__isnull=True)),
        resolution_count=Count("resolutions", distinct=True))
        .filter(requests__gt=0).order_by("-requests", "title")[:limit])
    cadences = dict(Obligation.objects.filter(resolution__series__in=[s.pk for s in rows]).exclude(
        implied_recurrence="").values_list("resolution__series", "implied_recurrence").distinct())
    return Table("series", f"The series with the most report requests (the {limit} most)",
                 ["series", "report requests", "resolutions", "implied cadence"],
                 [[s.title, s.requests, s.resolution_count, cadences.get(s.pk, "")] for s in rows],
                 chart="horizontal")


TABLES = {
    "per-year": reports_per_year,
    "per-year-addressee": reports_per_year_by_addressee,
    "recurring": recurring_per_year,
    "by-addressee": reports_by_addressee,
    "open-ended": open_ended_by_body,
    "open-ended-addressees": open_ended_by_addressee,
    "series": busiest_series,
}
