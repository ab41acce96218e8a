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
# The closing line: "83rd plenary meeting" (General Assembly, ECOSOC), "39th meeting" (Human Rights Council).
PLENARY_RE = re.compile(r"^\s*(\d{1,4})(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?(?:plenary\s+)?meeting\s*$", re.I)


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
    text = normalise(text)
    layout = Layout(lines=[])
    ods = ODS_SYMBOL_RE.search(text)
    if ods:
        layout.symbol_hint = ods.group(1).strip()
    agenda = AGENDA_RE.search(text) if "Agenda item" in text else None  # the pattern tries every letter
    if agenda:
        layout.agenda_item = " ".join(agenda.group(1).split())

    raw = text.split("\n")
    notes: dict[str, str] = {}
    last_note = 0
    open_note: str | None = None  # number of the note that may continue on the next line
    in_notes = False  # inside a footnote block
    after_adoption = False  # past "Nth plenary meeting": only notes and debris follow
    started = False  # a title or voice line was seen: the resolution itself has begun
    out: list[str] = []

    for line in raw:
        line = line.replace("\t", " ").rstrip() if not line.startswith("\t") else "\t" + line.strip().replace("\t", " ")
        stripped = line.strip()
        # Each line-wide pattern is tried only where the words it needs stand: the loop reads
        # every line of every document.
        if stripped.startswith("Agenda item") and AGENDA_RE.fullmatch(stripped):
            continue
        session_head = SESSION_HEAD_RE.match(line) if line.endswith(" session") else None
        if session_head and ordinal_value(session_head.group(1)):
            layout.session_hint = session_head.group(1)
            continue
        if after_adoption == "pending-date":
            if not stripped:
                continue
            after_adoption = True
            if DATE_LINE_RE.match(line):
                out.append(line)
                continue
        if "_____" in line and SEPARATOR_RE.match(line):
            in_notes, open_note = True, None
            out.append("")
            continue
        if after_adoption is True and PART_LETTER_RE.match(line) and not in_notes:
            # The next part of a resolution in parts ("B", its title, its own voice).
            after_adoption, open_note = False, None
            out += ["", line.strip()]
            continue
        if after_adoption and ANNEX_RE.match(line):
            # What the resolution adopts (a declaration, a programme) follows its closing lines.
            after_adoption, in_notes, open_note = False, False, None
            out += ["", line.strip()]
            continue
        if in_notes or after_adoption:
            note = NOTE_START_RE.match(line)
            if note and int(note.group(1)) > last_note and not note.group(2)[:1].islower():
                open_note = note.group(1)
                last_note = int(open_note)
                notes[open_note] = note.group(2).strip()
                continue
            if open_note and stripped and not _note_complete(notes[open_note]):
                notes[open_note] += " " + stripped
                continue
            if after_adoption:
                open_note = None
                continue
            if not stripped and open_note:
                continue
            in_notes, open_note = False, None
            out.append("")
        if not started and NUMBER_LINE_RE.match(line):
            layout.number_hint = stripped
        if _is_furniture(line):
            running_symbol = RES_SYMBOL_IN_LINE_RE.search(line)
            if running_symbol and not layout.symbol_hint:
                layout.symbol_hint = running_symbol.group(0)  # a page head is the symbol too
            if "<<ODS" not in line:
                out.append("")
            continue
        started = started or bool(START_RE.match(line))
        closing = PLENARY_RE.search(line) if line[-7:].lower() == "meeting" else None
        if closing and not started:
            out.append("")  # the close of the resolution printed before this one
            continue
        out.append(line)
        if closing:
            # The adoption date follows; everything after it is notes or page debris.
            after_adoption = "pending-date"
    layout.lines = out
    layout.footnotes = notes
    return layout
