"""From clean lines to the parts of a resolution: head, preamble, sections, paragraphs.

Every line break is a possible paragraph boundary; what the next line starts with
(a number, a letter in brackets, a preambular participle, a lower-case word) decides.
That one rule reads Word exports (a paragraph a line), PDF text (wrapped lines, page
breaks) and text pasted from the web (a whole resolution on a line or two).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .layout import ANNEX_RE, PLENARY_RE
from .lexicon import grammar
from .model import ParseError, Paragraph, Resolution, Section, Subparagraph
from .words import MONTH_PATTERN, MONTHS, ordinal_value, roman_value

OPERATIVE_RE = re.compile(r"^(\d{1,3})\s?\.\s*(?=[A-Z“\"‘'])(.*)$")
SUBPARAGRAPH_RE = re.compile(r"^\(([a-z]{1,2})\)\s*(.*)$")
SECTION_ALONE_RE = re.compile(r"^([IVXL]{1,6}|[A-H])\s*\.?$")
SECTION_WITH_TITLE_RE = re.compile(r"^([IVXL]{1,6}|[A-H])\.\s+([A-Z][^.;:,]*)$")
AUTHOR_RE = re.compile(
    r"^(?:The\s+(General Assembly|Economic and Social Council|Human Rights Council|Security Council)"
    r"|We,\s+.*)\s*,?\s*$"
)
TITLE_RE = re.compile(
    r"^(?:Resolution\s+)?(?:A/RES/)?((?:ES-\d+|S-\d+|\d+)/\d+(?:\s*[A-Z](?:-[A-Z])?)?|\d+\s*\([IVXL]+\))\s*\.\s*(.*)$"
)
ADOPTED_HEAD_RE = re.compile(rf"adopted by the General Assembly on (\d{{1,2}}\s+{MONTH_PATTERN}\s+\d{{4}})")
DATE_RE = re.compile(rf"^\s*(\d{{1,2}})\s+({MONTH_PATTERN})\s+(\d{{4}})\s*$")
HEAD_METADATA_RE = re.compile(
    r"^(?:Resolution adopted|\[|Agenda item|A/|United Nations|Distr|General Assembly|Original|\d|"
    r"[A-Z][a-z]+(?:-[a-z]+)? session$)"
)
COMMITTEE_RE = re.compile(r"\[\s*on the reports? of the (.+?)\s*\(([^)]+)\)\s*\]", re.S)
RES_SYMBOL_RE = re.compile(r"\bA/RES/((?:ES-\d+|S-\d+|\d+)/\d+(?:\s?[A-Z]\b)?)")

PREAMBLE_OPENERS = frozenset(grammar()["preamble"]["openers"])
NOT_OPENERS = frozenset(grammar()["preamble"]["not_openers"])


FIRST_WORD_RE = re.compile(r"[A-Z][a-z]+")
PARTICIPLE_RE = re.compile(r"[A-Z][a-z]{2,}(?:ing|ed)")
CLOSED_RE = re.compile(r"[,;:.]\s*\d{0,3}$")  # a line that ends a paragraph (a note marker may follow)


def is_preamble_opener(text: str) -> bool:
    word = FIRST_WORD_RE.match(text)
    if not word:
        return False
    first = word.group(0)
    if first in NOT_OPENERS:
        return False
    return first in PREAMBLE_OPENERS or bool(PARTICIPLE_RE.fullmatch(first))


PASTED_NUMBER_RE = re.compile(r"[;:.,]\s+\d{1,3}\.\s+[A-Z]")


def _explode(line: str) -> list[str]:
    """Split a line that holds many paragraphs (text pasted from a web page)."""
    pasted = len(PASTED_NUMBER_RE.findall(line)) >= 2 or re.search(r"\S\s+The General Assembly,", line)
    if not pasted:
        return [line]
    line = re.sub(r"\s+(?=(?:A/RES/)?\d+/\d+\.\s+[A-Z])", "\n", line, count=1)
    line = re.sub(r"(?<=[.;])\s+(?=\d{1,3}(?:st|nd|rd|th) plenary meeting)", "\n", line)
    line = re.sub(r"(?<=plenary meeting)\s+(?=\d{1,2} [A-Z][a-z]+ \d{4})", "\n", line)
    line = re.sub(r"(?<=[;:.,])\s+(?=\d{1,3}\.\s+[A-Z])", "\n", line)
    line = re.sub(r"(?<=[;:])\s+(?=\([a-z]{1,2}\)\s+[A-Z])", "\n", line)
    line = re.sub(r"(?<=\bGeneral Assembly,)\s+", "\n", line)
    line = re.sub(r"(?<=,)\s+(?=[A-Z][a-z]+(?:ing|ed)\b)", "\n", line)
    line = re.sub(r"(?<=\S)\s+(?=The General Assembly,)", "\n", line)
    return line.split("\n")


@dataclass
class Block:
    kind: str  # "operative", "sub", "section", "heading", "preamble", "author"
    text: str
    label: str = ""
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        if self.text.endswith("-") and self.text[-2:-1].islower() and line[:1].islower():
            self.text += line
        else:
            self.text = f"{self.text} {line}" if self.text else line


def _next_letter(letter: str) -> str:
    if not letter:
        return "a"
    if letter == "z":
        return "aa"
    if len(letter) == 2:
        return chr(ord(letter[0]) + 1) * 2
    return chr(ord(letter) + 1)


class _Segmenter:
    """Walks the body's lines and cuts them into blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.last_number = 0
        self.last_letter = ""
        self.in_roman = False
        self.warnings: list[str] = []

    @property
    def current(self) -> Block | None:
        return self.blocks[-1] if self.blocks else None

    def start(self, kind: str, text: str, label: str = "") -> None:
        self.blocks.append(Block(kind, text.strip(), label))

    def feed(self, line: str, after_break: bool) -> None:
        tabbed = line.startswith("\t")
        text = " ".join(line.split())
        if not text:
            return
        current = self.current
        prev_text = current.text if current else ""
        prev_closed = bool(CLOSED_RE.search(prev_text[-8:])) or not current

        section = SECTION_ALONE_RE.match(text) or SECTION_WITH_TITLE_RE.match(text)
        if section and (prev_closed or (current and current.kind in ("author", "heading"))):
            if section.group(1) in "ABCDEFGH" or roman_value(section.group(1)):
                self.start("section", "", section.group(1))
                if section.lastindex == 2:
                    self.start("heading", section.group(2))
                return

        operative = OPERATIVE_RE.match(text)
        if operative:
            number = int(operative.group(1))
            expected = self.last_number + 1
            if number == expected or (prev_closed and expected < number <= expected + 3) or (
                prev_closed and number == self.last_number and number > 0
            ):
                if number != expected:
                    self.warnings.append(
                        f"operative paragraph {number} follows {self.last_number}: numbering skips or repeats"
                    )
                self.last_number = number
                self.last_letter, self.in_roman = "", False
                self.start("operative", operative.group(2), str(number))
                return

        sub = SUBPARAGRAPH_RE.match(text)
        if sub and self.last_number and (prev_closed or after_break or tabbed):
            letter = sub.group(1)
            roman_item = letter in ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x") and (
                self.in_roman or _next_letter(self.last_letter) != letter
            )
            if roman_item and self.last_letter:
                self.in_roman = True
                if current:
                    current.add(text)
                return
            self.last_letter, self.in_roman = letter, False
            self.start("sub", sub.group(2), letter)
            return

        if current and current.kind == "section":
            self.start("heading", text)
            return
        if current and current.kind == "heading":
            current.add(text)
            return

        opener = is_preamble_opener(text)
        if not self.last_number and (
            (opener and (prev_closed or current.kind in ("author", "heading")))
            or (tabbed and prev_closed)
            or (current and current.kind == "author")
        ):
            self.start("preamble", text)
            return
        if current is None:
            self.start("preamble", text)
            return
        current.add(text)


