"""What an operator relies on: probes that answer, errors that leave a trace and reach the admins."""
import io
import logging

import pytest
from django.core import mail
from django.urls import reverse

from tracker.lib.cache import Outage

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_a_login_whatever_the_host(client):
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_says_each_service_is_ready(client):
    response = client.get("/readyz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok", "migrations": "ok"}


def test_readyz_names_the_service_that_fails(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tracker.lib.cache.SharedRedisCache", "LOCATION": "redis://127.0.0.1:9/1"}}
    Outage.down_until, Outage.was_down = 0.0, False
    try:
        response = client.get("/readyz")
    finally:
        Outage.down_until, Outage.was_down = 0.0, False
    assert response.status_code == 503
    assert response.json()["cache"] == "cannot be reached" and response.json()["database"] == "ok"


@pytest.fixture
def failing_page(monkeypatch, client_for, users):
    def broken(request):
        raise RuntimeError("something broke")

    monkeypatch.setattr("tracker.views.obligations.home_counts", lambda today: broken(None))
    client = client_for(users["viewer"])
    client.raise_request_exception = False
    return client, users["viewer"]


def test_a_server_error_is_logged_with_its_path_and_user(failing_page):
    client, user = failing_page
    handler = next(h for h in logging.getLogger("django.request").handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        assert client.get(reverse("dashboard")).status_code == 500
    finally:
        handler.setStream(previous)
    line = stream.getvalue().splitlines()[0]
    assert " ERROR django.request path=/ " in line and f"user={user.pk} " in line and "RuntimeError" in stream.getvalue()


def test_a_server_error_is_mailed_to_the_admins_when_debug_is_off(failing_page, settings):
    client, _user = failing_page
    settings.DEBUG = False
    settings.ADMINS = [("Ops", "ops@example.org")]
    assert client.get(reverse("dashboard")).status_code == 500
    assert [m.to for m in mail.outbox] == [["ops@example.org"]] and "RuntimeError" in mail.outbox[0].body


def test_admins_are_read_from_the_environment():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "ADMINS": "Ana Ops <ana@example.org>, ops@example.org", "DEBUG": "1"}
    result = subprocess.run([sys.executable, "-c", "import tracker.settings as s; print(s.ADMINS)"],
                            capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parent.parent)
    assert result.stdout.strip() == "[('Ana Ops', 'ana@example.org'), ('ops@example.org', 'ops@example.org')]"
