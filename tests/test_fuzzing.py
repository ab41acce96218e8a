"""The parser under mutated resolutions: only its own ParseError, and never slow."""
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.parsing import ParseError, parse_resolution

SEEDS = [p.read_text() for p in sorted((Path(__file__).resolve().parent.parent / "seeds").iterdir())]
NOISE = ["(", ")", "1. ", "(a) ", "\t", "\f", "\x00", ";", ":", ",", "_____\n", "A/RES/", "12", "\n\n",
         "Requests the ", " to ", "at its sixty-fourth session", "“", "é", "\u00ad", "<<ODS JOB NO>>"]


@st.composite
def mutated(draw):
    lines = draw(st.sampled_from(SEEDS)).split("\n")
    for _ in range(draw(st.integers(1, 8))):
        if not lines:
            break
        op = draw(st.sampled_from(["drop", "duplicate", "shuffle", "insert", "cut"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[draw(st.integers(0, len(lines) - 1))])
        elif op == "shuffle":
            lines = draw(st.permutations(lines))
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(NOISE) | st.text(max_size=5)) + lines[i][at:]
        else:
            lines = lines[:i]
    return "\n".join(lines)


@settings(max_examples=150, deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_text_raises_only_parse_error_within_bounded_time(text):
    try:
        res = parse_resolution(text)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for obligation in res.obligations:
        assert obligation.paragraph and obligation.verb and obligation.addressees


@settings(max_examples=100, deadline=timedelta(seconds=2))
@given(st.text(max_size=3000))
def test_any_text_raises_only_parse_error(text):
    try:
        parse_resolution(text)
    except ParseError:
        pass


def _word_file() -> bytes:
    import io

    import docx

    document = docx.Document()
    for line in SEEDS[0].splitlines()[:60]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf_file() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    for line in SEEDS[0].splitlines()[:60]:
        text = " ".join(line.encode("latin-1", "replace").decode("latin-1").split())
        if text:
            pdf.multi_cell(190, 4, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


FILES = {".docx": _word_file(), ".pdf": _pdf_file()}


@st.composite
def damaged(draw):
    """A real Word or PDF file with bytes flipped, cut or spliced in."""
    suffix = draw(st.sampled_from(sorted(FILES)))
    data = bytearray(FILES[suffix])
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut", "splice"]))
        at = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[at: at + draw(st.integers(1, 4000))]
        else:
            data[at:at] = draw(st.binary(max_size=64))
        if not data:
            data = bytearray(b"%")
    return suffix, bytes(data)


@settings(max_examples=120, deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_a_damaged_word_or_pdf_file_raises_only_parse_error(file):
    from resolutions.documents import read_bytes

    suffix, data = file
    try:
        text = read_bytes(data, "resolution" + suffix)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    try:
        parse_resolution(text)
    except ParseError:
        pass