def _parse_date(text: str) -> date | None:
    match = DATE_RE.match(text)
    if not match:
        match = re.search(rf"(\d{{1,2}})\s+({MONTH_PATTERN})\s+(\d{{4}})", text)
        if not match:
            return None
    day, month, year = match.groups()
    try:
        return date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def _symbol_from_title(number: str) -> tuple[str, int | None]:
    number = " ".join(number.split())
    roman = re.fullmatch(r"(\d+)\s*\(([IVXL]+)\)", number)
    if roman:
        return f"A/RES/{roman.group(1)} ({roman.group(2)})", roman_value(roman.group(2))
    session = re.match(r"(?:S-|ES-)?(\d+)/", number)
    return f"A/RES/{number}", int(session.group(1)) if session and not number.startswith(("S-", "ES-")) else None


def read_structure(lines: list[str], symbol_hint: str = "", session_hint: str = "") -> Resolution:
    res = Resolution()
    lines = [piece for line in lines for piece in _explode(line)]
    author_at = next((i for i, line in enumerate(lines) if AUTHOR_RE.match(line.strip())), None)
    if author_at is None:
        # No "The General Assembly,": the body starts at the first participle or "1."
        author_at = next(
            (i - 1 for i, line in enumerate(lines)
             if OPERATIVE_RE.match(line.strip()) and line.strip().startswith("1")),
            None,
        )
        first_pre = next((i - 1 for i, line in enumerate(lines)
                          if is_preamble_opener(line.strip()) and line.strip().endswith(",")), None)
        if first_pre is not None and (author_at is None or first_pre < author_at):
            author_at = first_pre
    if author_at is None:
        raise ParseError("no operative paragraphs: this text does not read as a resolution")
    head = lines[: max(author_at, 0)]
    _read_head(res, head)

    tail_at = next((i for i, line in enumerate(lines) if i > author_at and PLENARY_RE.search(line)), len(lines))
    for line in lines[tail_at: tail_at + 4]:
        meeting = PLENARY_RE.search(line)
        if meeting:
            res.meeting = " ".join(line.split())
        adopted = _parse_date(line) if DATE_RE.match(line) else None
        if adopted:
            res.adopted = adopted

    segmenter = _Segmenter()
    annex_at = next((i for i, line in enumerate(lines) if i > tail_at and ANNEX_RE.match(line)), None)
    body = lines[author_at:tail_at] + (lines[annex_at + 1:] if annex_at is not None else [])
    body = [line for line in body if not _is_running_head(line, res)]
    after_break = True
    for raw in body:
        if not raw.strip():
            after_break = True
            continue
        if AUTHOR_RE.match(raw.strip()):
            segmenter.start("author", raw.strip())
            if raw.strip().startswith("We"):
                segmenter.last_number = 0  # a declaration numbers its own paragraphs
        else:
            segmenter.feed(raw, after_break)
        after_break = False
    res.warnings.extend(segmenter.warnings)
    _assemble(res, segmenter.blocks)

    if not res.symbol and symbol_hint:
        res.symbol = symbol_hint
        match = re.match(r"A/RES/(\d+)/", symbol_hint)
        if match:
            res.session = int(match.group(1))
    if res.session is None and res.symbol:
        match = re.match(r"A/RES/(\d+)/", res.symbol)
        res.session = int(match.group(1)) if match else None
    if res.session is None and session_hint:
        res.session = ordinal_value(session_hint)
    if not res.operative:
        raise ParseError("no operative paragraphs: this text does not read as a resolution")
    return res


