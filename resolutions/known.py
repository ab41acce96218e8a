"""What a bulk import knows is stored, so that it writes new rows without asking first.

An import of many files reads once, at its start, the symbols, series and actors stored,
and adds what it stores. A row it takes for new is inserted without a lookup or a
savepoint. Where another process stored the same row meanwhile, the insert fails
(IntegrityError): that document's transaction is gone whole, and the caller stores it
again, looking each row up. After a document fails, what it made was rolled back with it:
forget() has the series and actors read again.
"""
from __future__ import annotations

from .models import Actor, Resolution, Series
from .rows import DrawnIds


class Known:
    def __init__(self):
        self.symbols: set[str] = set(Resolution.objects.values_list("symbol", flat=True))
        self.drawn = DrawnIds()  # the ids of new paragraphs and obligations, drawn a block at a time
        self.forget()

    def surely_new(self, symbol: str) -> bool:
        """Not stored when the import began, nor by it since (its own files may repeat a symbol)."""
        return symbol not in self.symbols

    def stored(self, symbol: str) -> None:
        self.symbols.add(symbol)

    def series(self, key: str, title: str) -> tuple[Series, bool]:
        """The series of this key, and whether it was made now."""
        if key in self._series:
            return self._series[key], False
        series = self._series[key] = Series.objects.create(key=key, title=title)
        return series, True

    def actors(self, names: set[str]) -> dict[str, Actor]:
        """The Actor rows of these names (cut to the column's length already), made where missing."""
        if missing := names - self._actors.keys():
            self._actors.update((actor.name, actor) for actor in Actor.objects.made(missing))
        return {name: self._actors[name] for name in names}

    def forget(self) -> None:
        """(Re)read the series and actors stored: after a document failed, those it made are gone."""
        self._series: dict[str, Series] = {series.key: series for series in Series.objects.all()}
        self._actors: dict[str, Actor] = {actor.name: actor for actor in Actor.objects.all()}
