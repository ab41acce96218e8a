"""Hardening, second pass: each way it broke under attack, faults and real data, a test each."""
import io
import subprocess
import sys
import threading
import zipfile
from datetime import date, datetime, timezone as dt_timezone
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from resolutions.documents import read_bytes
from resolutions.models import Resolution
from resolutions.parsing import ParseError, parse_resolution
from tracker import tasks
from tracker.obligations.history import apply_edit
from tracker.obligations.importing import ImportFailed, import_text
from tracker.models import ImportJob, Obligation, ObligationChange, ReminderPreference
from tracker.reminders.schedule import sweep

from .conftest import need_service, resolution_text

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
REQUEST = "1. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report;"


def at(day: date, hour: int = 9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=dt_timezone.utc), tick=False)


def word_file(extra_xml_bytes: int = 0) -> bytes:
    """A real .docx, its document.xml padded with white space to the size asked."""
    import docx

    document = docx.Document()
    document.add_paragraph("70/123. A test resolution")
    out = io.BytesIO()
    document.save(out)
    if not extra_xml_bytes:
        return out.getvalue()
    source, padded = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * extra_xml_bytes, 1)
            target.writestr(item, data)
    return padded.getvalue()


# 1. A Word file that unpacks to far more than a resolution is refused before it is read.
def test_a_word_zip_bomb_is_refused_before_reading():
    bomb = word_file(extra_xml_bytes=50 * 1024 * 1024)
    assert len(bomb) < 200_000
    with pytest.raises(ParseError, match="unpacks to"):
        read_bytes(bomb, "bomb.docx")
    assert "70/123" in read_bytes(word_file(), "fine.docx")


# 2. Every import job ends as done or failed, with a one-line reason, whatever went wrong.
@pytest.mark.parametrize("error, reason", [
    (RecursionError("maximum recursion depth exceeded"), "(RecursionError)"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "(UnicodeDecodeError)"),
])
def test_an_unexpected_failure_fails_the_job_and_keeps_no_bytes(users, monkeypatch, error, reason):
    def explode(*args, **kwargs):
        raise error

    monkeypatch.setattr(tasks, "import_upload", explode)
    job = ImportJob.objects.create(name="odd.txt", data=b"\xff\xfe" * 100, user=users["staff"])
    assert tasks.run_import_job.apply(args=[job.pk]).get() == ImportJob.State.FAILED
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and reason in job.message and "odd.txt" in job.message
    assert "\n" not in job.message and bytes(job.data) == b""


