"""A cache that cannot be reached degrades the site: logins and the API still answer."""
import logging

import pytest
from django.urls import reverse

from tracker.lib.cache import Outage
from tracker.models import ApiToken

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:9/1"


@pytest.fixture
def cache_unreachable(settings):
    settings.CACHES = {"default": {"BACKEND": "tracker.lib.cache.SharedRedisCache", "LOCATION": CLOSED_PORT,
                                   "OPTIONS": {"socket_connect_timeout": 1}}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    Outage.down_until, Outage.was_down = 0.0, False
    yield
    Outage.down_until, Outage.was_down = 0.0, False


def test_a_login_works_with_the_cache_down(client, users, cache_unreachable, caplog):
    with caplog.at_level(logging.WARNING, logger="tracker.lib.cache"):
        response = client.post(reverse("login"), {"username": "desk", "password": "pw-desk"})
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200  # the session is read from the database
    assert "the cache cannot be reached" in caplog.text


def test_the_api_answers_with_the_cache_down(client, users, cache_unreachable):
    key = ApiToken.issue(users["viewer"], "script")[1]
    response = client.get("/api/v1/obligations/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200


def test_the_cache_is_tried_again_after_a_pause(cache_unreachable, monkeypatch):
    from django.core.cache import cache

    assert cache.get("anything", "fallback") == "fallback"
    assert Outage.skipping()
    monkeypatch.setattr("tracker.lib.cache.time.monotonic", lambda: Outage.down_until + 1)
    assert not Outage.skipping()


def test_what_the_cache_answers_while_away_is_new_each_time(cache_unreachable):
    from django.core.cache import cache

    first = cache.get_many(["a", "b"])
    first["a"] = "changed by a caller"
    assert cache.get_many(["a", "b"]) == {}


def test_a_count_kept_in_the_cache_is_missing_while_it_is_away(cache_unreachable):
    from django.core.cache import cache

    with pytest.raises(ValueError):
        cache.incr("password-reset:client:198.51.100.7")
