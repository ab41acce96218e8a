"""From raw text to clean body lines: what Word and PDF exports leave is taken out.

Page headers and footers, job numbers, `<<ODS ...>>` markers, separators and
footnote blocks (wherever they stand) are removed; the notes are kept apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .characters import without_disguise
from .words import PART_LETTER, ordinal_value

ODS_SYMBOL_RE = re.compile(r"<<ODS DOC SYMBOL1>>\s*(.*?)\s*<<ODS DOC SYMBOL1>>")
AGENDA_RE = re.compile(r"\bAgenda items?\s+(\d+(?:\s*\([a-z]\))?(?:\s*(?:,|and)\s*\d+(?:\s*\([a-z]\))?)*)")
SESSION_HEAD_RE = re.compile(r"^\s*([A-Z][a-z]+(?:-[a-z]+)?) session\s*$")

SEPARATOR_RE = re.compile(r"^\s*_{5,}\s*$")
RULE_RE = re.compile(r"^\s*[-–—=*_]{3,}\s*$")
PAGE_NUMBER_RE = re.compile(r"^\s*(?:\d{1,3}|\d{1,3}\s*/\s*\d{1,3}|-\s*\d{1,3}\s*-)\s*$")
JOB_NUMBER_RE = re.compile(r"\b\d{2}-\d{5}\b")
SYMBOL_LINE_RE = re.compile(r"^\s*(?:A|S|E)/(?:RES/)?[A-Z0-9./\-]+\s*(?:\d+/\d+|\(\d{4}\))?\s*$")
HEADER_DEBRIS_RE = re.compile(
    r"^\s*(?:United Nations\s*A/|Distr\.?:|Original:|General Assembly\s*Distr|\[DU\d*\]\s*$|\*\s*$"
    r"|\*\d{5,}\*\s*$|Please recycle\s*$)"
)
RES_SYMBOL_IN_LINE_RE = re.compile(
    r"(?:A/(?:HRC/)?RES/(?:ES-\d+/|S-\d+/)?\d+/\d+(?:\s?[A-Z]\b)?|S/RES/\d+\s*\(\d{4}\)|E/RES/\d{4}/\d+)"
)
NOTE_START_RE = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")
ANNEX_RE = re.compile(r"^\s*Annex(?:\s+[IVX]+)?\s*$")
DATE_LINE_RE = re.compile(r"^\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s*$")
# The title line ("31/36. Question of ...") or voice line ("The General Assembly,") that
# starts a resolution; a plenary line before either closes an earlier one (printed volumes).
START_RE = re.compile(r"^\s*(?:(?:A/RES/)?\d{1,4}/\d{1,3}\s*(?:[A-Z](?:-[A-Z])?\s*)?\.\s|The\s+[A-Z][A-Za-z ]+[,.]\s*$)")
PART_LETTER_RE = re.compile(rf"^\s*{PART_LETTER}\s*$")
# The closing line: "83rd plenary meeting" (General Assembly, ECOSOC), "39th meeting" (Human Rights Council),
# "Adopted at the 310th meeting." and "... by 8 votes to none." with a note's number (old printed volumes).
PLENARY_RE = re.compile(
    r"^\s*(?:Adopted\s+(?:unanimously\s+)?at\s+the\s+)?(?P<meeting>\d{1,4}(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?"
    r"(?:plenary\s+)?meeting)(?:,?\s+by\s+[^.]{1,120})?\.?\s*\d{0,3}\s*$", re.I)


@dataclass
class Layout:
    lines: list[str]  # body and head lines, cleaned; "" marks a break (blank line, page, notes)
    footnotes: dict[str, str] = field(default_factory=dict)
    symbol_hint: str = ""
    number_hint: str = ""  # "14/5" alone on a line before the text begins: the number, or a page's
    agenda_item: str = ""
    session_hint: str = ""


NUMBER_LINE_RE = re.compile(r"^\s*\d{1,4}/\d{1,3}\s*$")
HEADING_MARK_RE = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
EMPHASIS_RE = re.compile(r"(?<![\w*_])(?P<mark>_{1,2}|\*{1,2})(?P<words>[^\s_*](?:[^_*\n]*?[^\s_*])?)(?P=mark)(?![\w*_])")
SUPERSCRIPT_RE = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]")
# "Development,and encourages": a space lost in copying. A comma with a lower-case letter after
# it and one before it (read from the comma: most texts hold few commas and many letters).
GLUED_COMMA_RE = re.compile(r",(?=[a-z])(?<=[a-z],)")
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")  # note markers copied as superscripts


def normalise(text: str) -> str:
    """Unify line ends, spaces and dashes; drop soft hyphens and revision marks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    text = text.replace("\u00ad", "").replace("\u2011", "-").replace("\ufeff", "")
    text = without_disguise(text)
    text = re.sub(r"\[DU\d*\]", "", text)
    if "#" in text:
        text = HEADING_MARK_RE.sub("", text)  # "### Resolution 690 (1991)": Markdown's heading marks
    if "_" in text or "*" in text:
        text = EMPHASIS_RE.sub(r"\g<words>", text)  # "_Takes note_", "**Decides**": emphasis marks of Markdown
    text = GLUED_COMMA_RE.sub(", ", text)
    if SUPERSCRIPT_RE.search(text):  # translate walks every character: only where one is there
        text = text.translate(SUPERSCRIPTS)
    return text


def _note_complete(note: str) -> bool:
    return bool(re.search(r"[.)\]”\"]\s*$", note))


