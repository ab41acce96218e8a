"""What the parser gives: plain dataclasses, free of Django, easy to test and to store."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


# What an obligation asks for: its kind (../shared/eval/CONTRACT.md). Everything
# downstream (the tracker's models, filters, evidence) imports these names.
REPORT = "report"  # submit, report, inform, brief, share findings...
AGENDA = "agenda"  # the adopting body puts a matter on a future session's agenda
MANDATE = "mandate"  # the adopting body sets up, extends or renews a mandate until a day it must renew by
ACTION = "action"  # anything else asked of someone
KINDS = (REPORT, ACTION, AGENDA, MANDATE)


class ParseError(ValueError):
    """The text cannot be read as a resolution; the message says why, in one line."""


@dataclass
class Footnote:
    number: str
    text: str
    symbols: list[str] = field(default_factory=list)


@dataclass
class Section:
    number: str
    title: str
    first: str  # number of its first operative paragraph


@dataclass
class Subparagraph:
    letter: str
    text: str


@dataclass
class Paragraph:
    kind: str  # "preambular" or "operative"
    text: str
    number: str = ""  # operative paragraphs only
    section: str = ""
    subparagraphs: list[Subparagraph] = field(default_factory=list)
    # (note number, subparagraph letter or "", offset in that text)
    footnote_markers: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        parts = [self.text] + [f"({sub.letter}) {sub.text}" for sub in self.subparagraphs]
        return " ".join(parts)


@dataclass
class Deadline:
    due: date | None
    precision: str | None  # "day", "month" or "year"
    text: str  # the words the deadline came from
    session: tuple[str, int] | None = None  # (calendar key, number) where a session gave it


@dataclass
class Clause:
    """One verb of an operative paragraph with what it governs."""

    paragraph: str
    verb: str  # as written, normalised: lower case, third person, no modifiers ("reiterates")
    verb_class: str  # directive, exhortative, recommendatory, declaratory, commissive
    addressees: list[str]
    action: str
    text: str
    subparagraph: str = ""
    asks: str = ""  # the verb of what it asks, where it differs: "calls upon" for "reiterates its call upon"

    @property
    def asking_verb(self) -> str:
        return self.asks or self.verb


@dataclass
class Obligation:
    paragraph: str  # "33" or "33(l)"
    verb: str
    verb_class: str
    addressees: list[str]
    kind: str  # one of KINDS
    action: str
    due: date | None = None
    due_precision: str | None = None
    due_text: str = ""
    recurrence: str | None = None
    due_session: tuple[str, int] | None = None  # the session the date came from
    mandate_of: str = ""  # for a mandate: what it is ("the mandate of the Panel of Experts")

    def as_contract(self) -> dict:
        return {
            "paragraph": self.paragraph,
            "verb": self.verb,
            "verb_class": self.verb_class,
            "addressees": self.addressees,
            "kind": self.kind,
            "action": self.action,
            "due": self.due.isoformat() if self.due else None,
            "due_precision": self.due_precision,
            "due_text": self.due_text or None,
            "recurrence": self.recurrence,
            "mandate_of": self.mandate_of or None,
        }


@dataclass
class Resolution:
    symbol: str = ""
    body: str = ""  # the adopting organ's name; "" where the text does not tell
    title: str = ""
    session: int | None = None
    adopted: date | None = None
    meeting: str = ""
    agenda_item: str = ""
    committee: str = ""  # the Main Committee on whose report it was adopted: "Third Committee"
    committee_report: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    clauses: list[Clause] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    noted_reports: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    plural_voice: bool = False  # a declaration: "We ... commit", "request"
    recalls: list[str] = field(default_factory=list)  # "Recalling its resolution 62/176": A/RES/62/176
    reviews: list[str] = field(default_factory=list)  # operative paragraphs that review or end what it asks

    @property
    def preambular(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == "preambular"]

    @property
    def operative(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == "operative"]

    def as_contract(self) -> dict:
        """The JSON object of ../shared/eval/CONTRACT.md."""
        return {
            "symbol": self.symbol,
            "body": self.body or None,
            "title": self.title,
            "session": self.session,
            "adopted": self.adopted.isoformat() if self.adopted else None,
            "meeting": self.meeting or None,
            "agenda_item": self.agenda_item or None,
            "committee": self.committee or None,
            "preambular_count": len(self.preambular),
            "operative_count": len(self.operative),
            "sections": [
                {"number": s.number, "title": s.title, "first": s.first} for s in self.sections
            ],
            "footnotes": {n: f.text for n, f in self.footnotes.items()},
            "noted_reports": self.noted_reports,
            "obligations": [o.as_contract() for o in self.obligations],
            "warnings": self.warnings,
        }
