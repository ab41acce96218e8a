"""Import: a resolution file becomes stored paragraphs and obligations, in one transaction.

A re-import of the same symbol refreshes what the parser derives and keeps what people
set or edited (owner, status, notes, an edited due date or addressee). An obligation
whose clause disappeared is closed as withdrawn, never deleted.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, IntegrityError, connection, transaction

from resolutions.ahead import AHEAD_FROM_FILES, prepared_in_order
from resolutions.documents import read_bytes, read_document
from resolutions.fetching import FetchFailed, NotYetIssued, fetch_document
from resolutions.models import Actor, Resolution, SessionCalendar, Series
from resolutions.parsing import ParseError, parse_resolution, parser_stamp, symbol_from_file_name
from resolutions.known import ImportCache
from resolutions.rows import insert_links
from resolutions.storing import truncate_to_field, stored_from_same_text, store_resolution

from .history import apply_edit, record_changes, snapshot
from .superseding import supersede_in_series
from ..lib import tally
from ..models import Evidence, Obligation, ObligationChange, due_days, mandate_keys

class ImportFailed(Exception):
    """A file that could not be imported; the message names the file and the reason."""


@dataclass
class ImportResult:
    symbol: str
    source: str
    created: bool
    paragraphs: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    evidence: list[str] = field(default_factory=list)
    renewed: list[str] = field(default_factory=list)
    superseded: int = 0  # earlier requests of the series this one asks again
    warnings: list[str] = field(default_factory=list)

    @property
    def obligations(self) -> int:
        return self.new + self.updated + self.unchanged

    @property
    def summary(self) -> str:
        """'2 new, 1 updated, 45 unchanged', or 'unchanged' for a re-import that changed nothing."""
        if not (self.new or self.updated or self.withdrawn):
            return "unchanged"
        counts = [(self.new, "new"), (self.updated, "updated"), (self.unchanged, "unchanged"),
                  (self.withdrawn, "withdrawn")]
        return ", ".join(f"{n} {what}" for n, what in counts if n)


def import_file(path, user=None, read_as: str = "") -> ImportResult:
    """A file, read as the symbol `read_as` (else one its name gives) if its text prints none."""
    path = Path(path)
    try:
        text = read_document(path)
    except ParseError as exc:
        raise ImportFailed(f"{path.name}: {exc}") from None
    return import_text(text, source_name=path.name, user=user, read_as=read_as)


def import_upload(data: bytes, name: str, user=None, read_as: str = "") -> ImportResult:
    """An uploaded file's bytes, read by their type and imported under the file's name."""
    try:
        text = read_bytes(data, name)
    except ParseError as exc:
        raise ImportFailed(f"{name}: {exc}") from None
    return import_text(text, source_name=name, user=user, read_as=read_as)


def import_symbol(symbol: str, user=None) -> ImportResult:
    """Fetch a symbol's English PDF (else Word file) from the UN's document system and import it
    as an upload would be, recording where it came from. NotYetIssued where no document has
    the symbol yet; ImportFailed for any other reason, in a line."""
    try:
        fetched = fetch_document(symbol)
    except ValueError as exc:
        raise ImportFailed(str(exc)) from None
    except NotYetIssued:
        raise
    except FetchFailed as exc:
        raise ImportFailed(str(exc)) from None
    try:
        text = read_bytes(fetched.data, fetched.name)
    except ParseError as exc:
        raise ImportFailed(f"{fetched.symbol}: {exc}") from None
    return import_text(text, source_name=fetched.name, user=user, source_url=fetched.url,
                       expect_symbol=fetched.symbol)


def same_symbol(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a).upper() == re.sub(r"\s+", "", b).upper()


def import_text(text: str, source_name: str = "", user=None, source_url: str = "",
                expect_symbol: str = "", read_as: str = "") -> ImportResult:
    corrections = SessionCalendar.objects.corrections()
    stamp = parsed_with(corrections)
    done = stored_from_same_text(text, stamp)
    if done is not None:  # the same text, the same parser, the same calendar: nothing can change
        return _unchanged(done, source_name, source_url)
    parsed = _parsed(text, corrections, source_name, read_as or expect_symbol)
    return import_parsed(parsed, text, source_name, user, Lookups(corrections), stamp, source_url, expect_symbol)


def _parsed(text: str, corrections: dict, source_name: str, read_as: str = ""):
    """The parsed text; one that prints no symbol is read as `read_as`, else as its file's name says."""
    try:
        return parse_resolution(text, corrections, symbol=read_as or symbol_from_file_name(source_name))
    except ParseError as exc:
        raise ImportFailed(f"{source_name or 'text'}: {exc}") from None


