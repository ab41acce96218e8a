"""Background work: imports of uploaded files and typed symbols, derived figures, followed sessions."""
import logging
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from resolutions.fetching import NotYetIssued
from resolutions.models import Resolution

from .analysis import burden
from .lib import tally
from .obligations.importing import ImportFailed, import_symbol, import_upload
from .models import ImportJob

logger = logging.getLogger(__name__)


@shared_task(name="tracker.run_import_job", acks_late=True, reject_on_worker_lost=True)
def run_import_job(job_id: int) -> str:
    """Import an uploaded file; the job ends as done or failed, with a one-line reason.

    1. A redelivered message of a finished job does nothing.
    2. Import; any failure, expected or not (a soft time limit, a reader's error), fails
       the job with its reason, never the file's bytes.
    3. The bytes are kept no longer than the import needs them.
    4. The series' cadence and the overlaps around the new resolution are refreshed; a
       failure there is logged, not the import's (the nightly refresh catches up).
    """
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return job.state if job else "gone"  # a redelivered message: the work was done
    ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.RUNNING)
    try:
        if job.symbol:
            result = import_symbol(job.symbol, user=job.user)
        else:
            result = import_upload(bytes(job.data), job.name, user=job.user, read_as=job.read_as)
    except NotYetIssued:
        job.state, job.message = ImportJob.State.FAILED, (f"{job.symbol}: the UN's document system has no document with "
                                                    "this symbol (yet); check the symbol, or follow its session")
    except ImportFailed as exc:
        job.state, job.message = ImportJob.State.FAILED, str(exc)[:500]
    except SoftTimeLimitExceeded:
        job.state, job.message = ImportJob.State.FAILED, f"{job.name}: the import took too long and was stopped"
    except Exception as exc:  # noqa: BLE001 (a job must end, whatever went wrong)
        logger.exception("import job %s (%s) failed", job_id, job.name)
        job.state, job.message = ImportJob.State.FAILED, f"{job.name}: the import failed ({exc.__class__.__name__})"
    else:
        job.state = ImportJob.State.DONE
        job.resolution = Resolution.objects.get(symbol=result.symbol)
        job.message = f"{result.symbol}: {result.summary}"
    job.finished_at = timezone.now()
    job.data = b""
    job.save(update_fields=["state", "message", "resolution", "finished_at", "data"])
    if job.state == ImportJob.State.DONE:
        try:
            burden.refresh([job.resolution_id])
        except Exception:  # noqa: BLE001 (derived figures; the import itself is done)
            logger.exception("reporting burden not refreshed after import job %s", job_id)
    return job.state


def enqueue(job: ImportJob) -> bool:
    """Queue a job's import once its row is committed; False if the broker cannot be reached
    (the job then waits, and requeue_waiting_jobs queues it when the broker is back)."""
    try:
        run_import_job.apply_async(args=[job.pk], retry=False)
    except Exception as exc:  # noqa: BLE001 (kombu's OperationalError, a refused connection...)
        logger.warning("import job %s not queued: %s", job.pk, exc.__class__.__name__)
        return False
    return True


@shared_task(name="tracker.requeue_waiting_jobs")
def requeue_waiting_jobs(older_than_seconds: int = 120) -> int:
    """Beat runs this: jobs still waiting (their message lost while the broker was down) are queued again."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    waiting = list(ImportJob.objects.filter(state=ImportJob.State.PENDING, created_at__lt=cutoff).values_list("pk", flat=True))
    for job_id in waiting:
        run_import_job.apply_async(args=[job_id], retry=False)
    return len(waiting)


@shared_task(name="tracker.sweep_reminders")
def sweep_reminders() -> dict:
    """Beat runs this hourly: write the reminders due and queue their sending."""
    from .reminders.schedule import sweep

    result = sweep()
    for reminder_id in result.to_send:
        send_reminder.delay(reminder_id)
    for user_id in result.digests:
        send_digest.delay(user_id)
    return {"created": result.created, "released": result.released,
            "queued": len(result.to_send), "digests": len(result.digests)}


SEND_OPTIONS = {"bind": True, "acks_late": True, "reject_on_worker_lost": True, "max_retries": 6}


def retry_later(task, exc):
    """The task again after a mail server's failure: a minute, then twice as long each time, at
    most an hour apart."""
    return task.retry(exc=exc, countdown=min(60 * 2 ** task.request.retries, 3600))


def _send(task, ids) -> int:
    """Claim, send, mark sent; on an SMTP failure give the claim back and retry later, unless
    the server refused the message for good: then it is marked failed and an admin is told."""
    import smtplib

    from .reminders.sending import claim, mark_failed, refused_for_good, release, send_claimed

    token = claim(ids)
    if token is None:
        return 0  # already sent, or being sent by another worker
    try:
        return send_claimed(token)
    except (smtplib.SMTPException, OSError) as exc:
        error = f"{exc.__class__.__name__}: {exc}"
        if refused_for_good(exc):
            mark_failed(token, error)
            logger.error("reminders %s refused by the mail server, not retried: %s", ids[:10], error)
            return 0
        release(token, error)
        raise retry_later(task, exc)


@shared_task(name="tracker.send_reminder", **SEND_OPTIONS)
def send_reminder(self, reminder_id: int) -> int:
    return _send(self, [reminder_id])


@shared_task(name="tracker.send_digest", **SEND_OPTIONS)
def send_digest(self, user_id: int) -> int:
    from .models import Reminder

    ids = list(Reminder.objects.filter(recipient_id=user_id, digest=True, state=Reminder.State.PENDING)
               .values_list("pk", flat=True))
    return _send(self, ids) if ids else 0


@shared_task(name="tracker.refresh_burden")
def refresh_burden() -> dict:
    """Beat runs this daily: every series' cadence and open-ended flags, every overlap pair."""
    return burden.refresh()


@shared_task(name="tracker.check_follows")
def check_follows() -> dict:
    """Beat runs this: newly issued resolutions of followed sessions and series, imported and told."""
    from .following.check import check_all

    return check_all()


@shared_task(name="tracker.compact_tally")
def compact_tally() -> int:
    """Beat runs this: the tally's rows of changes folded into one row a group (lib/tally.py)."""
    return tally.compact()


@shared_task(name="tracker.tell_mentioned", bind=True, max_retries=6)
def tell_mentioned(self, note_id: int) -> int:
    """Email the people a note @mentions, once; an SMTP failure is tried again later."""
    import smtplib

    from .reminders.mentions import tell_mentioned as tell

    try:
        return tell(note_id)
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("mentions of note %s not sent, retrying: %s", note_id, exc)
        raise retry_later(self, exc)


@shared_task(name="tracker.send_team_digests", bind=True, max_retries=6)
def send_team_digests(self) -> int:
    """Beat runs this on Mondays: each staff member's weekly team digest, once a week."""
    import smtplib

    from .reminders.team import send_team_digests as send

    try:
        return send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("team digests not all sent, retrying: %s", exc)
        raise retry_later(self, exc)

