"""What every log line says, so that one can grep it: time, level, logger, request path, user id."""
import logging


class RequestContext(logging.Filter):
    """Adds the request's path and user id to a record (Django passes the request with
    django.request's records); "-" where there is none, as in a worker's task."""

    def filter(self, record):
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        record.path = getattr(request, "path", "-")
        record.user_id = getattr(user, "pk", None) or "-"
        return True