def import_files(paths, user=None, ahead_from: int = AHEAD_FROM_FILES):
    """(path, ImportResult or ImportFailed) for each file, in order, each in its own
    transaction, as import_file() would give them; a worker process reads and parses the
    next files while one is stored. The calendar's corrections are read once, at the start."""
    corrections = SessionCalendar.objects.corrections()
    stamp = parsed_with(corrections)
    stored = frozenset(Resolution.objects.filter(parsed_with=stamp).values_list("source_hash", flat=True))
    lookups = Lookups(corrections, bulk=True)
    next_analyze = ANALYZE_FIRST_AT
    for done, (path, read) in enumerate(prepared_in_order(paths, corrections, stored, ahead_from), 1):
        try:
            result = _import_prepared(read, Path(path).name, user, lookups, stamp)
        except ImportFailed as exc:
            result = exc
        yield path, result
        if done == next_analyze:
            refresh_planner_statistics()
            next_analyze *= 4
    tally.compact()  # the rows of changes the imports wrote, folded


# The tables an import writes and then reads back (series, evidence, renewals).
IMPORTED_TABLES = (Resolution, Series, Actor, SessionCalendar, Obligation, Obligation.addressees.through, Evidence)
ANALYZE_FIRST_AT = 50  # documents; then at 200, 800, 3,200...


def refresh_planner_statistics() -> None:
    """Let PostgreSQL's planner see how many rows a bulk import wrote, as its documentation
    advises after a bulk load: a table it last saw empty is joined row by row, which makes
    a renewal's lookup slow. Autovacuum would, but not before a minute."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in IMPORTED_TABLES))


class Lookups(ImportCache):
    """The import's cache (known.ImportCache), and for a bulk import which series have
    evidence waiting for a request: evidence another import leaves waiting meanwhile is
    linked by the next resolution of its series that notes a report, or its re-import."""

    def forget(self) -> None:
        super().forget()
        self.waiting: set[int] | None = (
            set(Evidence.objects.filter(obligation=None).values_list("series_id", flat=True)) if self.bulk else None)


def _import_prepared(read, name: str, user, lookups: Lookups, stamp: str) -> ImportResult:
    if read.read_failed or read.parse_failed:
        raise ImportFailed(f"{name}: {read.read_failed or read.parse_failed}")
    parsed = read.parsed
    if parsed is None:  # its text was stored by this parser when the import began
        done = stored_from_same_text(read.text, stamp)
        if done is not None:
            return _unchanged(done, name)
        parsed = _parsed(read.text, lookups.corrections, name)  # and is gone since
    return import_parsed(parsed, read.text, name, user, lookups, stamp)


def _unchanged(done: Resolution, source_name: str, source_url: str = "") -> ImportResult:
    if source_url and done.source_url != source_url:
        Resolution.objects.filter(pk=done.pk).update(source_url=source_url)
    return ImportResult(done.symbol, source_name, created=False, paragraphs=0,
                        unchanged=done.obligations.count(), warnings=list(done.warnings))


def import_parsed(parsed, text: str, source_name: str, user, lookups: Lookups, stamp: str,
                  source_url: str = "", expect_symbol: str = "") -> ImportResult:
    """Store a parsed text in one transaction, after the checks that make it a resolution."""
    if not parsed.symbol:
        raise ImportFailed(f"{source_name or 'text'}: no document symbol (such as 63/197 or A/RES/63/197) found "
                           "in the text or the file's name; give the symbol to import it as")
    if expect_symbol and not same_symbol(parsed.symbol, expect_symbol):
        raise ImportFailed(f"{expect_symbol}: the document system gave a document whose symbol reads "
                           f"{parsed.symbol[:60]}; nothing was stored")
    if len(parsed.symbol) > Resolution._meta.get_field("symbol").max_length:
        raise ImportFailed(f"{source_name or 'text'}: the symbol {parsed.symbol[:80]!r}... is too long to be one")
    try:
        try:
            with transaction.atomic():
                result, series_id = _store(parsed, text, source_name, user, lookups, stamp, source_url)
        except IntegrityError:
            if not lookups.bulk:
                raise
            # Another import stored a row this one took for new (the symbol, a series, an actor)
            # since it began: this document is stored again, in a new transaction, looking each row up.
            lookups.forget()
            with transaction.atomic():
                result, series_id = _store(parsed, text, source_name, user, Lookups(lookups.corrections), stamp,
                                           source_url)
    except DatabaseError as exc:
        # Whatever the database refuses of this document: it alone fails, named, nothing of it kept.
        lookups.forget()
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else exc.__class__.__name__
        raise ImportFailed(f"{source_name or parsed.symbol}: could not be stored ({reason})") from None
    lookups.stored(parsed.symbol, series_id)
    return result


def _store(parsed, text, source_name, user, lookups: Lookups, stamp: str,
           source_url: str = "") -> tuple[ImportResult, int | None]:
    """What was stored, and the id of the resolution's series."""
    stored = store_resolution(parsed, text, source_name, stamp, source_url, lookups)
    resolution = stored.resolution
    result = ImportResult(parsed.symbol, source_name, stored.created, warnings=list(parsed.warnings))
    result.paragraphs = len(stored.paragraphs)
    _store_obligations(resolution, parsed, stored.paragraphs, user, result, lookups, stored.created)
    result.evidence = (link_evidence(resolution.series, resolution, stored.new_series, lookups.waiting)
                       if resolution.series else [])
    has_mandate = any(o.kind == Obligation.Kind.MANDATE for o in parsed.obligations)
    result.renewed = close_renewed_mandates(resolution) if has_mandate else []
    result.superseded = supersede_in_series(resolution.series_id)
    return result, resolution.series_id


