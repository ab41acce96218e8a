"""Current work in the order staff read it: upcoming by due date from today, then past
deadlines the most recent first, then the undated.

One ORDER BY cannot say "ahead ascending, then behind descending" in a way an index
serves: the database would sort every open obligation to show fifty. So the list is read as
its three parts, each in the order of the index of open obligations by due date
(models.Obligation.Meta "open_by_due"), and a page reads only the parts it shows. The
sizes of the parts place a page among them; they are counted in one query, kept until the
obligations change (lib/counts.py).
"""
from __future__ import annotations

from datetime import date
from functools import cached_property
from itertools import chain

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Q
from django.utils.functional import SimpleLazyObject

from ..lib.counts import count_once_per_version, rows_key

TIES = ("resolution__symbol", "order")  # the same day: by resolution, then as its paragraphs run


def parts_of(today: date) -> tuple[Q, Q, Q]:
    """Which obligations each part holds: due from today, due before today, undated."""
    return Q(due_by__gte=today), Q(due_by__lt=today), Q(due_by__isnull=True)


class CurrentFirst:
    """The obligations of a queryset as a list a Paginator reads: count() and slices."""

    def __init__(self, queryset, today: date, tally=None):
        self.queryset, self.today, self.tally = queryset, today, tally
        ahead, behind, undated = parts_of(today)
        self.parts = (
            queryset.filter(ahead).order_by("due_by", *TIES),
            queryset.filter(behind).order_by("-due_by", *TIES),
            queryset.filter(undated).order_by(*TIES),
        )

    @cached_property
    def sizes(self) -> tuple[int, ...]:
        """How many obligations each part holds, in one query."""
        try:
            key = f"current first {self.today} {rows_key(self.queryset)}"
        except EmptyResultSet:
            return (0, 0, 0)
        return count_once_per_version(key, self._count_parts)

    def _count_parts(self) -> tuple[int, ...]:
        parts = {f"part{i}": part for i, part in enumerate(parts_of(self.today))}
        if self.tally is not None:
            counted = self.tally.totals(**parts)
        else:
            counted = self.queryset.order_by().aggregate(
                **{name: Count("pk", filter=part) for name, part in parts.items()})
        return tuple(counted[name] for name in parts)

    def count(self) -> int:
        return sum(self.sizes)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        """The rows of a slice, read when first used, as a queryset's are: a page whose rows
        were rendered and kept (lib/counts.py) reads none. One row by its position, at once."""
        if not isinstance(index, slice):
            found = self._rows(index, index + 1)
            if not found:
                raise IndexError(index)
            return found[0]
        return SimpleLazyObject(lambda: self._rows(index.start or 0, index.stop))

    def _rows(self, start: int, stop: int | None) -> list:
        """The rows from start to stop, read from the parts they fall in."""
        stop = self.count() if stop is None else stop
        if start == 0 and "sizes" not in self.__dict__:
            return self._first(stop)  # the first rows need no count; once counted, empty parts are skipped
        rows = []
        for part, size in zip(self.parts, self.sizes):
            if start < size and stop > 0:
                rows += part[max(start, 0):min(stop, size)]
            start, stop = start - size, stop - size
        return rows

    def _first(self, wanted: int) -> list:
        """The first rows, part after part until there are enough: nothing counted first."""
        rows = []
        for part in self.parts:
            if len(rows) >= wanted:
                break
            rows += part[:wanted - len(rows)]
        return rows

    def __iter__(self):
        return chain(*self.parts)
