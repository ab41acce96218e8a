"""Guards in front of every view."""
import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect

logger = logging.getLogger(__name__)


class RequestSizeLimit:
    """Refuse a request body larger than any upload before anything reads it.

    CSRF and the login check read the body first; a 1 GB anonymous POST would be
    written to disk before being refused. Content-Length says the size up front.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length.", status=400, content_type="text/plain")
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(f"The request is larger than {settings.MAX_REQUEST_BYTES // (1024 * 1024)} MB.",
                                status=413, content_type="text/plain")
        return self.get_response(request)


class UploadSpace:
    """An upload the server has no room to receive (its temporary directory full) is refused
    with a clear message, and nothing of it is stored.

    An upload is written to the temporary directory as its form is read, which CSRF's check
    does before any view: a full disk there was a bare 500. The form is read here instead,
    where the failure can be answered.
    """

    MESSAGE = ("The server has no room to receive this file just now (its temporary space is full). "
               "Nothing was stored: try again later, or tell an administrator.")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 (reads the form and writes its files)
            except OSError as error:
                logger.error("upload to %s refused: %s", request.path, error)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": self.MESSAGE}, status=503)
                messages.error(request, self.MESSAGE)
                return redirect(request.path)
        return self.get_response(request)


def client_address(request) -> str | None:
    """The client's address: the one the proxy in front saw (the last in X-Forwarded-For)
    where BEHIND_PROXY says a proxy is there; else the connection's own."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