def parsed_with(corrections: dict) -> str:
    """The parser's stamp and the calendar corrections a reading depends on."""
    dates = sorted((key, number, when.opens.isoformat()) for (key, number), when in corrections.items())
    return f"{parser_stamp()}:{hashlib.sha256(repr(dates).encode()).hexdigest()[:16]}"


def same_as_stored(obligation: Obligation, values: dict, addressees: list[Actor]) -> bool:
    """Would a re-import change nothing of this obligation? (Edited fields are kept anyway.)"""
    if obligation.reopens_on_import():
        return False
    for name, value in values.items():
        if obligation.staff_set(name):
            continue
        if getattr(obligation, name) != value:
            return False
    if obligation.staff_set("addressees"):
        return True
    return [a.pk for a in obligation.addressees.all()] == [a.pk for a in addressees]


def obligation_key(o) -> str:
    return f"{o.paragraph}|{o.verb}|{'+'.join(o.addressees)}"[:400]


def _store_obligations(resolution, parsed, paragraphs, user, result, lookups: Lookups, created: bool) -> None:
    # Occurrences opened by recurrence are the tracker's own: the text neither makes nor withdraws them.
    existing = {} if created else {
        o.key: o for o in resolution.obligations.filter(follows__isnull=True).prefetch_related("addressees")}
    unmatched = dict(existing)
    seen_keys: set[str] = set()
    actors = lookups.actors(name for o in parsed.obligations for name in o.addressees)
    sessions = lookups.sessions(o.due_session for o in parsed.obligations if o.due_session)
    fresh: list[tuple[dict, list[Actor]]] = []
    clause_texts: dict[tuple, str] = {}
    for c in parsed.clauses:
        clause_texts.setdefault((c.paragraph, c.asking_verb, tuple(c.addressees)), c.text)
    for order, parsed_o in enumerate(parsed.obligations):
        key = obligation_key(parsed_o)
        suffix = 2
        while key in seen_keys:
            key = f"{obligation_key(parsed_o)}#{suffix}"
            suffix += 1
        seen_keys.add(key)
        obligation = unmatched.pop(key, None)
        if obligation is None:  # the parser now names the addressees differently: same clause still
            obligation = next(
                (o for k, o in unmatched.items() if o.label == parsed_o.paragraph and o.verb == parsed_o.verb), None
            )
            if obligation is not None:
                unmatched.pop(obligation.key)
        values = {
            "paragraph_id": paragraphs.get(parsed_o.paragraph) or paragraphs.get(parsed_o.paragraph.split("(")[0]),
            "label": truncate_to_field(Obligation, "label", parsed_o.paragraph),
            "clause_text": clause_texts.get(
                (parsed_o.paragraph.split("(")[0], parsed_o.verb, tuple(parsed_o.addressees)), ""),
            "verb": truncate_to_field(Obligation, "verb", parsed_o.verb),
            "verb_class": parsed_o.verb_class,
            "kind": parsed_o.kind,
            "action": parsed_o.action,
            "due_date": parsed_o.due,
            "due_precision": parsed_o.due_precision or "",
            "due_text": truncate_to_field(Obligation, "due_text", parsed_o.due_text),
            "due_session_id": session.pk if (session := sessions.get(parsed_o.due_session)) else None,
            "recurrence": truncate_to_field(Obligation, "recurrence", parsed_o.recurrence or ""),
            "mandate_of": truncate_to_field(Obligation, "mandate_of", parsed_o.mandate_of),
        }
        addressees = [actors[truncate_to_field(Actor, "name", name)] for name in parsed_o.addressees]
        if obligation is None:
            due_by, remind_by = due_days(values["due_date"], values["due_precision"])  # no date of the team's yet
            fresh.append(({"resolution_id": resolution.pk, "key": key, "order": order, **values,
                           "due_by": due_by, "remind_by": remind_by}, addressees))
            continue
        if (obligation.key, obligation.order) == (key, order) and same_as_stored(obligation, values, addressees):
            result.unchanged += 1  # nothing to write, nothing to record
            continue
        before = snapshot(obligation)
        obligation.key, obligation.order = key, order
        for name, value in values.items():
            if not obligation.staff_set(name):
                setattr(obligation, name, value)
        if obligation.reopens_on_import():
            obligation.status = Obligation.Status.OPEN
        obligation.save()
        if not obligation.staff_set("addressees"):
            obligation.addressees.set(addressees)
        if record_changes(obligation, before, None, ObligationChange.Source.IMPORT, mark_edited=False):
            result.updated += 1
        else:
            result.unchanged += 1
    columns = tuple(fresh[0][0]) if fresh else ()  # each new obligation's values, in the same order
    ids = Obligation.objects.insert_rows(columns, [tuple(values.values()) for values, _ in fresh], lookups.new_ids)
    insert_links(Obligation.addressees.through, ("obligation", "actor"),
                 [(pk, a.pk) for pk, (_, people) in zip(ids, fresh) for a in people])
    result.new += len(fresh)
    for obligation in unmatched.values():
        if obligation.status != Obligation.Status.WITHDRAWN:
            apply_edit(obligation, None, ObligationChange.Source.IMPORT, mark_edited=False, status=Obligation.Status.WITHDRAWN)
            result.withdrawn += 1


