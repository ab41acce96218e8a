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

from .clauses import clause_start_res
from .layout import ANNEX_RE, PLENARY_RE
from .lexicon import Body, alternation, bodies, grammar
from .model import ParseError, Paragraph, Resolution, Section, Subparagraph
from .words import MONTH_PATTERN, MONTHS, PART_LETTER, PART_LETTERS, ROMAN_ITEMS, ordinal_value, roman_value, single_spaced

# "12. Requests ...", and "11. (a) Expresses concern ...": a paragraph that opens on its first subparagraph
OPERATIVE_RE = re.compile(r"^(\d{1,6})\s?\.\s*(?=[A-Z“\"‘']|\(a\)\s)(.*)$")
SUBPARAGRAPH_RE = re.compile(r"^\(([a-z]{1,2})\)\s*(.*)$")
SECTION_ALONE_RE = re.compile(rf"^([IVXL]{{1,6}}|{PART_LETTER})\s*\.?$")
SECTION_WITH_TITLE_RE = re.compile(rf"^([IVXL]{{1,6}}|{PART_LETTER})\.\s+([A-Z][^.;:,]*)$")
AUTHOR_RE = re.compile(rf"^(?:The\s+(?P<body>{alternation(bodies())})|We,\s+.*)\s*[,.]?\s*$")
TITLE_RE = re.compile(
    r"^(?:Resolution\s+)?(?:A/RES/)?((?:ES-\d+|S-\d+|\d+)/\d+(?:\s*[A-Z](?:-[A-Z])?)?|\d+\s*\([IVXL]+\))\s*\.\s*(.*)$"
)
ADOPTED_HEAD_RE = re.compile(
    rf"[Aa]dopted by the (?P<body>{alternation(bodies())})(?:\s+at its [\w-]+ meeting)?,?\s+on\s+"
    rf"(?P<date>\d{{1,2}}\s+{MONTH_PATTERN}\s+\d{{4}})"
)
OF_DATE_RE = re.compile(rf"^of\s+(\d{{1,2}}\s+{MONTH_PATTERN}\s+\d{{4}})\s*$")
NUMBER_ALONE_RE = re.compile(r"^(?:A/(?:HRC/)?RES/|E/RES/)?(\d{1,4}/\d{1,3})\s*\.?\s*$")
SC_TITLE_RE = re.compile(r"^(?:Resolution\s+)?(\d{1,5})\s*\((\d{4})\)\s*\.?\s*(.*)$", re.I)
DATE_RE = re.compile(rf"^\s*(\d{{1,2}})\s+({MONTH_PATTERN})\s+(\d{{4}})\s*$")
HEAD_METADATA_RE = re.compile(
    r"^(?:Resolution adopted|Adopted by|\[|Agenda item|A/|United Nations|Distr|General Assembly|Original|\d|"
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
VOICE_INSIDE_RE = re.compile(r"\S\s+The General Assembly,")


def _explode(line: str) -> list[str]:
    """Split a line that holds many paragraphs (text pasted from a web page)."""
    pasted = len(PASTED_NUMBER_RE.findall(line)) >= 2 or (
        "The General Assembly," in line and VOICE_INSIDE_RE.search(line))
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
    """Walks the body's lines and cuts them into blocks.

    Numbering may restart in a lettered section or a part ("A", "B" with their own
    voice): its paragraphs are then labelled with the section's letter ("D.3").
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.last_number = 0
        self.last_letter = ""
        self.in_roman = False
        self.warnings: list[str] = []
        self.section = ""  # the current section's number or letter
        self.section_open = False  # a section or part began and has no operative paragraph yet
        self.section_voiced = False  # ... and it opened with its own "The General Assembly,"
        self.prefix = ""  # "D." while a section's numbering restarts
        self.first_part_at = -1  # where part "A" began, its paragraphs numbered without its letter
        self.any_operative = False

    @property
    def current(self) -> Block | None:
        return self.blocks[-1] if self.blocks else None

    def start(self, kind: str, text: str, label: str = "") -> None:
        self.blocks.append(Block(kind, text.strip(), label))

    def voice(self, line: str) -> None:
        """An author line: a declaration or a new part numbers its paragraphs anew."""
        self.start("author", line)
        if line.startswith("We") or (self.any_operative and self.section_open):
            self.last_number = 0
        self.section_voiced = self.section_open

    def start_operative(self, number: int, text: str) -> None:
        if self.section_open:
            restarts = number == 1 and (self.any_operative or self.section_voiced)
            lettered = len(self.section) == 1 and self.section in PART_LETTERS
            if restarts:
                self.prefix = f"{self.section}." if lettered else ""
                if lettered:
                    self._letter_first_part()
            elif lettered and not self.any_operative:
                self.first_part_at = len(self.blocks)
            self.section_open = False
        self.last_number = number
        self.last_letter, self.in_roman = "", False
        self.any_operative = True
        self.start("operative", text, f"{self.prefix}{number}")

    def _letter_first_part(self) -> None:
        """Part B numbers its paragraphs anew: part A's, read before that was known, are "A.1" too."""
        if self.first_part_at < 0:
            return
        letter = next(b.label for b in reversed(self.blocks[:self.first_part_at]) if b.kind == "section")
        for block in self.blocks[self.first_part_at:]:
            if block.kind == "operative" and "." not in block.label:
                block.label = f"{letter}.{block.label}"
        self.first_part_at = -1

    def feed(self, line: str, after_break: bool, heading: bool = False) -> None:
        """Take one line of the body: the first step that recognises it starts a block (a
        section, a numbered paragraph, a subparagraph, a heading, an unnumbered operative
        paragraph, a preambular one); else it continues the current block."""
        text = single_spaced(line)
        if not text:
            return
        current = self.current
        seen = SeenLine(text, line.startswith("\t"), after_break, heading, current,
                        bool(CLOSED_RE.search((current.text if current else "")[-8:])) or not current)
        for step in (self._section, self._numbered, self._subparagraph, self._heading, self._unnumbered,
                     self._preambular):
            if step(seen):
                return
        if current is None:
            self.start("preamble", text)
        else:
            current.add(text)

    def _section(self, seen: SeenLine) -> bool:
        """"II" or "B" alone, or "B. Its title", where a paragraph closed or after a voice or heading."""
        section = SECTION_ALONE_RE.match(seen.text) or SECTION_WITH_TITLE_RE.match(seen.text)
        if not section or not (seen.prev_closed or seen.after("author", "heading")):
            return False
        if not (section.group(1) in PART_LETTERS or roman_value(section.group(1))):
            return False
        self.start("section", "", section.group(1))
        self.section, self.section_open, self.section_voiced = section.group(1), True, False
        if section.lastindex == 2:
            self.start("heading", section.group(2))
        return True

    def _numbered(self, seen: SeenLine) -> bool:
        """"12. Requests ...": the next number, or one a few ahead (or repeated) after a closed
        paragraph, with a warning; a section's numbering may start again at 1."""
        operative = OPERATIVE_RE.match(seen.text)
        if not operative:
            return False
        number = int(operative.group(1))
        expected = self.last_number + 1
        if number == 1 and self.section_open and self.last_number:
            self.last_number = 0  # a section whose numbering starts again
            expected = 1
        skipped = seen.prev_closed and (expected < number <= expected + 3 or number == self.last_number > 0)
        if number != expected and not skipped:
            return False
        if number != expected:
            self.warnings.append(f"operative paragraph {number} follows {self.last_number}: numbering skips or repeats")
        first_sub = SUBPARAGRAPH_RE.match(operative.group(2))
        self.start_operative(number, "" if first_sub else operative.group(2))
        if first_sub:
            self.last_letter = "a"
            self.start("sub", first_sub.group(2), "a")
        return True

    def _subparagraph(self, seen: SeenLine) -> bool:
        """"(c) ..." under an operative paragraph; "(ii)" inside a lettered one is an item of it."""
        sub = SUBPARAGRAPH_RE.match(seen.text)
        if not (sub and self.last_number and (seen.prev_closed or seen.after_break or seen.tabbed)):
            return False
        letter = sub.group(1)
        roman_item = letter in ROMAN_ITEMS and (self.in_roman or _next_letter(self.last_letter) != letter)
        if roman_item and self.last_letter:
            self.in_roman = True
            if seen.current:
                seen.current.add(seen.text)
            return True
        self.last_letter, self.in_roman = letter, False
        self.start("sub", sub.group(2), letter)
        return True

    def _heading(self, seen: SeenLine) -> bool:
        """A line found to be a heading, or the line after a section's numeral."""
        if seen.heading or seen.after("section"):
            self.start("heading", seen.text)
            return True
        return False

    def _unnumbered(self, seen: SeenLine) -> bool:
        """An operative paragraph with no number: the only one, or the first of a section."""
        opens_preamble = not self.last_number or self.section_open
        after_voice_or_heading = seen.after("author", "heading", "preamble")
        if ((opens_preamble or after_voice_or_heading) and (seen.prev_closed or after_voice_or_heading)
                and (seen.after_break or seen.tabbed) and opens_operative(seen.text)):
            self.start_operative(1 if self.section_open or not self.last_number else self.last_number + 1, seen.text)
            return True
        return False

    def _preambular(self, seen: SeenLine) -> bool:
        """Before the operative part: a participle or adjective opening a new paragraph, or any
        line right after the voice; a line after a heading continues it."""
        opens_preamble = not self.last_number or self.section_open
        opener = is_preamble_opener(seen.text)
        if opens_preamble and ((opener and (seen.prev_closed or seen.after("author", "heading")))
                               or (seen.tabbed and seen.prev_closed) or seen.after("author")):
            self.start("preamble", seen.text)
            return True
        if seen.after("heading"):
            seen.current.add(seen.text)
            return True
        return False


@dataclass(frozen=True)
class SeenLine:
    """A body line as the segmenter sees it: its text, where it stands, what came before."""

    text: str
    tabbed: bool
    after_break: bool
    heading: bool  # found to be a heading beforehand (heading_lines)
    current: Block | None  # the block it may continue
    prev_closed: bool  # that block ends as a paragraph does, or there is none

    def after(self, *kinds: str) -> bool:
        return self.current is not None and self.current.kind in kinds


def opens_operative(text: str) -> bool:
    """A paragraph that opens with an operative verb ("Decides", "Also requests")."""
    if not text[:1].isupper():
        return False
    head, _ = clause_start_res(False)
    match = head.match(text)
    return bool(match) and match.group("verb") is not None


def heading_lines(lines: list[str]) -> set[int]:
    """Lines that are headings: short, unpunctuated, between closed paragraphs and before a new one."""
    found = set()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for position, i in enumerate(filled):
        if not lines[i].lstrip()[:1].isupper():
            continue  # a heading begins with a capital: most lines are passed over here
        if CLOSED_RE.search(lines[i].rstrip()[-8:]):
            continue  # closed as it stands, so closed once its spaces are joined: most paragraphs
        text = " ".join(lines[i].split())
        if len(text) > 150 or not text[:1].isupper() or CLOSED_RE.search(text[-8:]) or text.endswith(("-", "—")):
            continue
        if OPERATIVE_RE.match(text) or SUBPARAGRAPH_RE.match(text) or SECTION_ALONE_RE.match(text):
            continue
        if AUTHOR_RE.match(text) or is_preamble_opener(text) or opens_operative(text):
            continue
        before = " ".join(lines[filled[position - 1]].split()) if position else ""
        after = " ".join(lines[filled[position + 1]].split()) if position + 1 < len(filled) else ""
        closed_before = bool(CLOSED_RE.search(before[-8:])) or bool(SECTION_ALONE_RE.match(before))
        opens_after = bool(OPERATIVE_RE.match(after) or SECTION_ALONE_RE.match(after) or AUTHOR_RE.match(after)
                           or is_preamble_opener(after) or opens_operative(after))
        if closed_before and opens_after:
            found.add(i)
    return found


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


def _symbol_from_title(number: str, body: Body) -> tuple[str, int | None]:
    """The symbol and session of 'N/M' (or 'N (XXV)') as the adopting body writes them."""
    number = " ".join(number.split())
    roman = re.fullmatch(r"(\d+)\s*\(([IVXL]+)\)", number)
    if roman:
        return body.symbol_for(f"{roman.group(1)} ({roman.group(2)})"), roman_value(roman.group(2))
    session = re.match(r"(?:S-|ES-)?(\d+)/", number)
    if body.sessions == "none" or not session or number.startswith(("S-", "ES-")):
        return body.symbol_for(number), None
    return body.symbol_for(number), int(session.group(1))


def _body_named(author_line: str, head: list[str], symbol_hint: str) -> Body | None:
    """The adopting body: its voice ("The Security Council,"), the adoption line, or the symbol."""
    voice = AUTHOR_RE.match(author_line.strip())
    if voice and voice.group("body"):
        return bodies()[voice.group("body")]
    adopted = ADOPTED_HEAD_RE.search(" ".join(" ".join(head).split()))
    if adopted:
        return bodies()[adopted.group("body")]
    return _body_of_symbol(symbol_hint)


def _body_of_symbol(symbol: str) -> Body | None:
    """The body whose resolutions' symbols begin as this one does (bodies.toml): "A/HRC/RES/"
    is the Human Rights Council's, the longest prefix winning over "A/RES/"."""
    prefixes = sorted(((body.symbol.split("{")[0], body) for body in bodies().values() if "/" in body.symbol),
                      key=lambda prefix_body: -len(prefix_body[0]))
    return next((body for prefix, body in prefixes if symbol.startswith(prefix)), None)


def read_structure(lines: list[str], symbol_hint: str = "", session_hint: str = "", number_hint: str = "") -> Resolution:
    """The head (symbol, title, body, session), the closing lines and the body's blocks."""
    res = Resolution()
    lines = [piece for line in lines for piece in _explode(line)]
    voice_at = _voice_at(lines)
    author_at = _part_letter_before(lines, voice_at)
    head = lines[: max(author_at, 0)]
    body_of = _body_named(lines[voice_at] if voice_at >= 0 else "", head, symbol_hint)
    if body_of is None:
        res.warnings.append("the adopting body could not be told from the text; read as the General Assembly's")
    res.body = body_of.name if body_of else ""
    _read_head(res, head, body_of or bodies()["General Assembly"])
    spans = _body_spans(lines, author_at)
    _read_closing(res, lines[spans[-1][1]: spans[-1][1] + 4])
    _read_body(res, _body_lines(lines, spans, res))
    _symbol_from_hints(res, body_of, symbol_hint, session_hint, number_hint)
    if not res.operative:
        raise ParseError("no operative paragraphs: this text does not read as a resolution")
    return res


def _voice_at(lines: list[str]) -> int:
    """The line of "The General Assembly,"; with none, just before the first preambular
    participle or "1.", whichever comes first."""
    voice_at = next((i for i, line in enumerate(lines) if AUTHOR_RE.match(line.strip())), None)
    if voice_at is None:
        voice_at = next((i - 1 for i, line in enumerate(lines)
                         if OPERATIVE_RE.match(line.strip()) and line.strip().startswith("1")), None)
        first_pre = next((i - 1 for i, line in enumerate(lines)
                          if is_preamble_opener(line.strip()) and line.strip().endswith(",")), None)
        if first_pre is not None and (voice_at is None or first_pre < voice_at):
            voice_at = first_pre
    if voice_at is None:
        raise ParseError("no operative paragraphs: this text does not read as a resolution")
    return voice_at


def _read_closing(res: Resolution, closing: list[str]) -> None:
    """"83rd plenary meeting" and the date under it: the meeting and the adoption."""
    for line in closing:
        if plenary := PLENARY_RE.search(line):
            res.meeting = " ".join(plenary.group("meeting").split())  # "310th meeting"
        adopted = _parse_date(line) if DATE_RE.match(line) else None
        if adopted:
            res.adopted = adopted


def _body_lines(lines: list[str], spans: list[tuple[int, int]], res: Resolution) -> list[str]:
    """The body's lines, its annex after the closing lines included, running heads left out."""
    tail_at = spans[-1][1]
    annex_at = next((i for i, line in enumerate(lines) if i > tail_at and ANNEX_RE.match(line)), None)
    body = [line for start, end in spans for line in lines[start:end]]
    body += lines[annex_at + 1:] if annex_at is not None else []
    return [line for line in body if not _is_running_head(line, res)]


def _read_body(res: Resolution, body: list[str]) -> None:
    """Cut the body into blocks (voices, sections, paragraphs) and assemble its paragraphs."""
    segmenter = _Segmenter()
    headings = heading_lines(body)
    after_break = True
    for index, raw in enumerate(body):
        if not raw.strip():
            after_break = True
            continue
        if AUTHOR_RE.match(raw.strip()):
            segmenter.voice(raw.strip())
        else:
            segmenter.feed(raw, after_break, heading=index in headings)
        after_break = False
    res.warnings.extend(segmenter.warnings)
    _assemble(res, segmenter.blocks)


def _symbol_from_hints(res: Resolution, body_of: Body | None, symbol_hint: str, session_hint: str,
                       number_hint: str) -> None:
    """With no symbol in the title: the number alone on a line before the text, else the
    symbol the page furniture gave; the session from a session head."""
    body = body_of or bodies()["General Assembly"]
    if not res.symbol and number_hint and body.sessions != "none":
        res.symbol, res.session = _symbol_from_title(number_hint, body)
    if not res.symbol and symbol_hint:
        res.symbol = symbol_hint
        match = re.match(r"(?:A/|A/HRC/|E/)RES/(\d+)/", symbol_hint)
        roman = re.search(r"\(([IVXLC]+)\)$", symbol_hint)  # "A/RES/364 (IV)"
        if match:
            res.session = int(match.group(1))
        elif roman:
            res.session = roman_value(roman.group(1))
    if res.session is None and session_hint and (body_of is None or body_of.sessions == "numbered"):
        res.session = ordinal_value(session_hint)


def _part_letter_before(lines: list[str], author_at: int) -> int:
    """Where the body starts: at the voice line, or at the part letter ("A") just above it."""
    seen = 0
    for i in range(author_at - 1, max(author_at - 8, -1), -1):
        if not lines[i].strip():
            continue
        if SECTION_ALONE_RE.match(lines[i].strip()) and lines[i].strip() in PART_LETTERS:
            return i
        seen += 1
        if seen == 3 or TITLE_RE.match(lines[i].strip()):
            break
    return author_at


def _body_spans(lines: list[str], author_at: int) -> list[tuple[int, int]]:
    """The body's line ranges: up to the plenary line, and each further part ("B", its own
    title and voice) that follows a plenary line and its date."""
    spans, start = [], author_at
    while True:
        tail = next((i for i in range(start + 1, len(lines)) if PLENARY_RE.search(lines[i])), len(lines))
        spans.append((start, tail))
        filled = [i for i in range(tail + 1, min(tail + 12, len(lines))) if lines[i].strip()]
        part = next((i for i in filled[:3] if SECTION_ALONE_RE.match(lines[i].strip())
                     and lines[i].strip() in PART_LETTERS), None)
        voiced = part is not None and any(AUTHOR_RE.match(lines[i].strip()) for i in filled if part < i <= part + 8)
        if not voiced:
            return spans
        start = part


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


def _read_head(res: Resolution, head: list[str], body: Body) -> None:
    text = "\n".join(head)
    adopted = ADOPTED_HEAD_RE.search(" ".join(text.split()))
    if adopted:
        res.adopted = _parse_date(adopted.group("date"))
    committee = COMMITTEE_RE.search(text)
    if committee:
        res.committee = " ".join(committee.group(1).split())
        res.committee_report = committee.group(2).strip()
    title_lines: list[str] = []
    for i, line in enumerate(head):
        match = TITLE_RE.match(line.strip())
        alone = NUMBER_ALONE_RE.match(line.strip())
        if alone and not match and not title_lines and body.sessions != "none":
            # "14/5" on a line of its own, the title on the next
            res.symbol, res.session = _symbol_from_title(alone.group(1), body)
            title_lines += [more.strip() for more in head[i + 1: i + 4] if more.strip()][:1]
            break
        council = SC_TITLE_RE.match(line.strip()) if body.sessions == "none" else None
        if council and not res.symbol:
            res.symbol = body.symbol_for(council.group(1), int(council.group(2)))
            following = next((more.strip() for more in head[i + 1: i + 3] if more.strip()), "")
            dated = OF_DATE_RE.match(following)
            if dated and res.adopted is None:
                res.adopted = _parse_date(dated.group(1))  # "Resolution 690 (1991)" / "of 29 April 1991"
            if council.group(3):
                title_lines.append(council.group(3))
            continue
        if match and not title_lines:
            res.symbol, res.session = _symbol_from_title(match.group(1), body)
            title_lines.append(match.group(2))
            for more in head[i + 1:]:
                if not more.strip():
                    break
                title_lines.append(more.strip())
            break
    if title_lines:
        res.title = " ".join(" ".join(title_lines).split())
        return
    if body.sessions == "none" and res.symbol:
        return  # the Security Council's resolutions have no title of their own
    symbol = RES_SYMBOL_RE.search(text)
    if symbol and not res.symbol:
        res.symbol, res.session = _symbol_from_title(symbol.group(1), body)
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
        elif paragraph is None or block.kind == "preamble":
            res.paragraphs.append(Paragraph(kind="preambular", text=block.text))
            paragraph = None
        elif paragraph.subparagraphs:
            paragraph.subparagraphs[-1].text += " " + block.text
        else:
            paragraph.text += " " + block.text
