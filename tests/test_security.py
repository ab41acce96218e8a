"""Who may reach what: a matrix over every URL, CSRF on every form, escaping, login limits."""
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tracker.models import CalendarFeed, ImportJob, Obligation, ReminderPreference
from tracker.obligations.importing import import_text

from .conftest import resolution_text

pytestmark = pytest.mark.django_db
REQUEST = "1. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report;"


@pytest.fixture
def world(users):
    import_text(resolution_text("Recalling its resolutions,\n1. Requests the Secretary-General to report "
                                "at its seventy-first session;", title="Road safety"))
    obligation = Obligation.objects.get()
    job = ImportJob.objects.create(name="x.txt", data=b"", user=users["staff"], state=ImportJob.State.DONE)
    feed = CalendarFeed.for_user(users["staff"])
    return {"obligation": obligation, "job": job, "feed": feed}


def urls(world):
    o = world["obligation"]
    return {
        "dashboard": reverse("dashboard"),
        "obligations": reverse("obligations"),
        "csv": reverse("obligations_csv"),
        "obligation": reverse("obligation", args=[o.pk]),
        "resolution": reverse("resolution", args=[o.resolution_id]),
        "series": reverse("series", args=[o.resolution.series_id]),
        "import": reverse("import"),
        "import_job": reverse("import_job", args=[world["job"].pk]),
        "calendar": reverse("calendar"),
        "feed_settings": reverse("feed_settings"),
        "reminders": reverse("reminder_settings"),
        "password_change": reverse("password_change"),
        "admin": reverse("admin:index"),
        "admin_obligations": reverse("admin:tracker_obligation_changelist"),
    }