GA_DOCUMENT_RE = re.compile(r"^A/(\d+)/")


def link_evidence(series: Series, imported: Resolution, new_series: bool = False,
                  waiting_in: set[int] | None = None) -> list[str]:
    """Tie the reports a series took note of to the requests they answer.

    A report with symbol A/63/... answers a report request due at the Assembly's 63rd
    session in the same series (the Secretary-General's first). With no such request
    in the database, the evidence is kept against the series, until the resolution
    that asked for it is imported. Only what the import can change is looked at: the
    imported resolution's notes, and the series' evidence still waiting for a request
    (none where the series was made for this resolution). waiting_in: the series known to
    have evidence waiting (a bulk import's, read when it began and added to here), else
    the database is asked.
    """
    linked = []
    if not imported.noted_reports and (new_series or not _has_waiting(series, waiting_in)):
        return linked  # nothing noted, nothing waiting: no request to look at
    requests = Obligation.objects.filter(
        resolution__series=series, kind=Obligation.Kind.REPORT, due_session__body="general-assembly",
    ).with_resolution().select_related("due_session").prefetch_related("addressees")
    waiting = () if new_series else Evidence.objects.filter(series=series, obligation=None).select_related(
        "noted_in").defer("noted_in__source_text")
    notes = {(imported, symbol) for symbol in imported.noted_reports}
    notes |= {(e.noted_in, e.symbol) for e in waiting if e.noted_in_id}
    for resolution, symbol in sorted(notes, key=lambda n: (n[0].pk, n[1])):
        match = GA_DOCUMENT_RE.match(symbol)
        if not match:
            continue
        session = int(match.group(1))
        answering = [o for o in requests if o.due_session.number == session and o.resolution_id != resolution.pk]
        preferred = [o for o in answering if any(a.name == "Secretary-General" for a in o.addressees.all())]
        targets = preferred or answering
        if not targets:
            Evidence.objects.get_or_create(symbol=symbol, series=series, obligation=None,
                                           defaults={"noted_in": resolution})
            if waiting_in is not None:
                waiting_in.add(series.pk)
            continue
        Evidence.objects.filter(symbol=symbol, series=series, obligation=None).delete()
        for obligation in targets:
            _, made = Evidence.objects.get_or_create(symbol=symbol, obligation=obligation,
                                                     defaults={"noted_in": resolution, "series": series})
            if made:
                linked.append(symbol)
            if obligation.is_open and not obligation.staff_set("status"):
                apply_edit(obligation, None, ObligationChange.Source.IMPORT, mark_edited=False, status=Obligation.Status.DONE)
                ObligationChange.objects.create(obligation=obligation, field="answered_by", new=symbol,
                                                source=ObligationChange.Source.IMPORT)
    return linked


