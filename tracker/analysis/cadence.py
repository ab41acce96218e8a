"""How often a series asks, and whether anything ever stops it.

A series adopted every second year that asks each time for a report "at its next session
but one" never says "biennial": its history does. The cadence is read from the latest run
of at least three resolutions, evenly spaced in years, that each ask for a report.

A request that recurs (stated or implied), or a mandate with no end date, is open-ended
unless its resolution or a later one of its series holds a review or end clause
(`Resolution.reviews`, read by the parser).
"""
from __future__ import annotations

from datetime import date

from resolutions.models import Resolution, Series
from resolutions.parsing.periods import Period, name_of

from ..models import Obligation

MIN_RUN = 3  # resolutions: two equal gaps make a cadence, one gap does not
MAX_GAP_YEARS = 5


def latest_run(years: list[int]) -> tuple[int, list[int]] | None:
    """(gap, years) of the latest run of at least MIN_RUN years evenly spaced, or None.

    [2004, 2006, 2008] -> (2, [2004, 2006, 2008]); [2001, 2002, 2003, 2005, 2007] -> (2, [2003, 2005, 2007]).
    """
    years = sorted(set(years))
    if len(years) < MIN_RUN:
        return None
    gap = years[-1] - years[-2]
    if not 1 <= gap <= MAX_GAP_YEARS:
        return None
    start = len(years) - 2
    while start > 0 and years[start] - years[start - 1] == gap:
        start -= 1
    run = years[start:]
    return (gap, run) if len(run) >= MIN_RUN else None


def _when(resolution: Resolution) -> tuple:
    """Adoption order within a series: the date where known, else the session, then the symbol."""
    return (resolution.adopted or date.min, resolution.session or 0, resolution.symbol)


def refresh_series(series: Series) -> None:
    """Write the implied recurrence and the open-ended flag of every obligation of a series."""
    resolutions = sorted(series.resolutions.all(), key=_when)
    obligations = _flagged(Obligation.objects.filter(resolution__series=series))
    asking = {o.resolution_id for o in obligations if o.kind == Obligation.Kind.REPORT}
    dated = [r for r in resolutions if r.pk in asking and r.adopted]
    cadence = latest_run([r.adopted.year for r in dated])
    implied, sources = "", []
    if cadence:
        gap, years = cadence
        implied = name_of(Period(years=gap))
        sources = [r for r in dated if r.adopted.year in years]
    source_ids = {r.pk for r in sources}
    last_review = max((i for i, r in enumerate(resolutions) if r.reviews), default=-1)
    reviewed = {r.pk for r in resolutions[:last_review + 1]}
    _write(obligations, source_ids, implied, sources, reviewed)


def refresh_unserialized(resolution: Resolution) -> None:
    """A resolution of no series: only its own review clauses count, and no cadence can be read."""
    obligations = _flagged(resolution.obligations.all())
    _write(obligations, set(), "", [], {resolution.pk} if resolution.reviews else set())


def _flagged(obligations) -> list[Obligation]:
    """The obligations whose flags are written, with what the flags are read from."""
    return list(obligations.exclude(status=Obligation.Status.WITHDRAWN).only(
        "pk", "resolution_id", "kind", "recurrence", "due_date", "implied_recurrence", "open_ended"))


def _write(obligations, source_ids, implied, sources, reviewed) -> None:
    """Update only the obligations whose flags change; one UPDATE for each combination."""
    # The cadence is implied for the report requests of the run's resolutions that state none.
    implying = {o.pk for o in obligations if implied and o.resolution_id in source_ids
                and o.kind == Obligation.Kind.REPORT and not o.recurrence}
    changes: dict[tuple[str, bool], list[int]] = {}
    for o in obligations:
        o_implied = implied if o.pk in implying else ""
        recurring = bool(o.recurrence or o_implied)
        endless_mandate = o.kind == Obligation.Kind.MANDATE and o.due_date is None
        o_open_ended = (recurring or endless_mandate) and o.resolution_id not in reviewed
        if (o.implied_recurrence, o.open_ended) != (o_implied, o_open_ended):
            changes.setdefault((o_implied, o_open_ended), []).append(o.pk)
    for (o_implied, o_open_ended), pks in changes.items():
        Obligation.objects.filter(pk__in=pks).update(implied_recurrence=o_implied, open_ended=o_open_ended)
    Through = Obligation.implied_from.through
    pks = [o.pk for o in obligations]
    Through.objects.filter(obligation_id__in=pks).delete()
    Through.objects.bulk_create([Through(obligation_id=pk, resolution_id=r.pk) for pk in implying for r in sources])


def refresh(resolution_ids=None) -> None:
    """The cadence and open-ended flags of the series of these resolutions (all where None)."""
    resolutions = Resolution.objects.all() if resolution_ids is None else Resolution.objects.filter(
        pk__in=resolution_ids)
    for series in Series.objects.filter(pk__in=resolutions.filter(series__isnull=False).values("series")):
        refresh_series(series)
    for resolution in resolutions.filter(series__isnull=True):
        refresh_unserialized(resolution)
