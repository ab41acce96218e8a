"""A synthetic corpus made from the seeds: renumbered, other sessions, other actors, 50 series."""
from __future__ import annotations

import os
import re
from pathlib import Path

from resolutions.parsing.words import ORDINALS

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").iterdir())
# The real resolutions of four bodies, one folder each, beside the project.
REAL_CORPUS = Path(os.getenv("BENCH_CORPUS", Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"))
ORDINAL_WORDS = {n: w for w, n in ORDINALS.items() if " " not in w}
ACTOR_SWAPS = [
    ("United Nations Office on Drugs and Crime", ["United Nations Development Programme", "World Health Organization",
                                                  "United Nations Children's Fund", "United Nations Office on Drugs and Crime"]),
    ("Secretary-General", ["Secretary-General"]),
]
SESSION_WORD_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(w) for w in ORDINAL_WORDS.values()), key=len,
                                                       reverse=True)) + r") session\b")
SYMBOL_LINE_RE = re.compile(r"^(\s*)(\d+)/(\d+)\.", re.M)


def synthetic(i: int) -> str:
    """Resolution number i of the corpus: a seed under a new symbol, session, series and actors."""
    text = SEEDS[i % len(SEEDS)].read_text()
    seed_session = int(SYMBOL_LINE_RE.search(text).group(2))
    session = 55 + i % 25
    shift = session - seed_session

    def later(match):
        number = ORDINALS.get(match.group(1))
        return f"{ORDINAL_WORDS.get(number + shift, match.group(1))} session" if number and number > 40 else match.group(0)

    text = SESSION_WORD_RE.sub(later, text)
    text = SYMBOL_LINE_RE.sub(lambda m: f"{m.group(1)}{session}/{1000 + i}.", text, count=1)
    text = re.sub(r"<<ODS DOC SYMBOL1>>.*?<<ODS DOC SYMBOL1>>", "", text)
    text = re.sub(r"\b(\d{1,2} (?:December|January) )(\d{4})\b", lambda m: m.group(1) + str(1945 + session), text)
    name, others = ACTOR_SWAPS[0]
    text = text.replace(name, others[i % len(others)])
    title = "International cooperation against the world drug problem"
    return text.replace(title, f"{title} (series {i % 50})", 1)


def real_obligations(limit: int = 0) -> list:
    """What the real corpus asks, parsed: the pool the page benchmarks draw their rows from."""
    from resolutions.parsing import ParseError, parse_resolution

    pool = []
    for path in sorted(REAL_CORPUS.glob("*/*.txt")):
        try:
            parsed = parse_resolution(path.read_text())
        except ParseError:
            continue
        pool += [(parsed.body, o) for o in parsed.obligations]
        if limit and len(pool) >= limit:
            break
    return pool
