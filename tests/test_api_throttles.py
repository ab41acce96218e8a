"""The API's rate limits hold: one count per client, exact under concurrent requests."""
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from tracker.api.throttles import AnonRate, UserRate


def mid_hour():
    return 7 * 3600 + 1800.0  # a clock halfway through one window: no test runs across two


class FiveAnHour(AnonRate):
    rate = "5/hour"
    timer = staticmethod(mid_hour)


class FiftyAnHour(UserRate):
    rate = "50/hour"
    timer = staticmethod(mid_hour)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def anonymous(forwarded_for: str):
    request = RequestFactory().get("/api/v1/obligations/", REMOTE_ADDR="198.51.100.7",
                                   HTTP_X_FORWARDED_FOR=forwarded_for)
    request.user = SimpleNamespace(is_authenticated=False)
    return request


def test_without_a_proxy_a_changing_forwarded_for_is_one_client(settings):
    settings.BEHIND_PROXY = False
    allowed = [FiveAnHour().allow_request(anonymous(f"203.0.113.{i}"), None) for i in range(80)]
    assert allowed.count(True) == 5


def test_behind_a_proxy_the_address_it_saw_is_the_client(settings):
    settings.BEHIND_PROXY = True
    allowed = [FiveAnHour().allow_request(anonymous(f"10.0.0.1, 203.0.113.{i % 2}"), None) for i in range(20)]
    assert allowed.count(True) == 10  # two clients, five each


@pytest.fixture
def shared_redis_cache(settings):
    """Production's cache: a race shows where each request waits on the network."""
    import redis

    from .conftest import need_service

    url = "redis://127.0.0.1:6379/12"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        need_service("Redis (the shared cache)")
    settings.CACHES = {"default": {"BACKEND": "tracker.lib.cache.SharedRedisCache", "LOCATION": url}}
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("cache_in", ["memory", "redis"])
def test_concurrent_requests_of_one_user_are_all_counted(cache_in, request):
    if cache_in == "redis":
        request.getfixturevalue("shared_redis_cache")
    user = SimpleNamespace(is_authenticated=True, pk=7)

    def call(_):
        request = RequestFactory().get("/api/v1/obligations/")
        request.user = user
        return FiftyAnHour().allow_request(request, None)

    with ThreadPoolExecutor(16) as pool:
        allowed = list(pool.map(call, range(400)))
    assert allowed.count(True) == 50