# Page furniture a whole line is: a rule, a page number, a symbol, header debris (one pattern, one call).
FURNITURE_LINE_RE = re.compile("|".join(f"(?:{p.pattern})" for p in (RULE_RE, PAGE_NUMBER_RE, SYMBOL_LINE_RE,
                                                                     HEADER_DEBRIS_RE)))


def _is_furniture(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if "<<ODS" in line or FURNITURE_LINE_RE.match(line):
        return True
    return len(stripped) < 40 and bool(JOB_NUMBER_RE.search(stripped))


def split_layout(text: str) -> Layout:
    """The body's lines, cleaned, and the notes and hints the page furniture gives."""
    text = normalise(text)
    ods = ODS_SYMBOL_RE.search(text)
    agenda = AGENDA_RE.search(text) if "Agenda item" in text else None  # the pattern tries every letter
    layout = Layout(lines=[], symbol_hint=ods.group(1).strip() if ods else "",
                    agenda_item=" ".join(agenda.group(1).split()) if agenda else "")
    reader = LineReader(layout)
    for line in text.split("\n"):
        reader.read(line.replace("\t", " ").rstrip() if not line.startswith("\t")
                    else "\t" + line.strip().replace("\t", " "))
    layout.lines, layout.footnotes = reader.out, reader.notes
    return layout


class LineReader:
    """One pass over a text's lines: each line is taken by the first step that wants it (a
    head, a note, furniture), else it is a line of the body. Each line-wide pattern is tried
    only where the words it needs stand: the pass reads every line of every document."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.out: list[str] = []
        self.notes: dict[str, str] = {}
        self.last_note = 0
        self.open_note: str | None = None  # number of the note that may continue on the next line
        self.in_notes = False  # inside a footnote block
        self.awaiting_date = False  # just past "Nth plenary meeting": its date comes next
        self.adopted = False  # past the closing lines: only notes and debris follow
        self.started = False  # a title or voice line was seen: the resolution itself has begun

    def read(self, line: str) -> None:
        stripped = line.strip()
        if (self._agenda_line(stripped) or self._session_head(line) or self._adoption_date(line, stripped)
                or self._separator(line) or self._next_part(line) or self._annex(line)
                or self._note(line, stripped)):
            return
        if not self.started and NUMBER_LINE_RE.match(line):
            self.layout.number_hint = stripped
        if not self._furniture(line):
            self._body_line(line)

    def _agenda_line(self, stripped: str) -> bool:
        return stripped.startswith("Agenda item") and bool(AGENDA_RE.fullmatch(stripped))

    def _session_head(self, line: str) -> bool:
        """"Seventy-ninth session" alone on a line: a hint of the session."""
        head = SESSION_HEAD_RE.match(line) if line.endswith(" session") else None
        if head and ordinal_value(head.group(1)):
            self.layout.session_hint = head.group(1)
            return True
        return False

    def _adoption_date(self, line: str, stripped: str) -> bool:
        """The date under the closing line; after it, the resolution has been adopted."""
        if not self.awaiting_date:
            return False
        if not stripped:
            return True
        self.awaiting_date, self.adopted = False, True
        if DATE_LINE_RE.match(line):
            self.out.append(line)
            return True
        return False

    def _separator(self, line: str) -> bool:
        """A line of underscores opens a footnote block, wherever it stands."""
        if "_____" in line and SEPARATOR_RE.match(line):
            self.in_notes, self.open_note = True, None
            self.out.append("")
            return True
        return False

    def _next_part(self, line: str) -> bool:
        """After the closing lines, "B" alone opens the next part of a resolution in parts."""
        if self.adopted and PART_LETTER_RE.match(line) and not self.in_notes:
            self.adopted, self.open_note = False, None
            self.out += ["", line.strip()]
            return True
        return False

    def _annex(self, line: str) -> bool:
        """What the resolution adopts (a declaration, a programme) follows its closing lines."""
        if self.adopted and ANNEX_RE.match(line):
            self.adopted, self.in_notes, self.open_note = False, False, None
            self.out += ["", line.strip()]
            return True
        return False

    def _note(self, line: str, stripped: str) -> bool:
        """In a footnote block or after adoption: a numbered note, or a note running on. A
        line that is neither ends the block, and is read on as the body's."""
        if not (self.in_notes or self.adopted):
            return False
        note = NOTE_START_RE.match(line)
        if note and int(note.group(1)) > self.last_note and not note.group(2)[:1].islower():
            self.open_note = note.group(1)
            self.last_note = int(self.open_note)
            self.notes[self.open_note] = note.group(2).strip()
            return True
        if self.open_note and stripped and not _note_complete(self.notes[self.open_note]):
            self.notes[self.open_note] += " " + stripped
            return True
        if self.adopted:  # debris after the notes
            self.open_note = None
            return True
        if not stripped and self.open_note:  # a blank line inside a note
            return True
        self.in_notes, self.open_note = False, None
        self.out.append("")
        return False

    def _furniture(self, line: str) -> bool:
        """A page's furniture leaves a break; a running head gives the symbol too."""
        if not _is_furniture(line):
            return False
        running_symbol = RES_SYMBOL_IN_LINE_RE.search(line)
        if running_symbol and not self.layout.symbol_hint:
            self.layout.symbol_hint = running_symbol.group(0)
        if "<<ODS" not in line:
            self.out.append("")
        return True

    def _body_line(self, line: str) -> None:
        """A line of the body; "Nth plenary meeting" closes it (before any title or voice line,
        it closes the resolution printed before this one)."""
        self.started = self.started or bool(START_RE.match(line))
        closing = PLENARY_RE.search(line) if "meeting" in line else None
        if closing and not self.started:
            self.out.append("")
            return
        self.out.append(line)
        if closing:
            self.awaiting_date = True
