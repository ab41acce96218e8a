"""Real resolutions of every body import, on the database CI runs (PostgreSQL enforces column lengths)."""
from pathlib import Path

import pytest
from django.core.management import call_command

from resolutions.models import Resolution
from tracker.models import Obligation

from .conftest import need_service

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
EVERY = 8  # an eighth of the corpus, every body, in a minute at most


@pytest.mark.django_db
def test_a_sample_of_the_corpus_imports_without_a_failure(tmp_path, capsys):
    if not CORPUS.is_dir():
        need_service(f"the corpus of real resolutions ({CORPUS})")
    sample = sorted(CORPUS.rglob("*.txt"))[::EVERY]
    longest = max(CORPUS.rglob("*.txt"), key=lambda p: max(map(len, p.read_text().splitlines()[:40] or [""])))
    folder = tmp_path / "sample"
    folder.mkdir()
    for path in {*sample, longest}:
        (folder / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
    call_command("ingest", str(folder), "--quiet")  # raises CommandError if any file failed
    assert "failed" not in capsys.readouterr().err
    assert Resolution.objects.count() >= len(sample) * 0.95  # a page may hold a resolution read twice
    assert set(Resolution.objects.values_list("body", flat=True)) >= {
        "General Assembly", "Security Council", "Human Rights Council", "Economic and Social Council"}
    assert Obligation.objects.count() > 10 * len(sample)
