"""Counts over all obligations, kept until the obligations change.

At a million obligations a count reads hundreds of thousands of rows where the rows of a
page are a few. So a count is kept in the cache
under the version of the obligations it was made at. Every write to obligations, their
addressees or their evidence (the querysets of models.py and the signals of signals.py
call `changed`) gives them a new version once its transaction commits, so no process
sharing the cache is shown a count made before a change. Inside a transaction that
changed them, counts are made afresh and never kept: they hold what others cannot see
yet, and what a rollback takes back. A version is a new unique value, not an increment:
two processes that change obligations at once each leave a version no count was made at.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import cached_property

VERSION_KEY = "obligations:version"
# The version a request read, kept for the rest of it: its counts and its kept parts are of
# one version, read from the cache once. Outside a request (a worker, a command) it is read each time.
_request = threading.local()


@receiver(request_started)
def _request_started(**kwargs) -> None:
    _request.version = None
    _request.active = True


@receiver(request_finished)
def _request_finished(**kwargs) -> None:
    _request.__dict__.clear()


def _new_version() -> str:
    return f"{time.time_ns()}.{os.getpid()}"


def _bump() -> None:
    version = _new_version()
    cache.set(VERSION_KEY, version, None)
    if getattr(_request, "active", False):  # the rest of this request shows what it changed
        _request.version = version


def changed() -> None:
    """The obligations changed: counts made before are not shown again, once this commits."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump()
    elif not _uncommitted(connection):
        transaction.on_commit(_bump)  # once a transaction, however many rows it writes


def _uncommitted(connection) -> bool:
    """This transaction changed obligations and has not committed yet."""
    return connection.in_atomic_block and any(callback is _bump for _, callback, _ in connection.run_on_commit)


def version() -> str:
    if current := getattr(_request, "version", None):
        return current
    current = cache.get(VERSION_KEY)
    if current is None:  # a cache emptied or new: no count made before is trusted
        current = _new_version()
        cache.add(VERSION_KEY, current, None)
        current = cache.get(VERSION_KEY, current)
    if getattr(_request, "active", False):
        _request.version = current
    return current


def count_once_per_version(name: str, count: Callable[[], object]):
    """The value count() gives, made once per version of the obligations."""
    if _uncommitted(transaction.get_connection()):
        return count()
    key = f"counts:{version()}:{hashlib.sha256(name.encode()).hexdigest()[:32]}"
    return cache.get_or_set(key, count, settings.COUNT_CACHE_SECONDS)


def page_cache_keys(request) -> dict[str, object]:
    """What a page's rendered parts are kept under, with Django's {% cache %}: the obligations'
    version, the user (their rights and "mine" are in the rows), the day (what is overdue)
    and the address with its filters and page. A list at a million obligations is counted
    and rendered once per change, not once a request. Inside a transaction that changed
    obligations, a key used once: nothing rendered there is read again."""
    if _uncommitted(transaction.get_connection()):
        return {"seconds": 0, "under": f"uncommitted {_new_version()}"}
    return {"seconds": settings.COUNT_CACHE_SECONDS,
            "under": f"{version()} {request.user.pk} {timezone.localdate()} {request.get_full_path()}"}


class CountKeptPaginator(Paginator):
    """A paginator whose total is counted once per version of the obligations: the page's
    rows are read each time, the total of a large list only after a change; or from the
    tally's rows that count the same obligations, where given (lib/tally.py)."""

    def __init__(self, object_list, per_page, tally=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.tally = tally

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return self.object_list.count()  # a list that keeps its own count (CurrentFirst)
        if self.tally is not None:
            return self.tally.total()
        try:
            key = rows_key(self.object_list)
        except EmptyResultSet:
            return 0
        return count_once_per_version(key, self.object_list.count)


def rows_key(queryset) -> str:
    """Which rows a queryset holds, as SQL: its tables, joins and conditions. The columns it
    reads, their order and the related rows it selects change no count, and compiling
    them is most of the work of a key. Where the columns do decide the rows (DISTINCT, GROUP BY,
    a union, a slice), the whole query is the key."""
    query = queryset.query
    if not (query.distinct or query.combinator or query.group_by is not None or query.is_sliced):
        query = query.clone()
        query.clear_ordering(force=True)
        query.select_related = False
        query.clear_select_clause()
        query.add_fields([query.get_meta().pk.name])
    sql, params = query.sql_with_params()
    return f"{sql} {params!r}"
