import os
import textwrap

import pytest

from resolutions.parsing import parse_resolution


def services_required() -> bool:
    return os.getenv("REQUIRE_SERVICES", "") not in ("", "0")


def need_service(reason: str) -> None:
    """Skip a test whose service is missing, or fail it where CI promises the service."""
    if services_required():
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


def resolution_text(body: str, symbol: str = "70/123", title: str = "A test resolution",
                    adopted: str = "17 December 2015", meeting: str = "80th") -> str:
    """A small resolution in the layout of the Assembly's Word exports."""
    return (
        f"Resolution adopted by the General Assembly on {adopted}\n"
        f"{symbol}.\t{title}\n\n"
        "\tThe General Assembly,\n"
        f"{textwrap.dedent(body).strip()}\n\n"
        f"{meeting} plenary meeting\n{adopted}\n"
    )


@pytest.fixture
def parse():
    def parse_body(body: str, **kwargs):
        return parse_resolution(resolution_text(body, **kwargs))

    return parse_body


@pytest.fixture(autouse=True)
def celery_runs_inline():
    """Tasks run in the test's own process; the real worker is tested in test_reminders_live."""
    from tracker.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def users(db):
    from .factories import UserFactory

    def make(name, group=None, **flags):
        return UserFactory(username=name, password="pw-" + name, groups=[group] if group else [], **flags)

    return {
        "staff": make("desk", "staff"),
        "viewer": make("reader", "viewers"),
        "admin": make("chief", is_staff=True, is_superuser=True),
    }


@pytest.fixture
def client_for(client):
    """The test client, logged in as this user."""
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def seeded(db):
    from pathlib import Path

    from tracker.obligations.importing import import_file

    for path in sorted((Path(__file__).resolve().parent.parent / "seeds").iterdir()):
        import_file(path)


def council_text(number: int, year: int, adopted: str, body: str, recalls: str = "") -> str:
    """A Security Council resolution in the layout of its Word exports."""
    return (
        f"Resolution {number} ({year})\n\n"
        f"Adopted by the Security Council at its 9999th meeting, on {adopted}\n\n"
        "The Security Council,\n\n"
        f"Recalling its resolutions {recalls or '2000 (2019)'} on the situation in Atlantis,\n\n"
        f"{textwrap.dedent(body).strip()}\n"
    )


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and counts kept in the cache start from nothing in each test."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def desk(users):
    """Six asks of several kinds as the parser reads them, by paragraph number: a report at a
    session, calls to act with and without a date, a State named, civil society invited."""
    from tracker.models import Obligation
    from tracker.obligations.importing import import_text

    import_text(resolution_text(
        "1. Requests the Secretary-General to submit a report to the General Assembly at its seventy-first session;\n"
        "2. Urges Member States to continue working towards the goals;\n"
        "3. Invites the Commission on Narcotic Drugs to consider the matter in March 2017;\n"
        "4. Calls upon the Government of Iraq to cooperate fully;\n"
        "5. Encourages States to act by 2018;\n"
        "6. Invites civil society to take part;"))
    return {o.label: o for o in Obligation.objects.all()}
