"""Reading a resolution's file into text: plain text, PDF (pypdf) or Word (python-docx).

Kept free of Django so the parser's command and the importer share it.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from .limits import ACCEPTED_SUFFIXES, ACCEPTED_WORDS, MAX_FILE_BYTES, PLAIN_TEXT_SUFFIXES, size_words
from .parsing import ParseError


def files_in(paths) -> list[Path]:
    """Resolution files named directly or found in folders, in a stable order."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ACCEPTED_SUFFIXES)
        else:
            found.append(path)
    return found


def decode_text(data: bytes) -> str:
    """Text from bytes in UTF-8 (with or without BOM), UTF-16 or, failing those, Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if b"\x00" in data[:4096]:
        # UTF-16 without a byte order mark shows every other byte as NUL.
        if data[1:4096:2].count(0) > len(data[1:4096:2]) * 0.8:
            return data.decode("utf-16-le", errors="strict")
        raise ParseError("the file is binary, not a text document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ParseError("the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ParseError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ParseError(f"the PDF cannot be read ({exc.__class__.__name__})") from exc
    text = "\n\f".join(pages)
    if not text.strip():
        raise ParseError("the PDF has no text layer (a scan?)")
    return text


def docx_text(data: bytes) -> str:
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ParseError("the .docx file is not a Word document (not a zip archive)")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ParseError(f"the Word document cannot be read ({exc.__class__.__name__})") from exc
    lines = []
    for paragraph in document.paragraphs:
        # Word keeps a paragraph's automatic number apart from its text; a leading tab
        # marks each paragraph as its own, as Word's own text export does.
        lines.append("\t" + paragraph.text if paragraph.text.strip() else "")
    notes = _docx_footnotes(document)
    return "\n".join(lines + notes)


def _docx_footnotes(document) -> list[str]:
    part = document.part
    for rel in part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            from docx.oxml.ns import qn
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            lines = []
            for note in root.iter(qn("w:footnote")):
                number = note.get(qn("w:id"))
                if number and int(number) > 0:
                    text = "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
                    lines.append(f"{number} {text}")
            return lines
    return []


def read_document(path: str | Path) -> str:
    """The text of a resolution file; ParseError with a clear reason if it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise ParseError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise ParseError(f"{path.name}: the file is empty")
    if size > MAX_FILE_BYTES:
        raise ParseError(f"{path.name}: the file is too large ({size_words(size)}; the limit is "
                         f"{size_words(MAX_FILE_BYTES)})")
    data = path.read_bytes()
    return read_bytes(data, path.name)


def read_bytes(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        if not data.startswith(b"%PDF"):
            raise ParseError(f"{name}: not a PDF file")
        return pdf_text(data)
    if suffix == ".docx":
        return docx_text(data)
    if suffix in PLAIN_TEXT_SUFFIXES:
        return decode_text(data)
    raise ParseError(f"{name}: unsupported file type {suffix!r} (use {ACCEPTED_WORDS})")
