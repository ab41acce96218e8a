"""What an import has read or made, kept for its next documents.

Documents of one import mostly name the same actors, sessions and series: each is read
once and kept. One document's import looks each row up. A bulk import (bulk=True) also
reads, when it begins, the symbols stored (with each one's series), the series and the
actors: a row it takes for new is inserted without a lookup or a savepoint, and a
resolution it does not know is not looked for when recalled. Where another process stored
the same row meanwhile, the insert fails (IntegrityError): that document's transaction is
gone whole, and the caller stores it again with a cache of one document.

After a document fails, what it made was rolled back with it: forget() reads again.
"""
from __future__ import annotations

from .models import Actor, Resolution, SessionCalendar, Series
from .rows import DrawnIds


class ImportCache:
    def __init__(self, corrections: dict, bulk: bool = False):
        self.corrections = corrections  # the calendar's corrections, read once for the import
        self.bulk = bulk
        self.new_ids = DrawnIds() if bulk else None  # ids of new rows, drawn a block at a time
        # Each stored symbol's series (its id, or None): a resolution takes the series of one it recalls.
        self.series_of: dict[str, int | None] = (
            dict(Resolution.objects.values_list("symbol", "series_id")) if bulk else {})
        self.forget()

    def forget(self) -> None:
        """(Re)read what is stored: after a document failed, the rows it made are gone."""
        self._sessions: dict[tuple[str, int], SessionCalendar | None] = {}
        self._series: dict[str, Series] = {s.key: s for s in Series.objects.all()} if self.bulk else {}
        self._series_by_id: dict[int, Series | None] = {s.pk: s for s in self._series.values()}
        self._actors: dict[str, Actor] = {a.name: a for a in Actor.objects.all()} if self.bulk else {}

    def not_yet_stored(self, symbol: str) -> bool:
        """A bulk import knows the symbol was not stored when it began, nor by it since."""
        return self.bulk and symbol not in self.series_of

    def stored(self, symbol: str, series_id: int | None) -> None:
        if self.bulk:
            self.series_of[symbol] = series_id

    def recalled_series(self, recalls: list[str]) -> Series | None:
        """The series of the first recalled resolution, in the text's order, stored with one."""
        if not self.bulk:
            stored = {r.symbol: r.series for r in Resolution.objects.filter(symbol__in=recalls, series__isnull=False)
                      .select_related("series").only("symbol", "series")}
            return next((stored[symbol] for symbol in recalls if symbol in stored), None)
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
        if self.bulk:
            series, made = Series.objects.create(key=key, title=title), True
        else:
            series, made = Series.objects.get_or_create(key=key, defaults={"title": title})
        self._series[key] = self._series_by_id[series.pk] = series
        return series, made

    def actors(self, names) -> dict[str, Actor]:
        """The Actor rows of these names (cut to the column's length), made where missing."""
        limit = Actor._meta.get_field("name").max_length
        names = {name[:limit] for name in names}
        if missing := names - self._actors.keys():
            if self.bulk:
                self._actors.update((actor.name, actor) for actor in Actor.objects.made(missing))
            else:
                self._actors.update(Actor.objects.named(missing))
        return {name: self._actors[name] for name in names}

    def sessions(self, keys) -> dict[tuple[str, int], SessionCalendar | None]:
        """The SessionCalendar rows of these (body key, number), made from the calendar where missing."""
        keys = set(keys)
        for key in keys - self._sessions.keys():
            self._sessions[key] = SessionCalendar.objects.session(*key, self.corrections)
        return {key: self._sessions[key] for key in keys}
