"""Background work: imports of uploaded files."""
from dataclasses import asdict

from celery import shared_task

from .importer import ImportFailed, import_file


@shared_task(name="tracker.import_resolution")
def import_resolution(path: str) -> dict:
    """Import one file; returns the summary, or {'error': reason} for a file that fails."""
    try:
        return asdict(import_file(path))
    except ImportFailed as exc:
        return {"error": str(exc)}


@shared_task(name="tracker.run_import_job")
def run_import_job(job_id: int) -> str:
    """Import an uploaded file; the job records the outcome for the page that follows it."""
    from django.utils import timezone

    from resolutions.documents import read_bytes
    from resolutions.parsing import ParseError

    from .importer import import_text
    from .models import ImportJob

    job = ImportJob.objects.get(pk=job_id)
    if job.finished:
        return job.state  # a redelivered message: the work was done
    ImportJob.objects.filter(pk=job_id).update(state=ImportJob.RUNNING)
    try:
        text = read_bytes(bytes(job.data), job.name)
        result = import_text(text, source_name=job.name, user=job.user)
    except (ParseError, ImportFailed) as exc:
        message = str(exc)
        job.state, job.message = ImportJob.FAILED, message if message.startswith(job.name) else f"{job.name}: {message}"
    else:
        from resolutions.models import Resolution

        job.state = ImportJob.DONE
        job.resolution = Resolution.objects.get(symbol=result.symbol)
        job.message = f"{result.symbol}: {result.new} new, {result.updated} updated, {result.withdrawn} withdrawn"
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message", "resolution", "finished_at"])
    return job.state
