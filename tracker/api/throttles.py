"""The API's rate limits: per user and per client address, counted atomically.

DRF's throttles keep a list of request times, read and written back by each request: 16
threads at once read the same list and each wrote back its own, so the count fell short
(3,101 requests, never a 429). Here each request adds one to a counter of the current
window with the cache's atomic increment (INCR on Redis). And the client's address is
the one the rest of the site uses: X-Forwarded-For only behind a proxy (BEHIND_PROXY).
"""
import math

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from ..lib.middleware import client_address


class CountedInWindows:
    """A fixed window of the rate's duration, its requests counted by one atomic increment."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = math.floor(self.now / self.duration)
        self.window_ends = (window + 1) * self.duration
        key = f"{self.key}:{window}"
        self.cache.add(key, 0, self.duration + 60)
        try:
            count = self.cache.incr(key)
        except ValueError:  # the cache lost it, or cannot be reached: not throttled
            return True
        return count <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.now, 0)

    def get_ident(self, request):
        return client_address(request)


class UserRate(CountedInWindows, UserRateThrottle):
    pass


class AnonRate(CountedInWindows, AnonRateThrottle):
    pass