def _has_waiting(series: Series, waiting_in: set[int] | None) -> bool:
    """Has the series evidence waiting for a request? From what a bulk import knows, else the database."""
    if waiting_in is not None:
        return series.pk in waiting_in
    return Evidence.objects.filter(series=series, obligation=None).exists()


def close_renewed_mandates(renewing: Resolution) -> list[str]:
    """A mandate that a later resolution of the same body extends or renews is done, the
    renewing resolution its evidence. Returns the symbols of the resolutions renewed.

    The same mandate is told by what it is the mandate of (models.mandate_keys); an
    earlier mandate still open, of the same body, adopted before the renewal.
    """
    fresh = renewing.obligations.filter(kind=Obligation.Kind.MANDATE).exclude(mandate_of="")
    wanted = set().union(*map(mandate_keys, fresh.values_list("mandate_of", flat=True)))
    if not wanted:
        return []
    earlier = (
        Obligation.objects.open().filter(kind=Obligation.Kind.MANDATE, resolution__body=renewing.body)
        .exclude(resolution=renewing).exclude(mandate_of="")
    )
    if renewing.adopted:
        earlier = earlier.filter(resolution__adopted__lt=renewing.adopted)
    # What each is the mandate of is read first: a body's open mandates are hundreds, its renewed few.
    same = [pk for pk, mandate_of in earlier.values_list("pk", "mandate_of") if mandate_keys(mandate_of) & wanted]
    if not same:
        return []
    renewed = []
    for obligation in earlier.filter(pk__in=same).with_resolution():
        Evidence.objects.get_or_create(symbol=renewing.symbol, obligation=obligation,
                                       defaults={"noted_in": renewing, "series": renewing.series})
        if obligation.is_open and not obligation.staff_set("status"):
            apply_edit(obligation, None, ObligationChange.Source.IMPORT, mark_edited=False, status=Obligation.Status.DONE)
            ObligationChange.objects.create(obligation=obligation, field="renewed_by", new=renewing.symbol,
                                            source=ObligationChange.Source.IMPORT)
        renewed.append(obligation.resolution.symbol)
    return renewed
