"""The parser against the hand-made gold files of ../shared/eval, as the scorer reads it."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside this checkout")
def test_gold_files_score_above_the_bar():
    result = subprocess.run([sys.executable, str(SCORER), "-q"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    total = result.stdout.strip().splitlines()[-1]
    numbers = dict(re.findall(r"(clause F1|report F1|deadlines|spurious deadlines|document errors|failed) ([\d.]+)", total))
    assert float(numbers["clause F1"]) >= 0.97, total
    assert float(numbers["report F1"]) >= 0.95, total
    assert float(numbers["deadlines"]) == 1.0, total
    assert int(numbers["spurious deadlines"]) == 0, total
    assert int(numbers["document errors"]) == 0, total
    assert int(numbers["failed"]) == 0, total
