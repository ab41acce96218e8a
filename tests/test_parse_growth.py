"""Parse time grows in step with the text, whatever phrase repeats in it.

Each shape is a paragraph of one phrase repeated n times, then 4n times: the parse of the
longer one must take less than eight times as long (linear time gives about four,
quadratic sixteen). A ratio of times in one run, not a time limit.
"""
import time

import pytest

from resolutions.parsing import ParseError, parse_resolution

from .conftest import resolution_text

SHAPES = {
    "its sessions": "the Human Rights Council at its thirty-first session and the Assembly at its seventy-first session, ",
    "next session": "the Commission at its next session and at its forthcoming session, ",
    "dates": "by 31 March 2017 and not later than 1 September 2018, ",
    "periods": "within ninety days of the adoption of the present resolution and every six months thereafter, ",
    "addressees": "the Special Rapporteur on the right to food, the Office of the High Commissioner, ",
    "years": "in 2017, in 2018 and at its substantive session of 2019, ",
    "parentheses": "(see A/70/123, para. 4 (a)) ",
    "semicolons": "to act; ",
    "footnotes": "the report of the Secretary-General,12 ",
    "acronyms": "UNDP, UNICEF, UNHCR and OHCHR, ",
}


def parse_seconds(shape: str, times: int) -> float:
    text = resolution_text("1. Requests the Secretary-General to report to " + SHAPES[shape] * times + "on the matter;")
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        try:
            parse_resolution(text)
        except ParseError:
            pass
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("shape", SHAPES)
def test_parse_time_grows_in_step_with_the_text(shape):
    small = parse_seconds(shape, 150)
    large = parse_seconds(shape, 600)
    assert large < 8 * max(small, 0.002), (shape, small, large)
