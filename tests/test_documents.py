"""Reading files: encodings and line ends, PDF and Word, and what cannot be read."""

import io
import zipfile

import pytest

from resolutions.documents import read_bytes, read_document
from resolutions.parsing import ParseError, parse_resolution

from .conftest import resolution_text

TEXT = resolution_text("\tNoting the Déclaration,\n\t1.\tRequests the Secretary-General to report annually;")


@pytest.mark.parametrize("encoded", [
    TEXT.encode("utf-8"),
    TEXT.encode("utf-8-sig"),
    TEXT.encode("utf-16"),
    TEXT.encode("utf-16-le"),
    TEXT.encode("latin-1"),
    TEXT.replace("\n", "\r\n").encode("cp1252"),
])
def test_text_in_any_common_encoding_parses_alike(encoded):
    res = parse_resolution(read_bytes(encoded, "res.txt"))
    assert res.preambular[0].text == "Noting the Déclaration,"
    assert res.obligations[0].recurrence == "annual"


def test_word_document(tmp_path):
    import docx

    document = docx.Document()
    for line in TEXT.splitlines():
        document.add_paragraph(line.strip())
    path = tmp_path / "res.docx"
    document.save(path)
    res = parse_resolution(read_document(path))
    assert res.symbol == "A/RES/70/123"
    assert [o.addressees for o in res.obligations] == [["Secretary-General"]]


@pytest.mark.parametrize("name, data, reason", [
    ("res.pdf", b"\x89PNG\r\n\x1a\n", "not a PDF"),
    ("res.pdf", b"%PDF-1.4\n garbage", "PDF"),
    ("res.docx", b"plain text, not a zip", "not a Word document"),
    ("res.xlsx", b"PK\x03\x04", "unsupported file type"),
])
def test_unreadable_files_say_why(name, data, reason):
    with pytest.raises(ParseError, match=reason):
        parse_resolution(read_bytes(data, name))


def test_empty_and_oversized_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ParseError, match="empty"):
        read_document(empty)
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(21 * 1024 * 1024)
    with pytest.raises(ParseError, match="too large"):
        read_document(big)
REQUEST = "1. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report;"


def word_file(extra_xml_bytes: int = 0) -> bytes:
    """A real .docx, its document.xml padded with white space to the size asked."""
    import docx

    document = docx.Document()
    document.add_paragraph("70/123. A test resolution")
    out = io.BytesIO()
    document.save(out)
    if not extra_xml_bytes:
        return out.getvalue()
    source, padded = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * extra_xml_bytes, 1)
            target.writestr(item, data)
    return padded.getvalue()


def test_a_word_zip_bomb_is_refused_before_reading():
    bomb = word_file(extra_xml_bytes=50 * 1024 * 1024)
    assert len(bomb) < 200_000
    with pytest.raises(ParseError, match="unpacks to"):
        read_bytes(bomb, "bomb.docx")
    assert "70/123" in read_bytes(word_file(), "fine.docx")


def test_a_reader_that_raises_anything_gives_a_parse_error(monkeypatch):
    import pypdf

    class LimitReachedError(Exception):
        pass

    def refuse(*args, **kwargs):
        raise LimitReachedError("stream too large")

    monkeypatch.setattr(pypdf, "PdfReader", refuse)
    with pytest.raises(ParseError, match=r"the PDF cannot be read \(LimitReachedError\)"):
        read_bytes(b"%PDF-1.7\n", "huge.pdf")


def test_a_long_resolution_keeps_every_paragraph_and_a_huge_one_is_refused():
    body = "\n\n".join(f"{i}. Requests the Secretary-General to report on item {i};" for i in range(1, 1201))
    res = parse_resolution(resolution_text(body))
    assert [p.number for p in res.operative][-3:] == ["1198", "1199", "1200"]
    assert len(res.obligations) == 1200 and not res.warnings
    body = "\n\n".join(f"{i}. Notes item {i};" for i in range(1, 3102))
    with pytest.raises(ParseError, match="more than 3,000 paragraphs"):
        parse_resolution(resolution_text(body))


def test_utf16_big_endian_without_a_bom_is_read():
    text = resolution_text(REQUEST)
    assert read_bytes(text.encode("utf-16-be"), "res.txt") == text
    assert read_bytes(text.encode("utf-16-le"), "res.txt") == text

