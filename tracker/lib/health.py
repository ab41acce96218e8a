"""/healthz and /readyz for a proxy or an orchestrator: answered before the host check,
the login and throttling.

/healthz says the process answers. /readyz says whether it can serve: the database, the
cache and the broker reachable, every migration applied; 503 naming each that fails.
"""
import logging
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

logger = logging.getLogger(__name__)


def check_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def check_cache() -> str:
    """Written and read back: the cache answers an outage as a miss, so a read alone tells nothing."""
    key, value = "readyz", uuid.uuid4().hex
    cache.set(key, value, 30)
    return "ok" if cache.get(key) == value else "cannot be reached"


def check_broker() -> str:
    from tracker.celery import app

    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def check_migrations() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return "ok" if not unapplied else f"{len(unapplied)} not applied"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker,
          "migrations": check_migrations}


def readiness() -> dict[str, str]:
    """Each check's answer: "ok", or what fails."""
    answers = {}
    for name, check in CHECKS.items():
        try:
            answers[name] = check()
        except Exception as error:  # noqa: BLE001 (a check that fails is an answer, not an error)
            answers[name] = f"failed: {error.__class__.__name__}"
        if answers[name] != "ok":
            logger.warning("not ready: %s %s", name, answers[name])
    return answers


class HealthChecks:
    """First in the middleware: a probe's Host header and its lack of a login do not matter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            answers = readiness()
            ready = all(answer == "ok" for answer in answers.values())
            return JsonResponse({"status": "ok" if ready else "unavailable", **answers}, status=200 if ready else 503)
        return self.get_response(request)
