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
