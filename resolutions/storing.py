"""Storing a parsed resolution: its row, paragraphs, notes, sections and series.

The caller holds the transaction (the tracker wraps this and the obligations in one).
Paragraphs are updated in place, not replaced, because obligations point at them.
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

from django.db.models import F

from .documents import source_hash
from .known import ImportCache
from .models import Footnote, Paragraph, Resolution, Section, Series, paragraph_label, title_key
from .parsing import Resolution as ParsedResolution
from .rows import DrawnIds


def stored_from_same_text(text: str, parsed_with: str) -> Resolution | None:
    """The resolution stored from this very text by this very parser, if any: nothing to redo."""
    return Resolution.objects.filter(source_hash=source_hash(text), parsed_with=parsed_with).first()


class Stored(NamedTuple):
    resolution: Resolution
    created: bool
    paragraphs: dict[str, int]  # the operative paragraphs' ids by label
    new_series: bool  # its series was made for it: nothing of that series was stored before


def store_resolution(parsed: ParsedResolution, text: str, source: str, parsed_with: str = "",
                     source_url: str = "", cache: ImportCache | None = None) -> Stored:
    """Write the document; return what was stored (Stored).

    source_url, where given, is the address the file came from (a stored one is kept otherwise).
    cache: what the import has read and made (known.ImportCache); a bulk import's knows what
    was stored when it began, and inserts what it does not know without looking for it.

    1. Lock (or create) the row of the symbol, so two imports of it take turns.
    2. Refresh what the parser derives, and the series (by recalled resolution or title).
    3. Update the paragraphs in place; replace notes and sections.
    """
    warnings = list(parsed.warnings)
    values = {field: truncate_to_field(Resolution, field, getattr(parsed, field), warnings)
              for field in ("body", "title", "meeting", "agenda_item", "committee", "committee_report")}
    values.update(session=parsed.session, adopted=parsed.adopted, recalls=parsed.recalls,
                  noted_reports=parsed.noted_reports, reviews=parsed.reviews,
                  source_name=truncate_to_field(Resolution, "source_name", source, warnings), source_text=text,
                  source_hash=source_hash(text), parsed_with=parsed_with)
    cache = cache or ImportCache({})
    values["series"], new_series = series_for(parsed, cache)
    values["warnings"] = warnings
    if source_url:
        values["source_url"] = truncate_to_field(Resolution, "source_url", source_url)
    # A new symbol is written whole, once (its text is most of the row); a known one is locked, then updated.
    if cache.not_yet_stored(parsed.symbol):
        resolution, created = Resolution.objects.create(symbol=parsed.symbol, **values), True
    else:
        resolution, created = Resolution.objects.select_for_update().get_or_create(symbol=parsed.symbol,
                                                                                   defaults=values)
    if not created:
        for field, value in values.items():
            setattr(resolution, field, value)
        resolution.save()
    paragraphs = _store_paragraphs(resolution, parsed, created, cache.new_ids)
    _store_notes_and_sections(resolution, parsed, created)
    return Stored(resolution, created, paragraphs, new_series)


def truncate_to_field(model, field: str, value: str, warnings: list[str] | None = None) -> str:
    """A text cut to its column's length, with a warning saying so (PostgreSQL refuses longer)."""
    limit = _max_length(model, field)
    if limit and value and len(value) > limit:
        if warnings is not None:
            warnings.append(f"the {field.replace('_', ' ')} is longer than {limit} characters and was cut")
        return value[:limit]
    return value


@cache
def _max_length(model, field: str) -> int | None:
    return model._meta.get_field(field).max_length


def series_for(parsed: ParsedResolution, cache: ImportCache) -> tuple[Series | None, bool]:
    """The series of an earlier resolution it recalls, else the one of its title; and whether
    that series was made now."""
    if parsed.recalls and (recalled := cache.recalled_series(parsed.recalls)) is not None:
        return recalled, False
    if not parsed.title:
        return None, False
    return cache.series(truncate_to_field(Series, "key", title_key(parsed.title)),
                        truncate_to_field(Series, "title", parsed.title))


def _paragraph_rows(parsed: ParsedResolution):
    """(kind, number, letter, section, text, markers), in reading order."""
    for p in parsed.paragraphs:
        markers = [[n, at] for n, letter, at in p.footnote_markers if not letter]
        yield p.kind, p.number, "", p.section, p.text, markers
        for sub in p.subparagraphs:
            sub_markers = [[n, at] for n, letter, at in p.footnote_markers if letter == sub.letter]
            yield p.kind, p.number, sub.letter, p.section, sub.text, sub_markers


