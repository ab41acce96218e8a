"""Reading files: encodings and line ends, PDF and Word, and what cannot be read."""

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