def _is_running_head(line: str, res: Resolution) -> bool:
    """A PDF page's head: the symbol and/or the title, alone on a line."""
    if not res.title or len(line) > len(res.title) + len(res.symbol) + 10:
        return False
    text = " ".join(line.split()).lower()
    if not text:
        return False
    for part in (res.symbol.lower(), res.title.lower()):
        if part:
            text = text.replace(part, " ")
    return not text.strip() and len(line.strip()) >= min(len(res.title), 12)


def _read_head(res: Resolution, head: list[str]) -> None:
    text = "\n".join(head)
    adopted = ADOPTED_HEAD_RE.search(" ".join(text.split()))
    if adopted:
        res.adopted = _parse_date(adopted.group(1))
    committee = COMMITTEE_RE.search(text)
    if committee:
        res.committee_report = committee.group(2).strip()
    title_lines: list[str] = []
    for i, line in enumerate(head):
        match = TITLE_RE.match(line.strip())
        if match and not title_lines:
            res.symbol, res.session = _symbol_from_title(match.group(1))
            title_lines.append(match.group(2))
            for more in head[i + 1:]:
                if not more.strip():
                    break
                title_lines.append(more.strip())
            break
    if title_lines:
        res.title = " ".join(" ".join(title_lines).split())
        return
    symbol = RES_SYMBOL_RE.search(text)
    if symbol:
        res.symbol, res.session = _symbol_from_title(symbol.group(1))
    # No "63/197. Title" line: the title is the last line of the head that is no page furniture.
    for line in reversed(head):
        line = " ".join(line.split())
        if line and not HEAD_METADATA_RE.match(line) and not DATE_RE.match(line):
            res.title = line
            break


def _assemble(res: Resolution, blocks: list[Block]) -> None:
    section: Section | None = None
    paragraph: Paragraph | None = None
    pending_section: Section | None = None
    for block in blocks:
        if block.kind == "author":
            continue
        if block.kind == "section":
            pending_section = Section(number=block.label, title="", first="")
            continue
        if block.kind == "heading":
            if pending_section is not None:
                pending_section.title = " ".join(f"{pending_section.title} {block.text}".split())
            continue
        if block.kind == "operative":
            if pending_section is not None:
                pending_section.first = block.label
                res.sections.append(pending_section)
                section, pending_section = pending_section, None
            paragraph = Paragraph(
                kind="operative", text=block.text, number=block.label,
                section=section.number if section else "",
            )
            res.paragraphs.append(paragraph)
        elif block.kind == "sub" and paragraph is not None:
            paragraph.subparagraphs.append(Subparagraph(block.label, block.text))
        elif block.kind == "sub":
            if res.paragraphs:
                res.paragraphs[-1].text += f" ({block.label}) {block.text}"
        elif paragraph is None:
            res.paragraphs.append(Paragraph(kind="preambular", text=block.text))
        elif paragraph.subparagraphs:
            paragraph.subparagraphs[-1].text += " " + block.text
        else:
            paragraph.text += " " + block.text
