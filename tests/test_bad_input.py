"""Bad files: each gets one clear message, in the CLI and on the import page; no row is written."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from resolutions.models import Resolution
from tracker.models import ImportJob, Obligation
from tracker.obligations.importing import import_text

from .conftest import resolution_text

pytestmark = pytest.mark.django_db
REQUEST = "1. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report;"


def encrypted_pdf(password: str = "secret", text: str = "70/1. Secret", algorithm: str = "RC4-128") -> bytes:
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in text.splitlines():
        pdf.cell(0, 5, line.replace("\t", " "), new_x="LMARGIN", new_y="NEXT")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(pdf.output()))))
    writer.encrypt(password, owner_password="owner-only", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BAD_FILES = [
    ("empty.txt", b"", "empty"),
    ("binary.txt", bytes(range(256)) * 8, "binary"),
    ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not a PDF"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage", "PDF"),
    ("letter.docx", b"Dear colleagues, this is not a Word file.", "not a Word document"),
    ("memo.txt", b"Dear colleagues,\nThe meeting moves to Tuesday.\n", "does not read as a resolution"),
    ("preamble-only.txt", resolution_text("Recalling its resolutions,\nNoting the report,").encode(),
     "no operative paragraphs"),
]


@pytest.mark.parametrize("name, content, reason", BAD_FILES + [("locked.pdf", None, "encrypted")])
def test_cli_names_file_and_reason_and_writes_nothing(tmp_path, capsys, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content if content is not None else encrypted_pdf())
    with pytest.raises(CommandError):
        call_command("ingest", str(path), "--quiet")
    err = capsys.readouterr().err
    assert f"failed: {name}: " in err and reason in err
    assert "Traceback" not in err
    assert Resolution.objects.count() == 0 and Obligation.objects.count() == 0


@pytest.mark.parametrize("name, content, reason", BAD_FILES)
def test_import_page_says_why_and_writes_nothing(client, users, name, content, reason):
    client.force_login(users["staff"])
    response = client.post(reverse("import"), {"file": SimpleUploadedFile(name, content)})
    if response.status_code == 400:  # refused by the form itself
        assert reason.split()[0] in response.content.decode().lower() or "empty" in response.content.decode()
    else:
        job = ImportJob.objects.get()
        assert job.state == ImportJob.State.FAILED and reason in job.message and name in job.message
        assert client.get(response.url).status_code == 200
    assert Resolution.objects.count() == 0


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_a_pdf_encrypted_with_an_empty_password_is_read(tmp_path, capsys, algorithm):
    text = resolution_text("1. Requests the Secretary-General to report to it at its seventy-first session;")
    path = tmp_path / "A_RES_70_123.pdf"
    path.write_bytes(encrypted_pdf("", text, algorithm))
    call_command("ingest", str(path), "--quiet")
    assert Obligation.objects.filter(resolution__symbol="A/RES/70/123", kind="report").exists()


def test_upload_size_limit(client, users, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    client.force_login(users["staff"])
    big = SimpleUploadedFile("big.txt", b"x" * 1001)
    response = client.post(reverse("import"), {"file": big})
    assert response.status_code == 400 and "larger than 1000 bytes" in response.content.decode()


@pytest.fixture
def temporary_space_full(monkeypatch, settings):
    import errno

    def no_room(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload goes to the temporary directory
    monkeypatch.setattr("django.core.files.uploadedfile.TemporaryUploadedFile.__init__", no_room)


def test_an_upload_with_the_temporary_space_full_says_so_and_stores_nothing(client, users, temporary_space_full):
    client.force_login(users["staff"])
    upload = SimpleUploadedFile("70_123.txt", resolution_text("1. Requests the Secretary-General to report;").encode())
    response = client.post(reverse("import"), {"file": upload}, follow=True)
    assert response.status_code == 200 and "no room to receive this file" in response.content.decode()
    assert not ImportJob.objects.exists() and not Resolution.objects.exists()


def test_an_api_upload_with_the_temporary_space_full_is_a_503(client, users, temporary_space_full):
    client.force_login(users["staff"])
    response = client.post("/api/v1/imports/", {"file": SimpleUploadedFile("a.txt", b"x" * 100)})
    assert response.status_code == 503 and "no room" in response.json()["detail"]
    assert not ImportJob.objects.exists()


def test_a_huge_text_is_refused_quickly(tmp_path, capsys):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Recalling the past,\n" * 300_000)  # 6 MB of text that is no resolution
    with pytest.raises(CommandError):
        call_command("ingest", str(path), "--quiet")
    assert "too long" in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["utf-16", "latin-1", "cp1252"])
def test_odd_encodings_and_windows_line_ends_import(tmp_path, encoding):
    text = resolution_text("Noting the Société's report,\n1. Urges States to act;").replace("\n", "\r\n")
    path = tmp_path / "res.txt"
    path.write_bytes(text.encode(encoding))
    call_command("ingest", str(path), "--quiet")
    assert Resolution.objects.get().paragraphs.first().text == "Noting the Société's report,"


def test_numbering_that_skips_or_repeats_imports_with_a_warning(tmp_path, capsys):
    path = tmp_path / "res.txt"
    path.write_text(resolution_text("1. Urges States to act;\n3. Invites States to report;\n3. Requests the "
                                    "Secretary-General to report;"))
    call_command("ingest", str(path), "--quiet")
    resolution = Resolution.objects.get()
    assert len(resolution.warnings) == 2
    assert Obligation.objects.count() == 3


def test_invalid_filter_values_are_no_server_error(client, users):
    client.force_login(users["viewer"])
    for params in ({"due_from": "not-a-date"}, {"session": "x"}, {"status": "nonsense"}, {"page": "999"},
                   {"order": "evil"}, {"addressee": "0"}):
        assert client.get(reverse("obligations"), params).status_code == 200
    for month in ("2009-13", "9999-12", "1-1", "nonsense"):
        response = client.get(reverse("calendar"), {"month": month})
        assert (response.status_code, response.url) == (302, reverse("calendar")), month


def test_reimport_of_repeated_numbers_keeps_each_paragraph(tmp_path):
    path = tmp_path / "res.txt"
    path.write_text(resolution_text("1. Urges States to act;\n1. Invites States to report;"))
    call_command("ingest", str(path), "--quiet")
    call_command("ingest", str(path), "--quiet")
    texts = list(Resolution.objects.get().paragraphs.values_list("text", flat=True))
    assert texts == ["Urges States to act;", "Invites States to report;"]


@pytest.mark.parametrize("value", ["²", "٢", "①", "12٣"])
@pytest.mark.parametrize("page", ["obligations", "obligations_csv", "obligations_xlsx", "my_delegation"])
def test_unicode_digits_in_the_addressee_filter_are_words_not_a_server_error(client, users, page, value):
    from tracker.models import Profile

    user = users["viewer"]
    Profile.objects.update_or_create(user=user, defaults={"member_state": "Ghana"})
    client.force_login(user)
    assert client.get(reverse(page), {"addressee": value}).status_code == 200


def test_unicode_digits_in_the_api_addressee_filter_are_no_server_error(client, users):
    from tracker.models import ApiToken

    key = ApiToken.issue(users["viewer"], "script")[1]
    response = client.get("/api/v1/obligations/", {"addressee": "²"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200 and response.json()["count"] == 0


@pytest.mark.parametrize("symbol", ["S/RES/2790 (٢٠٢٥)", "A/RES/٨٠/4", "A/RES/80/４"])
def test_a_symbol_takes_ascii_digits_only(symbol):
    from resolutions.fetching import clean_symbol

    with pytest.raises(ValueError, match="not a document symbol"):
        clean_symbol(symbol)


def test_a_huge_anonymous_post_is_refused_before_it_is_read(client):
    response = client.post(reverse("import"), data=b"x", content_type="application/octet-stream",
                           CONTENT_LENGTH=str(1024 ** 3))
    assert response.status_code == 413


def test_a_nul_in_a_calendar_token_is_a_404(client):
    assert client.get("/calendar/%00.ics").status_code == 404


@pytest.mark.parametrize("params", [{"status": "open'--"}, {"due_from": "2009-02-30"}, {"owner": "999999"}])
def test_filters_that_cannot_be_read_list_nothing(client, users, params):
    import_text(resolution_text(REQUEST))
    client.force_login(users["viewer"])
    response = client.get(reverse("obligations"), params)
    assert response.status_code == 200 and response.context["page"].paginator.count == 0

