"""Reading a resolution's file into text: plain text, PDF (pypdf) or Word (python-docx).

Kept free of Django so the parser's command and the importer share it.
"""
from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from .limits import (
    ACCEPTED_SUFFIXES, ACCEPTED_WORDS, MAX_FILE_BYTES, MAX_ZIP_MEMBER_BYTES, MAX_ZIP_MEMBERS, MAX_ZIP_TOTAL_BYTES,
    PLAIN_TEXT_SUFFIXES, size_words,
)
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


def source_hash(text: str) -> str:
    """What tells a stored text from another: a re-import of the same one has nothing to do."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def decode_text(data: bytes) -> str:
    """Text from bytes in UTF-8 (with or without BOM), UTF-16 or, failing those, Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if b"\x00" in data[:4096]:
        # UTF-16 without a byte order mark shows every other byte as NUL: the odd ones in
        # little-endian, the even ones in big-endian.
        for zeros, encoding in ((data[1:4096:2], "utf-16-le"), (data[0:4096:2], "utf-16-be")):
            if zeros.count(0) > len(zeros) * 0.8:
                try:
                    return data.decode(encoding, errors="strict")
                except UnicodeDecodeError:
                    break
        raise ParseError("the file is binary, not a text document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        # Encrypted with an empty password (only its permissions set), as many are: any viewer opens it.
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError("the PDF is encrypted with a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001
        # PdfReadError, pypdf's LimitReachedError on a huge stream, RecursionError on nested
        # arrays...: whatever the file does to the reader, it is a file that cannot be read.
        raise ParseError(f"the PDF cannot be read ({exc.__class__.__name__})") from None
    text = "\n\f".join(pages)
    if not text.strip():
        raise ParseError("the PDF has no text layer (a scan?)")
    return text


def docx_text(data: bytes) -> str:
    import io

    import docx

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ParseError("the .docx file is not a Word document (not a zip archive)")
    check_zip_sizes(data)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = []
        for paragraph in document.paragraphs:
            # Word keeps a paragraph's automatic number apart from its text; a leading tab
            # marks each paragraph as its own, as Word's own text export does.
            lines.append("\t" + paragraph.text if paragraph.text.strip() else "")
        notes = _docx_footnotes(document)
    except Exception as exc:  # noqa: BLE001
        # PackageNotFoundError, lxml's XMLSyntaxError on a 1 GB text node, a broken zip...:
        # whatever the file does to the reader, it is a file that cannot be read.
        raise ParseError(f"the Word document cannot be read ({exc.__class__.__name__})") from None
    return "\n".join(lines + notes)


def check_zip_sizes(data: bytes) -> None:
    """Refuse a Word file that would unpack to far more than a resolution, before unpacking it."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as exc:  # noqa: BLE001 (BadZipFile, a damaged directory...)
        raise ParseError(f"the Word document cannot be read ({exc.__class__.__name__})") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise ParseError(f"the Word document holds {len(members)} parts (at most {MAX_ZIP_MEMBERS} are read)")
    largest = max((m.file_size for m in members), default=0)
    total = sum(m.file_size for m in members)
    if largest > MAX_ZIP_MEMBER_BYTES or total > MAX_ZIP_TOTAL_BYTES:
        raise ParseError(f"the Word document unpacks to {size_words(total)}, far more than a resolution "
                         f"(at most {size_words(MAX_ZIP_MEMBER_BYTES)} a part, {size_words(MAX_ZIP_TOTAL_BYTES)} in all)")


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
    """The text of a file's bytes by its type; ParseError with a one-line reason otherwise."""
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
