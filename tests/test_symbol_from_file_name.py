"""A text that prints no symbol: read as the symbol its file's name gives, or the one given."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from resolutions.models import Resolution
from resolutions.parsing import parse_resolution, symbol_from_file_name
from tracker.models import ImportJob
from tracker.obligations.importing import ImportFailed, import_file

from .conftest import resolution_text

NO_SYMBOL = """Resolution adopted by the General Assembly on 11 December 1987

Questions of a kind

The General Assembly,

Recalling its earlier work,

1. Requests the Secretary-General to report to it at its forty-third session;

96th plenary meeting
11 December 1987
"""


@pytest.mark.parametrize("name, symbol", [
    ("A_RES_42_211.txt", "A/RES/42/211"),
    ("A_HRC_RES_26_9.docx", "A/HRC/RES/26/9"),
    ("E_RES_2023_5.pdf", "E/RES/2023/5"),
    ("S_RES_2752(2024).txt", "S/RES/2752 (2024)"),
    ("A_RES_364(IV).txt", "A/RES/364 (IV)"),
    ("A_RES_S-19_2.txt", "A/RES/S-19/2"),
    ("resolution.txt", ""),
    ("A_RES_draft.txt", ""),
])
def test_a_file_name_shaped_like_a_symbol_gives_it(name, symbol):
    assert symbol_from_file_name(name) == symbol


def test_a_text_without_a_symbol_is_read_as_the_one_given_and_says_so():
    res = parse_resolution(NO_SYMBOL, symbol="A/RES/42/211")
    assert (res.symbol, res.session) == ("A/RES/42/211", 42)
    assert res.obligations[0].due.isoformat() == "1988-09-20"
    assert any("prints no symbol" in w and "A/RES/42/211" in w for w in res.warnings)


def test_the_symbol_a_text_prints_wins_over_the_one_given():
    text = resolution_text("1. Requests the Secretary-General to report;", symbol="70/123")
    res = parse_resolution(text, symbol="A/RES/99/1")
    assert res.symbol == "A/RES/70/123" and not any("prints no symbol" in w for w in res.warnings)


@pytest.mark.django_db
def test_a_file_named_for_its_symbol_imports_and_one_named_otherwise_is_refused(tmp_path):
    named = tmp_path / "A_RES_42_211.txt"
    named.write_text(NO_SYMBOL)
    assert import_file(named).symbol == "A/RES/42/211"
    other = tmp_path / "old volume.txt"
    other.write_text(NO_SYMBOL.replace("Questions of a kind", "Questions of another kind"))
    with pytest.raises(ImportFailed, match="give the symbol"):
        import_file(other)
    assert Resolution.objects.count() == 1


@pytest.mark.django_db
def test_ingest_reads_one_file_as_the_symbol_given(tmp_path, capsys):
    path = tmp_path / "old volume.txt"
    path.write_text(NO_SYMBOL)
    call_command("ingest", str(path), "--as-symbol", "a/res/42/211", "--quiet")
    assert Resolution.objects.get().symbol == "A/RES/42/211"
    with pytest.raises(CommandError, match="not a document symbol"):
        call_command("ingest", str(path), "--as-symbol", "not one", "--quiet")


@pytest.mark.django_db
def test_an_upload_reads_its_file_as_the_symbol_given(client, users):
    client.force_login(users["staff"])
    client.post(reverse("import"), {"file": SimpleUploadedFile("scan.txt", NO_SYMBOL.encode()),
                                    "read_as": "A/RES/42/211"})
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.DONE and job.read_as == "A/RES/42/211"
    assert Resolution.objects.get().symbol == "A/RES/42/211"
