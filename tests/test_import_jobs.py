"""Import jobs: each ends done or failed with its reason, keeps an upload's bytes no longer than
it needs them, and waits for a broker that is down."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tracker import tasks
from tracker.models import ImportJob

from .conftest import resolution_text

pytestmark = pytest.mark.django_db
REQUEST = "1. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report;"


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


def test_the_bytes_of_an_upload_go_once_imported(client, users):
    client.force_login(users["staff"])
    client.post(reverse("import"), {"file": SimpleUploadedFile("good.txt", resolution_text(REQUEST).encode())})
    client.post(reverse("import"), {"file": SimpleUploadedFile("memo.txt", b"Dear colleagues,\nno.\n")})
    assert {(job.state, bytes(job.data)) for job in ImportJob.objects.all()} == {
        (ImportJob.State.DONE, b""), (ImportJob.State.FAILED, b"")}


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

