"""A draft read against what was adopted, before adoption: what it asks, the resolution it
follows and what it repeats of it, the requests it adds beside those already open, what it
leaves open-ended, and how many reports its addressees already owe at the same session.

Nothing of a draft is stored as obligations: it is parsed, compared and answered.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db.models import Q

from resolutions.models import Resolution, Series, SessionCalendar, title_key
from resolutions.parsing import parse_resolution
from resolutions.parsing.model import Obligation as Asked
from resolutions.parsing.model import Resolution as Parsed
from resolutions.storing import truncate_to_field

from ..models import Obligation
from ..obligations.comparing import compare, texts_of
from ..obligations.subjects import subject
from .overlap import alike


@dataclass
class DraftCheck:
    parsed: Parsed
    previous: Resolution | None
    comparison: list[dict] = field(default_factory=list)
    repeated_share: float = 0.0
    overlaps: list[dict] = field(default_factory=list)
    open_ended: list[Asked] = field(default_factory=list)
    load: list[dict] = field(default_factory=list)


def read_draft(text: str) -> Parsed:
    """A draft as the parser reads it; ParseError (with its reason) where the text is no resolution."""
    return parse_resolution(text, SessionCalendar.objects.corrections())


def check_draft(text: str) -> DraftCheck:
    """Read a draft and check it against what was adopted; ParseError as read_draft."""
    parsed = read_draft(text)
    previous = predecessor(parsed)
    check = DraftCheck(parsed, previous)
    if previous is not None:
        check.comparison = compare(texts_of(previous, "operative"), draft_texts(parsed))
        check.repeated_share = repeated_share(check.comparison)
    check.overlaps = overlaps(parsed)
    check.open_ended = [o for o in parsed.obligations if (o.recurrence or (o.kind == "mandate" and not o.due))
                        and not parsed.reviews]
    check.load = load(parsed)
    return check


def predecessor(parsed: Parsed) -> Resolution | None:
    """The adopted resolution a draft follows: the latest of the series its title names, else
    the latest it recalls that is stored. The title is the surer sign: a draft recalls the
    first resolutions of its series and others besides, not always the last."""
    adopted = Resolution.objects.defer("source_text").order_by("-adopted", "-session", "-pk")
    if parsed.title:
        key = truncate_to_field(Series, "key", title_key(parsed.title))
        # A series is keyed by its first title; a later one may have been renamed since.
        if (latest := adopted.filter(Q(series__key=key) | Q(title__iexact=parsed.title)).first()) is not None:
            return latest
    return adopted.filter(symbol__in=parsed.recalls).first() if parsed.recalls else None


def draft_texts(parsed: Parsed) -> list[tuple[str, str]]:
    rows = []
    for p in parsed.paragraphs:
        if p.kind != "operative":
            continue
        rows.append((f"OP {p.number}", p.text))
        rows += [(f"OP {p.number}({sub.letter})", f"({sub.letter}) {sub.text}") for sub in p.subparagraphs]
    return rows


def repeated_share(rows: list[dict]) -> float:
    """The share of the draft's operative words repeated from its predecessor: every word of
    an unchanged paragraph, and the words a changed one keeps in order (a date or a session
    changed in a paragraph leaves the rest of it repeated)."""
    total = repeated = 0
    for row in rows:
        words = row["new"].split()
        total += len(words)
        if row["state"] == "unchanged":
            repeated += len(words)
        elif row["state"] == "changed":
            kept = SequenceMatcher(None, row["old"].split(), words, autojunk=False).get_matching_blocks()
            repeated += sum(block.size for block in kept)
    return round(repeated / total, 3) if total else 0.0


def overlaps(parsed: Parsed) -> list[dict]:
    """Each report the draft asks for beside the open requests to the same addressees that read alike."""
    found = []
    by_addressees: dict[tuple, list[Asked]] = {}
    for asked in (o for o in parsed.obligations if o.kind == "report"):
        by_addressees.setdefault(tuple(sorted(asked.addressees)), []).append(asked)
    for names, asked_ones in by_addressees.items():
        open_ones = list(Obligation.objects.open().filter(kind=Obligation.Kind.REPORT, addressees__name__in=names)
                         .distinct().select_related("resolution").defer("resolution__source_text"))
        subjects = [subject(o.action, o.resolution.title) for o in open_ones]
        for asked in asked_ones:  # each on its own: a word weighs by the texts weighed with it
            for _i, j, similarity in alike([subject(asked.action, parsed.title)], subjects):
                found.append({"asked": asked, "existing": open_ones[j], "similarity": round(similarity, 2)})
    return sorted(found, key=lambda f: -f["similarity"])


def load(parsed: Parsed) -> list[dict]:
    """Per addressee of a report the draft asks at a session: the reports already due there."""
    rows = []
    for asked in (o for o in parsed.obligations if o.kind == "report" and o.due_session):
        body, number = asked.due_session
        for name in asked.addressees:
            due = (Obligation.objects.open().filter(kind=Obligation.Kind.REPORT, addressees__name=name,
                                                    due_session__body=body, due_session__number=number).count())
            rows.append({"addressee": name, "session": asked.due_session, "already_due": due,
                         "paragraph": asked.paragraph})
    return rows


def as_data(check: DraftCheck) -> dict:
    """The check as plain data: the API's answer, and what a brief is written from."""
    previous = check.previous
    return {
        "title": check.parsed.title,
        "obligations": [o.as_contract() for o in check.parsed.obligations],
        "series": {"previous": previous.symbol if previous else None,
                   "comparison": [{k: row[k] for k in ("state", "old_label", "new_label", "old", "new")}
                                  for row in check.comparison]},
        "repeated_share": check.repeated_share,
        "overlaps": [{"paragraph": o["asked"].paragraph, "addressees": o["asked"].addressees,
                      "existing": {"resolution": o["existing"].resolution.symbol, "paragraph": o["existing"].label,
                                   "id": o["existing"].pk},
                      "similarity": o["similarity"]} for o in check.overlaps],
        "open_ended": [{"paragraph": o.paragraph, "kind": o.kind, "recurrence": o.recurrence or ""}
                       for o in check.open_ended],
        "load": [{**row, "session": list(row["session"])} for row in check.load],
    }