def test_a_soft_time_limit_fails_the_job(users, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(tasks, "import_upload", too_slow)
    job = ImportJob.objects.create(name="slow.pdf", data=b"%PDF-1.7", user=users["staff"])
    tasks.run_import_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and "took too long" in job.message


def test_a_reader_that_raises_anything_gives_a_parse_error(monkeypatch):
    import pypdf

    class LimitReachedError(Exception):
        pass

    def refuse(*args, **kwargs):
        raise LimitReachedError("stream too large")

    monkeypatch.setattr(pypdf, "PdfReader", refuse)
    with pytest.raises(ParseError, match=r"the PDF cannot be read \(LimitReachedError\)"):
        read_bytes(b"%PDF-1.7\n", "huge.pdf")


# 3. Numbers of any length, in linear time, and a cap with a clear message.
def test_a_long_resolution_keeps_every_paragraph_and_a_huge_one_is_refused():
    body = "\n\n".join(f"{i}. Requests the Secretary-General to report on item {i};" for i in range(1, 1201))
    res = parse_resolution(resolution_text(body))
    assert [p.number for p in res.operative][-3:] == ["1198", "1199", "1200"]
    assert len(res.obligations) == 1200 and not res.warnings
    body = "\n\n".join(f"{i}. Notes item {i};" for i in range(1, 3102))
    with pytest.raises(ParseError, match="more than 3,000 paragraphs"):
        parse_resolution(resolution_text(body))


# 4. A body larger than any upload is refused before anything reads it.
def test_a_huge_anonymous_post_is_refused_before_it_is_read(client):
    response = client.post(reverse("import"), data=b"x", content_type="application/octet-stream",
                           CONTENT_LENGTH=str(1024 ** 3))
    assert response.status_code == 413


# 5. An upload's bytes are kept only until its import ends.
def test_the_bytes_of_an_upload_go_once_imported(client, users):
    client.force_login(users["staff"])
    client.post(reverse("import"), {"file": SimpleUploadedFile("good.txt", resolution_text(REQUEST).encode())})
    client.post(reverse("import"), {"file": SimpleUploadedFile("memo.txt", b"Dear colleagues,\nno.\n")})
    assert {(job.state, bytes(job.data)) for job in ImportJob.objects.all()} == {
        (ImportJob.State.DONE, b""), (ImportJob.State.FAILED, b"")}


# 6. UTF-16 big-endian without a byte order mark is text.
def test_utf16_big_endian_without_a_bom_is_read():
    text = resolution_text(REQUEST)
    assert read_bytes(text.encode("utf-16-be"), "res.txt") == text
    assert read_bytes(text.encode("utf-16-le"), "res.txt") == text


# 7. The broker down during an upload: the user is told, the job waits, and is queued again.
def test_an_upload_while_the_broker_is_down_waits_and_is_queued_again(client, users, monkeypatch):
    from kombu.exceptions import OperationalError

    real = tasks.run_import_job.apply_async

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    monkeypatch.setattr(tasks.run_import_job, "apply_async", down)
    client.force_login(users["staff"])
    response = client.post(reverse("import"), {"file": SimpleUploadedFile("res.txt", resolution_text(REQUEST).encode())},
                           follow=True)
    assert response.status_code == 200 and "cannot be reached" in response.content.decode()
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.PENDING
    monkeypatch.setattr(tasks.run_import_job, "apply_async", real)
    assert tasks.requeue_waiting_jobs.apply(kwargs={"older_than_seconds": 0}).get() == 1
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE


# 8. Two staff saving one obligation at once: one saves, the other is told.
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_one_wins_the_other_is_told(users):
    if connection.vendor != "postgresql":
        need_service("PostgreSQL, for row locks under two connections at once")
    from django.db import connections
    from django.test import Client

    import_text(resolution_text(REQUEST))
    obligation = Obligation.objects.get()
    version = obligation.updated_at.isoformat()
    start, results = threading.Barrier(2), []

    def save(user, status):
        client = Client()
        client.force_login(user)
        start.wait()
        response = client.post(reverse("obligation", args=[obligation.pk]), {
            "status": status, "owner": "", "due_date": "2016-09-13", "note": "", "version": version})
        results.append(response.status_code)
        connections.close_all()

    threads = [threading.Thread(target=save, args=(users[name], status))
               for name, status in (("staff", "done"), ("admin", "in_progress"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [302, 409]
    assert Obligation.objects.get().changes.filter(field="status").count() == 1


@pytest.fixture
def owned(users):
    import_text(resolution_text(REQUEST))  # due 13 September 2016
    obligation = Obligation.objects.get()
    apply_edit(obligation, None, ObligationChange.Source.IMPORT, mark_edited=False, owner=users["staff"])
    return obligation


def send_due():
    for reminder_id in sweep().to_send:
        tasks.send_reminder.apply(args=[reminder_id])


# 9. A deadline moved and moved back before sending still gets its reminder.
def test_a_deadline_moved_and_moved_back_is_still_reminded(owned, users):
    with at(date(2016, 9, 6)):
        written = sweep()  # the 7-day reminder, not yet sent
        apply_edit(owned, users["staff"], ObligationChange.Source.STAFF, due_date=date(2016, 10, 13))
        for reminder_id in written.to_send:
            tasks.send_reminder.apply(args=[reminder_id])  # the deadline moved: cancelled
        assert mail.outbox == []
        apply_edit(owned, users["staff"], ObligationChange.Source.STAFF, due_date=date(2016, 9, 13))
        send_due()
    assert len(mail.outbox) == 1 and "due in 7 days" in mail.outbox[0].subject


# 11. Decided at send time: an opt-out, a new owner, a switch from digest to each reminder.
def test_an_opt_out_between_sweep_and_send_sends_nothing(owned, users):
    with at(date(2016, 9, 6)):
        written = sweep()
        ReminderPreference.objects.update_or_create(user=users["staff"], defaults={"mode": ReminderPreference.Mode.OFF})
        for reminder_id in written.to_send:
            tasks.send_reminder.apply(args=[reminder_id])
    assert mail.outbox == []


def test_a_reassigned_obligation_does_not_mail_the_previous_owner(owned, users):
    with at(date(2016, 9, 6)):
        written = sweep()
        apply_edit(owned, users["admin"], ObligationChange.Source.STAFF, owner=users["admin"])
        for reminder_id in written.to_send:
            tasks.send_reminder.apply(args=[reminder_id])
        send_due()
    assert [m.to for m in mail.outbox] == [[users["admin"].email]]


def test_switching_from_digest_to_each_reminder_sends_tomorrows_deadline_now(owned, users):
    ReminderPreference.objects.create(user=users["staff"], mode=ReminderPreference.Mode.WEEKLY,
                                      last_digest_at=datetime(2016, 9, 11, tzinfo=dt_timezone.utc))
    with at(date(2016, 9, 12)):
        sweep()  # written as part of next week's digest
        ReminderPreference.objects.filter(user=users["staff"]).update(mode=ReminderPreference.Mode.EACH)
        send_due()
    assert len(mail.outbox) == 1 and "due tomorrow" in mail.outbox[0].subject


# 12. The words say the real distance; an earlier reminder never follows a later one.
def test_the_words_say_the_real_distance_and_no_earlier_reminder_follows_a_later_one(owned):
    with at(date(2016, 9, 5)):  # 8 days before: the 30-day reminder is the one due
        send_due()
    assert "due in 8 days" in mail.outbox[0].subject
    with at(date(2016, 9, 6)):
        send_due()  # the 7-day one
    with at(date(2016, 8, 20)):  # the clock set back: no 30-day reminder after the 7-day one
        send_due()
    assert [m.subject.split(": ")[1].split(" (")[0] for m in mail.outbox] == ["due in 8 days", "due in 7 days"]


# 13. Old resolutions long overdue before the tracker knew them: one digest, not a flood.
def test_importing_old_overdue_requests_sends_one_digest_not_a_flood(users):
    coordinator = users["admin"]
    coordinator.groups.add(Group.objects.get_or_create(name="coordinators")[0])
    body = "\n".join(f"{i}. Requests the Secretary-General to report to it at its sixty-fifth session;"
                     for i in range(1, 41))
    with at(date(2016, 9, 1)):
        import_text(resolution_text(body, symbol="64/123", adopted="18 December 2009"))
    with at(date(2016, 9, 20)):
        result = sweep()
        for user_id in result.digests:
            tasks.send_digest.apply(args=[user_id])
        for reminder_id in result.to_send:
            tasks.send_reminder.apply(args=[reminder_id])
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "40 deadlines to watch"


# 14. Behind the proxy, one client's wrong passwords do not lock the real user out.
def test_behind_a_proxy_wrong_passwords_lock_only_their_client(client, users, settings):
    settings.BEHIND_PROXY = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "desk", "password": "wrong"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    response = client.post(reverse("login"), {"username": "desk", "password": "pw-desk"},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 302 and response.url == reverse("dashboard")


# 15. Password-reset emails are limited.
def test_password_reset_emails_are_limited(client, users, settings):
    from django.core.cache import cache

    cache.clear()
    for _ in range(10):
        assert client.post(reverse("password_reset"), {"email": "desk@example.org"}).status_code == 302
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT


# 16. An admin who may only view cannot run the actions that change.
def test_admin_actions_need_the_change_permission(client, users, django_user_model):
    import_text(resolution_text(REQUEST))
    watcher = django_user_model.objects.create_user("watcher", "w@example.org", "pw-watcher", is_staff=True)
    watcher.user_permissions.add(Permission.objects.get(codename="view_obligation"))
    client.force_login(watcher)
    url = reverse("admin:tracker_obligation_changelist")
    page = client.get(url)
    assert page.status_code == 200 and "mark_done" not in page.content.decode()
    client.post(url, {"action": "mark_done", "_selected_action": [Obligation.objects.get().pk]})
    assert Obligation.objects.get().status == "open"


# 18. Bad parameters are a 404 or a redirect, never a 500.
def test_a_nul_in_a_calendar_token_is_a_404(client):
    assert client.get("/calendar/%00.ics").status_code == 404


# 19. Filters that cannot be read list nothing rather than everything.
@pytest.mark.parametrize("params", [{"status": "open'--"}, {"due_from": "2009-02-30"}, {"owner": "999999"}])
def test_filters_that_cannot_be_read_list_nothing(client, users, params):
    import_text(resolution_text(REQUEST))
    client.force_login(users["viewer"])
    response = client.get(reverse("obligations"), params)
    assert response.status_code == 200 and response.context["page"].paginator.count == 0


# 20. DEBUG is off unless asked for; check --deploy warns of demo logins.
def test_debug_is_off_unless_asked_for():
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:////tmp/unused.sqlite3"}
    result = subprocess.run([sys.executable, "-c", "from tracker import settings; print(settings.DEBUG)"],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.stdout.strip() == "False", result.stderr


def test_check_deploy_warns_of_demo_logins(django_user_model):
    from tracker.checks import no_demo_logins
    from tracker.management.commands.demo import DEMO_PASSWORD

    assert no_demo_logins(None) == []
    django_user_model.objects.create_user("desk", "desk@example.org", DEMO_PASSWORD)
    assert [w.id for w in no_demo_logins(None)] == ["tracker.W001"]


# 21. A Content-Security-Policy the pages satisfy: no inline script.
def test_pages_carry_a_content_security_policy_and_no_inline_script(client, users):
    import re

    import_text(resolution_text(REQUEST))
    client.force_login(users["staff"])
    for url in (reverse("dashboard"), reverse("obligations"), reverse("obligation", args=[Obligation.objects.get().pk]),
                reverse("import"), reverse("calendar"), reverse("mandates")):
        response = client.get(url)
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode()), url


# 22. Every field the parser fills fits its column, and a document that cannot be stored fails alone.
def test_a_title_longer_than_its_column_is_cut_with_a_warning():
    result = import_text(resolution_text(REQUEST, title="A very long title " * 40))
    resolution = Resolution.objects.get(symbol=result.symbol)
    assert len(resolution.title) == 500
    assert any("title is longer than 500 characters" in w for w in resolution.warnings)


def test_a_document_the_database_refuses_fails_alone_and_named(monkeypatch):
    from django.db import DataError

    from tracker.obligations import importing as importer

    def refuse(*args, **kwargs):
        raise DataError("value too long for type character varying(10)")

    monkeypatch.setattr(importer, "_store_obligations", refuse)
    with pytest.raises(ImportFailed, match=r"res.txt: could not be stored \(value too long"):
        import_text(resolution_text(REQUEST), source_name="res.txt")
    assert not Resolution.objects.exists()
