"""What a bulk import knows is stored, so that it writes new rows without asking first.

An import of many files reads once, at its start, the symbols (with each one's series),
series and actors stored, and adds what it stores. A row it takes for new is inserted
without a lookup or a savepoint. Where another process stored the same row meanwhile,
the insert fails (IntegrityError): that document's transaction is gone whole, and the
caller stores it again, looking each row up. After a document fails, what it made was
rolled back with it: forget() has the series and actors read again.
"""
from __future__ import annotations

from .models import Actor, Resolution, Series
from .rows import DrawnIds


class Known:
    def __init__(self):
        # Each stored symbol's series (its id, or None): a resolution takes the series of one it recalls.
        self.series_of: dict[str, int | None] = dict(Resolution.objects.values_list("symbol", "series_id"))
        self.new_ids = DrawnIds()  # the ids of new rows, drawn a block at a time
        self.forget()

    def not_yet_stored(self, symbol: str) -> bool:
        """Not stored when the import began, nor by it since (its own files may repeat a symbol)."""
        return symbol not in self.series_of

    def stored(self, symbol: str, series_id: int | None) -> None:
        self.series_of[symbol] = series_id

    def recalled_series(self, recalls: list[str]) -> Series | None:
        """The series of the first recalled resolution, in the text's order, stored with one."""
        for symbol in recalls:
            if (pk := self.series_of.get(symbol)) is None:
                continue
            if pk not in self._series_by_id:  # stored with a series made after forget(), if it is still there
                self._series_by_id[pk] = Series.objects.filter(pk=pk).first()
            if self._series_by_id[pk] is not None:
                return self._series_by_id[pk]
        return None

    def series(self, key: str, title: str) -> tuple[Series, bool]:
        """The series of this key, and whether it was made now."""
        if key in self._series:
            return self._series[key], False
        series = self._series[key] = Series.objects.create(key=key, title=title)
        self._series_by_id[series.pk] = series
        return series, True

    def actors(self, names: set[str]) -> dict[str, Actor]:
        """The Actor rows of these names (cut to the column's length already), made where missing."""
        if missing := names - self._actors.keys():
            self._actors.update((actor.name, actor) for actor in Actor.objects.made(missing))
        return {name: self._actors[name] for name in names}

    def forget(self) -> None:
        """(Re)read the series and actors stored: after a document failed, those it made are gone."""
        self._series: dict[str, Series] = {series.key: series for series in Series.objects.all()}
        self._series_by_id: dict[int, Series | None] = {series.pk: series for series in self._series.values()}
        self._actors: dict[str, Actor] = {actor.name: actor for actor in Actor.objects.all()}
