"""Reminders for real: Celery workers on Redis, a real SMTP server on loopback, a worker killed.

Needs Redis (CELERY_BROKER_URL, or one on 127.0.0.1:6379): skips without it, fails
without it under REQUIRE_SERVICES=1.
"""
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from tracker.obligations.importing import import_text
from tracker.models import Obligation, Reminder

from .conftest import need_service, resolution_text

ROOT = Path(__file__).resolve().parent.parent
BROKER = os.getenv("CELERY_BROKER_URL", "")
if not BROKER.startswith("redis"):
    BROKER = "redis://127.0.0.1:6379/15"
QUEUE = f"reminders-live-{os.getpid()}"
CLAIM_TIMEOUT = 3


def redis_answers() -> bool:
    parts = urlsplit(BROKER)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2):
            return True
    except OSError:
        return False


class Inbox:
    """An SMTP server on loopback that keeps what it was sent; slow=True holds each message."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list[bytes] = []
        self.slow = False
        self.lock = threading.Lock()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.slow:
            import asyncio

            await asyncio.sleep(2)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(envelope.content)
        return "250 Message accepted"

    def subjects(self):
        with self.lock:
            return [line.split(b":", 1)[1].strip().decode() for m in self.messages
                    for line in m.splitlines() if line.startswith(b"Subject:")]


@pytest.fixture
def inbox():
    box = Inbox()
    box.controller.start()
    yield box
    box.controller.stop()


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or ""
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


class Workers:
    def __init__(self, inbox):
        self.env = {**os.environ, "DATABASE_URL": database_url(), "CELERY_BROKER_URL": BROKER,
                    "CELERY_QUEUE": QUEUE, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(inbox.port),
                    "EMAIL_USE_TLS": "0", "REMINDER_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
                    "CELERY_VISIBILITY_TIMEOUT": "5", "DEBUG": "1"}
        self.processes = {}
        self.app = Celery(broker=BROKER)

    def start(self, name):
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--pool=solo", "-n", f"{name}@%h",
             "-Q", QUEUE, "--loglevel=warning", "--without-mingle", "--without-gossip"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            replies = self.app.control.ping(timeout=1)
            if any(name + "@" in list(reply)[0] for reply in replies):
                return
        raise AssertionError(f"worker {name} did not start")

    def kill(self, name):
        self.processes.pop(name).send_signal(signal.SIGKILL)

    def sweep(self):
        self.app.send_task("tracker.sweep_reminders", queue=QUEUE)

    def stop(self):
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        with self.app.connection_for_write() as conn:
            conn.default_channel.queue_purge(QUEUE)


@pytest.fixture
def workers(inbox, transactional_db):
    if not redis_answers():
        need_service(f"no Redis at {BROKER}")
    pool = Workers(inbox)
    yield pool
    pool.stop()


def due_in(days_list, owner):
    today = timezone.localdate()
    lines = []
    for n, days in enumerate(days_list, start=1):
        day = today + timedelta(days=days)
        lines.append(f"{n}. Requests the Secretary-General to report by {day.day} {day:%B} {day.year};")
    import_text(resolution_text("\n".join(lines), adopted=f"1 January {today.year - 1}",
                                symbol=f"{today.year - 1946}/{len(days_list) * 7 + owner.pk}"))
    Obligation.objects.update(owner=owner)


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def test_every_due_reminder_once_even_with_two_sweeps_at_once(workers, inbox, users):
    due_in([30, 7, 1, 0, -7], users["staff"])
    workers.start("w1")
    workers.start("w2")
    workers.sweep()
    workers.sweep()  # two sweeps at once, on two workers
    assert wait_for(lambda: len(inbox.messages) >= 5)
    assert wait_for(lambda: Reminder.objects.filter(state=Reminder.State.SENT).count() == 5)
    workers.sweep()  # and a third, later: nothing new
    time.sleep(3)
    subjects = inbox.subjects()
    assert len(subjects) == 5 and len(set(subjects)) == 5
    assert sorted(Reminder.objects.values_list("offset", flat=True)) == [-7, 0, 1, 7, 30]


def test_a_worker_killed_mid_send_loses_nothing_and_sends_nothing_twice(workers, inbox, users):
    due_in([7, 1, 0], users["staff"])
    inbox.slow = True
    workers.start("w1")
    workers.sweep()
    assert wait_for(lambda: Reminder.objects.filter(state=Reminder.State.SENDING).exists(), 30)
    workers.kill("w1")  # in the middle of an SMTP conversation
    inbox.slow = False
    workers.start("w2")
    time.sleep(CLAIM_TIMEOUT + 1)
    workers.sweep()  # beat's next sweep releases the dead worker's claim
    assert wait_for(lambda: Reminder.objects.filter(state=Reminder.State.SENT).count() == 3)
    time.sleep(6)  # past the broker's visibility timeout: redelivered messages find nothing to send
    subjects = inbox.subjects()
    assert len(subjects) == 3 and len(set(subjects)) == 3


def test_a_deadline_moved_and_moved_back_still_reminds_once(workers, inbox, users):
    from tracker.obligations.history import apply_edit
    from tracker.models import ObligationChange
    from tracker.reminders.schedule import sweep

    due_in([7], users["staff"])
    obligation = Obligation.objects.get()
    written = sweep()  # the 7-day reminder, written and not yet sent
    apply_edit(obligation, users["staff"], ObligationChange.Source.STAFF, due_date=obligation.due_date + timedelta(days=30))
    workers.start("w1")
    for reminder_id in written.to_send:
        workers.app.send_task("tracker.send_reminder", args=[reminder_id], queue=QUEUE)
    assert wait_for(lambda: Reminder.objects.filter(state=Reminder.State.CANCELLED).exists())
    apply_edit(obligation, users["staff"], ObligationChange.Source.STAFF, due_date=obligation.due_date - timedelta(days=30))
    workers.sweep()
    assert wait_for(lambda: len(inbox.messages) == 1)
    workers.sweep()
    time.sleep(3)
    assert len(inbox.messages) == 1 and "due in 7 days" in inbox.subjects()[0]


def test_a_deactivated_owners_reminder_reaches_the_coordinators(workers, inbox, users, django_user_model):
    from django.contrib.auth.models import Group

    coordinator = django_user_model.objects.create_user("coord", "coord@example.org")
    coordinator.groups.add(Group.objects.get_or_create(name="coordinators")[0])
    due_in([1], users["staff"])
    users["staff"].is_active = False
    users["staff"].save()
    workers.start("w1")
    workers.sweep()
    assert wait_for(lambda: len(inbox.messages) == 1)
    import email

    assert email.message_from_bytes(inbox.messages[0])["To"] == "coord@example.org"
