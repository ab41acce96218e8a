"""Background work: imports of uploaded files."""
from celery import shared_task
from django.utils import timezone

from resolutions.models import Resolution

from .importer import ImportFailed, import_upload
from .models import ImportJob


@shared_task(name="tracker.run_import_job", acks_late=True, reject_on_worker_lost=True)
def run_import_job(job_id: int) -> str:
    """Import an uploaded file; the job records the outcome for the page that follows it."""
    job = ImportJob.objects.get(pk=job_id)
    if job.finished:
        return job.state  # a redelivered message: the work was done
    ImportJob.objects.filter(pk=job_id).update(state=ImportJob.RUNNING)
    try:
        result = import_upload(bytes(job.data), job.name, user=job.user)
    except ImportFailed as exc:
        job.state, job.message = ImportJob.FAILED, str(exc)
    else:
        job.state = ImportJob.DONE
        job.resolution = Resolution.objects.get(symbol=result.symbol)
        job.message = f"{result.symbol}: {result.summary}"
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message", "resolution", "finished_at"])
    return job.state


@shared_task(name="tracker.sweep_reminders")
def sweep_reminders() -> dict:
    """Beat runs this hourly: write the reminders due and queue their sending."""
    from .reminders import sweep

    result = sweep()
    for reminder_id in result.to_send:
        send_reminder.delay(reminder_id)
    for user_id in result.digests:
        send_digest.delay(user_id)
    return {"created": result.created, "released": result.released,
            "queued": len(result.to_send), "digests": len(result.digests)}


SEND_OPTIONS = {"bind": True, "acks_late": True, "reject_on_worker_lost": True, "max_retries": 6}


def _send(task, ids) -> int:
    """Claim, send, mark sent; on an SMTP failure give the claim back and retry later."""
    import smtplib

    from .reminders import claim, release, send_claimed

    token = claim(ids)
    if token is None:
        return 0  # already sent, or being sent by another worker
    try:
        return send_claimed(token)
    except (smtplib.SMTPException, OSError) as exc:
        release(token, f"{exc.__class__.__name__}: {exc}")
        raise task.retry(exc=exc, countdown=min(60 * 2 ** task.request.retries, 3600))


@shared_task(name="tracker.send_reminder", **SEND_OPTIONS)
def send_reminder(self, reminder_id: int) -> int:
    return _send(self, [reminder_id])


@shared_task(name="tracker.send_digest", **SEND_OPTIONS)
def send_digest(self, user_id: int) -> int:
    from .models import Reminder

    ids = list(Reminder.objects.filter(recipient_id=user_id, digest=True, state=Reminder.PENDING)
               .values_list("pk", flat=True))
    return _send(self, ids) if ids else 0