PARAGRAPH_COLUMNS = ("resolution", "kind", "number", "subparagraph", "section", "text", "order", "footnote_markers")


def _store_paragraphs(resolution: Resolution, parsed: ParsedResolution, created: bool = False,
                      drawn: DrawnIds | None = None) -> dict[str, int]:
    """Update paragraphs in place (obligations point at them); return their ids by label.

    A resolution just created has none to read, move or compare: they are only inserted,
    as rows of values (a corpus import writes 60,000).
    """
    if created:
        rows = [(resolution.pk, kind, truncate_to_field(Paragraph, "number", number), truncate_to_field(Paragraph, "subparagraph", letter),
                 truncate_to_field(Paragraph, "section", section), text, order, markers)
                for order, (kind, number, letter, section, text, markers) in enumerate(_paragraph_rows(parsed))]
        ids = Paragraph.objects.insert_rows(PARAGRAPH_COLUMNS, rows, drawn)
        return {paragraph_label(row[2], row[3]): pk for row, pk in zip(reversed(rows), reversed(ids)) if row[2]}
    old = list(resolution.paragraphs.order_by("order"))
    operative, seen = {}, {}
    for p in old:
        if p.number:  # a number the text repeats is told apart by its occurrence
            seen[(p.number, p.subparagraph)] = occurrence = seen.get((p.number, p.subparagraph), -1) + 1
            operative[(p.number, p.subparagraph, occurrence)] = p
    preambular = [p for p in old if not p.number]
    rows = list(_paragraph_rows(parsed))
    if len(rows) == len(old) and all(
        (p.kind, p.number, p.subparagraph, p.section, p.text, p.order, p.footnote_markers)
        == (kind, number, letter, section, text, order, markers)
        for p, (order, (kind, number, letter, section, text, markers)) in zip(old, enumerate(rows))
    ):  # a re-import of the same text: nothing to write
        return {p.label: p.pk for p in reversed(old) if p.number}
    resolution.paragraphs.update(order=F("order") + 100_000)  # free the order numbers
    created, updated, by_label, preamble_index, seen = [], [], {}, 0, {}
    for order, (kind, number, letter, section, text, markers) in enumerate(rows):
        if number:
            seen[(number, letter)] = occurrence = seen.get((number, letter), -1) + 1
            row = operative.get((number, letter, occurrence))
        else:
            row = preambular[preamble_index] if preamble_index < len(preambular) else None
            preamble_index += 1
        if row is None:
            row = Paragraph(resolution=resolution, number=truncate_to_field(Paragraph, "number", number),
                            subparagraph=truncate_to_field(Paragraph, "subparagraph", letter))
        row.kind, row.text, row.order, row.footnote_markers = kind, text, order, markers
        row.section = truncate_to_field(Paragraph, "section", section)
        (updated if row.pk else created).append(row)
        if number:
            by_label.setdefault(paragraph_label(number, letter), row)
    resolution.paragraphs.exclude(pk__in=[row.pk for row in updated]).delete()
    Paragraph.objects.bulk_update(updated, ["kind", "section", "text", "order", "footnote_markers"])
    Paragraph.objects.bulk_create(created)
    return {label: row.pk for label, row in by_label.items()}


def _store_notes_and_sections(resolution: Resolution, parsed: ParsedResolution, created: bool = False) -> None:
    notes = [(int(n), note.text, note.symbols) for n, note in parsed.footnotes.items()]
    sections = [(s.number, s.title, s.first) for s in parsed.sections]
    if not created and notes == [(f.number, f.text, f.symbols) for f in resolution.footnotes.all()] and sections == [
            (s.number, s.title, s.first_paragraph) for s in resolution.sections.all()]:
        return  # unchanged: nothing to write
    if not created:
        resolution.footnotes.all().delete()
        resolution.sections.all().delete()
    Footnote.objects.bulk_create([
        Footnote(resolution=resolution, number=int(n), text=note.text, symbols=note.symbols)
        for n, note in parsed.footnotes.items()
    ])
    Section.objects.bulk_create([
        Section(resolution=resolution, number=truncate_to_field(Section, "number", s.number),
                title=truncate_to_field(Section, "title", s.title), first_paragraph=truncate_to_field(Section, "first_paragraph", s.first),
                order=i)
        for i, s in enumerate(parsed.sections)
    ])
