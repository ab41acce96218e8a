"""python manage.py serve [ADDRESS]: the dashboard with a Celery worker and beat, as `make run` starts
them, stopped together.

A shell's `trap` cannot catch a SIGINT its parent ignored (a script that starts `make run` in
the background does), and `kill 0` from a trap signalled the shell itself, again and again. So
one Python process starts the three, sets its own handlers, and on Ctrl-C or SIGTERM (or one
of them ending) asks each to stop, then kills what has not stopped in time.
"""
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

STOP_WITHIN = 15  # seconds the three have to stop, together, before they are killed
REMIND_AFTER = 8  # seconds: a first reminder sweep once the worker is up


class Command(BaseCommand):
    help = "Serve the dashboard with a Celery worker and beat; Ctrl-C stops all three."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")

    def handle(self, address, **options):
        python = sys.executable
        running = [
            subprocess.Popen([python, "-m", "celery", "-A", "tracker", "worker", "--loglevel=warning",
                              "--concurrency=2"]),
            subprocess.Popen([python, "-m", "celery", "-A", "tracker", "beat", "--loglevel=warning",
                              "--schedule", str(settings.VAR_DIR / "celerybeat-schedule")]),
            subprocess.Popen([python, "manage.py", "runserver", "--noreload", address]),
        ]
        asked_to_stop = []
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda number, frame: asked_to_stop.append(number))
        started, reminding = time.monotonic(), None
        while not asked_to_stop and all(process.poll() is None for process in running):
            if reminding is None and time.monotonic() - started > REMIND_AFTER:
                reminding = subprocess.Popen([python, "manage.py", "remind"])
            time.sleep(0.2)
        stop(running + ([reminding] if reminding else []))


def stop(processes) -> None:
    """Ask each process still running to stop (SIGTERM), then kill those still running in time."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_WITHIN
    for process in processes:
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
