"""Configuration from the environment, and the database it names."""
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_named_by_database_url_answers():
    url = os.getenv("DATABASE_URL", "sqlite")
    expected = "postgresql" if url.startswith(("postgres", "postgresql")) else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.parametrize("variable, value", [("DEBUG", "ture"), ("EMAIL_USE_TLS", "maybe"), ("EMAIL_PORT", "smtp"),
                                             ("UN_FETCH_BACKOFF", "1s"), ("UN_FETCH_BACKOFF", "-2"),
                                             ("COUNT_CACHE_SECONDS", "5m"), ("CACHE_URL", "memcached://cache:11211"),
                                             ("REMINDER_SWEEP_CONNECTIONS", "0")])
def test_a_setting_that_cannot_be_read_stops_the_start_and_names_itself(variable, value):
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, variable: value, "EMAIL_HOST": "mail.example.org", "SECRET_KEY": "x" * 50}
    result = subprocess.run([sys.executable, "-c", "import tracker.settings"], capture_output=True, text=True,
                            env=env, cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and f"{variable}={value!r}" in result.stderr


@pytest.mark.parametrize("environment, kept", [({"DEBUG": "0"}, "60 True"), ({"DEBUG": "1"}, "0 True"),
                                               ({"DEBUG": "0", "CONN_MAX_AGE": "5"}, "5 True")])
def test_a_server_keeps_its_database_connection_between_requests(environment, kept):
    """Opening a PostgreSQL connection took a quarter of a list request's time; runserver (DEBUG),
    which serves each request in a thread of its own, would leave each one open."""
    import subprocess
    import sys
    from pathlib import Path

    env = {name: value for name, value in os.environ.items() if name != "CONN_MAX_AGE"}
    env.update({"SECRET_KEY": "x" * 50, **environment})
    show = "import tracker.settings as s; d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    result = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True, env=env,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.stdout.strip() == kept, result.stderr
ROOT = Path(__file__).resolve().parent.parent


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



def test_the_demo_deadline_reads_as_the_date_it_was_moved_to(settings, seeded):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from tracker.models import Obligation
    from tracker.obligations.wording import date_words, deadline_words

    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    moved = Obligation.objects.select_related("due_session").get(owner__username="desk")
    due = timezone.localdate() + timedelta(days=7)
    assert (moved.due_date, deadline_words(moved), moved.due_text) == (due, date_words(due, "day"), "")
