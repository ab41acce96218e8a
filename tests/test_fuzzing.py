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
