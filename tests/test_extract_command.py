"""`manage.py extract`: the table, the JSON of the contract, and clear errors."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import resolution_text

ROOT = Path(__file__).resolve().parent.parent
BODY = (
    "\tRecalling its earlier resolutions,\n"
    "\t1.\tCalls upon States to cooperate;\n"
    "\t2.\tRequests the Secretary-General to report to the General Assembly at its seventy-first session."
)


def extract(*args):
    return subprocess.run(
        [sys.executable, "manage.py", "extract", *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_json_output_follows_the_contract(tmp_path):
    path = tmp_path / "res.txt"
    path.write_text(resolution_text(BODY))
    result = extract("--json", path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["symbol"] == "A/RES/70/123"
    assert [(o["paragraph"], o["verb"], o["kind"], o["due"]) for o in data["obligations"]] == [
        ("1", "calls upon", "action", None),
        ("2", "requests", "report", "2016-09-13"),
    ]


def test_table_output_names_every_obligation(tmp_path):
    path = tmp_path / "res.txt"
    path.write_text(resolution_text(BODY))
    result = extract(path)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert len(rows) == 2
    assert "Secretary-General" in rows[1] and "2016-09-13" in rows[1] and "report" in rows[1]


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (b"Dear colleagues,\nplease find attached the agenda.\n", "does not read as a resolution"),
])
def test_bad_files_get_one_clear_line_and_a_failing_status(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = extract("--json", path)
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file(tmp_path):
    result = extract(tmp_path / "nowhere.txt")
    assert result.returncode != 0 and "no such file" in result.stderr
