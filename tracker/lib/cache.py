"""The shared cache on Redis: Django's own backend, keeping one client per server, and
answering as an empty cache while Redis cannot be reached.

Django's backend makes a new redis-py client for every get and set, and each builds a
table of some 170 response callbacks. A client over the same connection pool is kept
instead (Django gives each thread its own cache object, and redis-py's clients share
their pools across threads safely).

Nothing the site needs lives only in the cache: sessions are written through to the
database, counts are made again, throttles are a guard. So an outage of the cache must
degrade the site, never take it down: a call that cannot reach Redis is a miss, logged
once, and Redis is left alone for a few seconds before it is tried again.
"""
import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# How long a process leaves an unreachable Redis alone before it tries again.
RETRY_AFTER_SECONDS = 5.0
# Entries that may have gone stale while writes could not reach the cache (the obligations'
# version, which every kept count is filed under): forgotten when the cache answers again.
FORGOTTEN_AFTER_AN_OUTAGE = ("obligations:version",)
MISS = object()


class KeptClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]


class Outage:
    """Whether Redis was found unreachable, shared by every thread of the process."""

    down_until = 0.0
    was_down = False

    @classmethod
    def skipping(cls) -> bool:
        return time.monotonic() < cls.down_until

    @classmethod
    def began(cls, error: Exception) -> None:
        if not cls.was_down:
            logger.warning("the cache cannot be reached (%s: %s): counts are not kept and the API is not "
                           "throttled until it answers again", error.__class__.__name__, error)
        cls.was_down = True
        cls.down_until = time.monotonic() + RETRY_AFTER_SECONDS


def degrading(when_unreachable):
    """A cache method that answers `when_unreachable` instead of raising while Redis is away
    (a new one each time where it is a type: `dict`, `list`)."""

    def answer():
        return when_unreachable() if isinstance(when_unreachable, type) else when_unreachable

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if Outage.skipping():
                return answer()
            try:
                result = method(self, *args, **kwargs)
            except UNREACHABLE as error:
                Outage.began(error)
                return answer()
            if Outage.was_down:
                self._after_outage()
            return result

        return wrapper

    return decorate


class SharedRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClient

    def _after_outage(self):
        Outage.was_down = False
        logger.warning("the cache answers again")
        self.delete_many(FORGOTTEN_AFTER_AN_OUTAGE)

    def get(self, key, default=None, version=None):
        value = self._get_or_miss(key, version)
        return default if value is MISS else value

    @degrading(when_unreachable=MISS)
    def _get_or_miss(self, key, version):
        return super().get(key, MISS, version)

    @degrading(when_unreachable=False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @degrading(when_unreachable=None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @degrading(when_unreachable=False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @degrading(when_unreachable=False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @degrading(when_unreachable=dict)
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @degrading(when_unreachable=False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @degrading(when_unreachable=list)
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @degrading(when_unreachable=None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    def incr(self, key, delta=1, version=None):
        """Raises ValueError, as for a missing key, while Redis is away."""
        value = self._incr_or_miss(key, delta, version)
        if value is MISS:
            raise ValueError(f"Key '{key}' not found: the cache cannot be reached")
        return value

    @degrading(when_unreachable=MISS)
    def _incr_or_miss(self, key, delta, version):
        return super().incr(key, delta, version)