# What a GET returns, by role: 200 open, 302 to the login page, 403 refused.
EXPECTED = {
    "anonymous": dict.fromkeys(["dashboard", "obligations", "csv", "obligation", "resolution", "series", "import",
                                "import_job", "calendar", "feed_settings", "reminders", "password_change",
                                "admin", "admin_obligations"], 302),
    "viewer": {"import": 403, "import_job": 403, "admin": 302, "admin_obligations": 302},
    "staff": {"admin": 302, "admin_obligations": 302},
    "admin": {},
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_permission_matrix_over_every_url(client, users, world, role):
    if role != "anonymous":
        client.force_login(users[role])
    for name, url in urls(world).items():
        expected = EXPECTED[role].get(name, 200)
        response = client.get(url)
        assert response.status_code == expected, (role, name, response.status_code)
        if expected == 302:
            assert "login" in response.url


def test_viewer_changes_nothing_anywhere(client, users, world):
    client.force_login(users["viewer"])
    o = world["obligation"]
    posts = [
        (reverse("obligation", args=[o.pk]), {"status": "done", "note": "x", "version": o.updated_at.isoformat()}),
        (reverse("import"), {}),
        (reverse("admin:tracker_obligation_change", args=[o.pk]), {"status": "done"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (302, 403)
    o.refresh_from_db()
    assert (o.status, o.thread.count(), o.changes.count()) == ("open", 0, 0)


def test_anonymous_reaches_only_login_and_password_reset(client, world):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("password_reset")).status_code == 200
    assert client.post(reverse("obligation", args=[world["obligation"].pk]), {"status": "done"}).status_code == 302
    world["obligation"].refresh_from_db()
    assert world["obligation"].status == "open"


def test_calendar_token_gives_only_its_users_feed_and_dies_when_revoked(client, users, world):
    mine = world["obligation"]
    mine.owner = users["staff"]
    mine.save()
    other = CalendarFeed.for_user(users["viewer"])
    assert mine.resolution.symbol in client.get(reverse("calendar_feed", args=[world["feed"].token])).content.decode()
    assert "VEVENT" not in client.get(reverse("calendar_feed", args=[other.token])).content.decode()
    assert client.get(reverse("calendar_feed", args=["guessed-token"])).status_code == 404
    old = world["feed"].token
    world["feed"].revoke()
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404


def test_nobody_sees_another_users_reminder_settings(client, users):
    ReminderPreference.objects.create(user=users["staff"], mode="weekly")
    client.force_login(users["viewer"])
    page = client.get(reverse("reminder_settings"))
    assert page.context["form"].instance.user == users["viewer"]
    client.post(reverse("reminder_settings"), {"mode": "off"})
    assert ReminderPreference.objects.get(user=users["staff"]).mode == "weekly"


def test_every_form_needs_its_csrf_token(users, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    o = world["obligation"]
    for url in [reverse("obligation", args=[o.pk]), reverse("import"), reverse("reminder_settings"),
                reverse("revoke_feed"), reverse("password_change"), reverse("logout"),
                reverse("admin:tracker_obligation_change", args=[o.pk])]:
        assert client.post(url, {"status": "done"}).status_code == 403, url


def test_resolution_text_and_notes_are_escaped_everywhere(client, users):
    import_text(resolution_text('1. Requests the Secretary-General to report on <img src=x onerror="alert(1)">;'))
    o = Obligation.objects.get()
    o.thread.create(text="<script>alert('notes')</script>")
    client.force_login(users["admin"])
    for url in [reverse("obligation", args=[o.pk]), reverse("resolution", args=[o.resolution_id]),
                reverse("obligations"), reverse("dashboard"), reverse("series", args=[o.resolution.series_id])]:
        body = client.get(url).content.decode()
        assert "<img src=x" not in body and "<script>alert('notes')" not in body, url


def test_failed_logins_are_rate_limited(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "desk", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "desk", "password": "pw-desk"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_good_login_works(client, users):
    response = client.post(reverse("login"), {"username": "desk", "password": "pw-desk"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(users["staff"].pk)


def test_weak_passwords_are_refused(client, users):
    client.force_login(users["staff"])
    response = client.post(reverse("password_change"), {
        "old_password": "pw-desk", "new_password1": "password", "new_password2": "password"})
    assert response.status_code == 200 and "too common" in response.content.decode()


def test_crashed_import_worker_leaves_nothing_and_the_redelivered_task_completes(users, monkeypatch):
    from tracker import tasks
    from tracker.obligations import importing as importer

    job = ImportJob.objects.create(name="res.txt", data=resolution_text("1. Urges States to act;").encode(),
                                   user=users["staff"])
    real_store = importer._store_obligations

    def crash(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(importer, "_store_obligations", crash)
    with pytest.raises(SystemExit):
        tasks.run_import_job(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING and Obligation.objects.count() == 0
    monkeypatch.setattr(importer, "_store_obligations", real_store)
    assert tasks.run_import_job(job.pk) == ImportJob.State.DONE
    assert Obligation.objects.count() == 1


def test_only_the_api_readers_may_use_inline_styles(client, users):
    def directives(response):
        return {name: set(values) for name, *values in
                (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())}

    client.force_login(users["viewer"])
    readers = directives(client.get("/api/docs/"))
    page = directives(client.get(reverse("dashboard")))
    assert readers["style-src"] == {"'self'", "'unsafe-inline'"} and readers["worker-src"] == {"'self'", "blob:"}
    assert page["style-src"] == {"'self'"} and page["script-src"] == {"'self'"} and "worker-src" not in page
    assert page["frame-ancestors"] == {"'none'"}


def test_behind_a_proxy_wrong_passwords_lock_only_their_client(client, users, settings):
    settings.BEHIND_PROXY = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "desk", "password": "wrong"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    response = client.post(reverse("login"), {"username": "desk", "password": "pw-desk"},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 302 and response.url == reverse("dashboard")


def test_password_reset_emails_are_limited(client, users, settings):
    from django.core.cache import cache

    cache.clear()
    for _ in range(10):
        assert client.post(reverse("password_reset"), {"email": "desk@example.org"}).status_code == 302
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT


def test_pages_carry_a_content_security_policy_and_no_inline_script(client, users):
    import re

    import_text(resolution_text(REQUEST))
    client.force_login(users["staff"])
    for url in (reverse("dashboard"), reverse("obligations"), reverse("obligation", args=[Obligation.objects.get().pk]),
                reverse("import"), reverse("calendar"), reverse("mandates")):
        response = client.get(url)
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode()), url

