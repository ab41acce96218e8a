"""Fetching a resolution from the UN's official document system by its symbol.

What the tracker relies on (the addresses are settings; README "Import by symbol"):

- The symbol-access address (`UN_SYMBOL_URL`, documents.un.org/api/symbol/access) answers
  a symbol with the document in the language and type asked (`l=en`, `t=pdf` or `t=doc`),
  after one or more redirects. For a symbol not issued yet it answers 404, or 200 with an
  empty body: both mean "no such symbol yet". An HTML page where a file was expected is a
  fault of the service, never a resolution.
- undocs.org (`UN_UNDOCS_URL`) redirects a symbol to the same document; it is tried when the
  first address fails for another reason than "not yet".
- The UN Digital Library's search (`UN_LIBRARY_SEARCH_URL`) lists symbols as MARCXML
  (MARC 21 slim; the document symbol is field 191, subfield a). Since 2026 it may answer
  202 with an empty body (a bot challenge): the list is then unavailable and the follower
  falls back to the next symbols in sequence.

Each request is retried with back-off on timeouts, refused connections and 5xx/429
answers (urllib3's Retry), all within a deadline of its own (UN_FETCH_DEADLINE), follows
redirects only to the document system's hosts (UN_FETCH_ALLOWED_HOSTS), and is logged
(resolutions.FetchLog) with its URL and outcome, however it ends.
"""
from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from urllib3.util.retry import Retry

from .limits import MAX_FILE_BYTES, size_words

# ASCII letters and digits only: \d would take Arabic-Indic digits, which no symbol has.
SYMBOL_RE = re.compile(r"^[A-Z]{1,4}(?:/[A-Z0-9][A-Za-z0-9.\-]*){1,5}(?:\s*\((?:[0-9]{4}|[IVXLC]{1,8})\))?$")
MARC_NS = "{http://www.loc.gov/MARC21/slim}"
FILE_TYPES = (("pdf", ".pdf", b"%PDF"), ("doc", ".docx", b"PK\x03\x04"))
MAX_REDIRECTS = 10


class FetchFailed(Exception):
    """The document system could not give the file; the message says why, in a line."""


class NotYetIssued(FetchFailed):
    """No document has this symbol yet: for a follower, simply nothing new."""


@dataclass
class Fetched:
    symbol: str
    data: bytes
    name: str  # a file name whose suffix tells the reader the type
    url: str  # the address the file finally came from


def clean_symbol(symbol: str) -> str:
    """'s/res/2790 (2025)' -> 'S/RES/2790 (2025)'; ValueError where it is no symbol."""
    cleaned = " ".join(symbol.split()).upper().replace(" (", "(").replace("(", " (")
    if not SYMBOL_RE.match(cleaned):
        raise ValueError(f"{symbol[:60]!r} is not a document symbol (such as A/RES/80/4 or S/RES/2790 (2025))")
    return cleaned


class BoundedRetry(Retry):
    """urllib3's retries, all within one fetch's deadline: a server's Retry-After and the
    back-off are capped, and no retry starts once the deadline has passed."""

    def __init__(self, *args, deadline: float = math.inf, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    def new(self, **kwargs):
        retry = super().new(**kwargs)
        retry.deadline = self.deadline
        return retry

    def is_exhausted(self) -> bool:
        return super().is_exhausted() or time.monotonic() >= self.deadline

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return None if seconds is None else self._within_deadline(min(seconds, settings.UN_FETCH_RETRY_AFTER_MAX))

    def get_backoff_time(self) -> float:
        return self._within_deadline(super().get_backoff_time())

    def _within_deadline(self, seconds: float) -> float:
        return max(0.0, min(seconds, self.deadline - time.monotonic()))


def _session(deadline: float):
    import requests
    from requests.adapters import HTTPAdapter

    retry = BoundedRetry(total=settings.UN_FETCH_RETRIES, connect=settings.UN_FETCH_RETRIES,
                         read=settings.UN_FETCH_RETRIES, status=settings.UN_FETCH_RETRIES,
                         backoff_factor=settings.UN_FETCH_BACKOFF, status_forcelist=(429, 500, 502, 503, 504),
                         allowed_methods=("GET",), raise_on_status=False, respect_retry_after_header=True,
                         deadline=deadline)
    session = requests.Session()
    session.headers["User-Agent"] = settings.UN_FETCH_USER_AGENT
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


@dataclass
class Attempt:
    """One GET and what came of it: logged (FetchLog) once it ends, however it ends."""

    url: str
    symbol: str
    started: float = field(default_factory=time.monotonic)
    outcome: str = ""
    status: int | None = None
    size: int = 0

    @property
    def deadline(self) -> float:
        return self.started + settings.UN_FETCH_DEADLINE

    def timeouts(self) -> tuple[float, float]:
        left = max(self.deadline - time.monotonic(), 0.1)
        return min(settings.UN_FETCH_CONNECT_TIMEOUT, left), min(settings.UN_FETCH_READ_TIMEOUT, left)

    def log(self) -> None:
        import logging

        from .models import FetchLog

        logging.getLogger(__name__).info("fetch %s (%s): %s", self.url, self.symbol, self.outcome)
        FetchLog.objects.create(url=self.url[:500], symbol=self.symbol[:60], outcome=self.outcome[:300],
                                status=self.status, size=self.size,
                                seconds=round(time.monotonic() - self.started, 3))


def get(url: str, symbol: str = "", limit: int | None = None):
    """(status, content type, body, final URL) of a GET, redirects followed within the allowed
    hosts, the body read up to the limit, all within UN_FETCH_DEADLINE; FetchFailed otherwise.
    Logged, whatever happens (a soft time limit included)."""
    import requests

    attempt = Attempt(url, symbol)
    try:
        with _follow_redirects(_session(attempt.deadline), attempt) as response:
            body = _read_body(response, attempt, limit or MAX_FILE_BYTES)
            status, kind, final = response.status_code, response.headers.get("Content-Type", ""), response.url
    except requests.RequestException as exc:
        if _timed_out(exc):
            attempt.outcome = "timed out"
            raise FetchFailed(f"{symbol or url}: the document system did not answer in time") from None
        attempt.outcome = f"failed: {exc.__class__.__name__}"
        raise FetchFailed(f"{symbol or url}: the document system could not be reached "
                          f"({exc.__class__.__name__})") from None
    except BaseException as exc:
        if not attempt.outcome:  # an interruption, a soft time limit
            attempt.outcome = f"stopped: {exc.__class__.__name__}"
        raise
    else:
        attempt.status, attempt.size = status, len(body)
        attempt.outcome = (f"answered {status}, {len(body):,} bytes, {kind or 'no type'}"
                           + (f", from {final}" if final != url else ""))
    finally:
        attempt.log()
    return status, kind, body, final


def _follow_redirects(session, attempt: Attempt):
    """The first answer that is no redirect. A redirect is followed only to an allowed host,
    and never from https to http: a document service must not turn the fetcher on this
    server's own ports or a cloud's metadata address."""
    url = attempt.url
    for _ in range(MAX_REDIRECTS + 1):
        response = session.get(url, timeout=attempt.timeouts(), stream=True, allow_redirects=False)
        if not response.is_redirect:
            return response
        target = urljoin(url, response.headers["Location"])
        response.close()
        if reason := refused_redirect(url, target):
            attempt.status, attempt.outcome = response.status_code, f"refused a redirect to {target}: {reason}"
            raise FetchFailed(f"{attempt.symbol or attempt.url}: the document system redirected to {reason}")
        url = target
    attempt.outcome = "refused: too many redirects"
    raise FetchFailed(f"{attempt.symbol or attempt.url}: the document system redirected too many times")


def refused_redirect(source: str, target: str) -> str:
    """Why a redirect from source to target is not followed, or '' where it may be."""
    source_parts, target_parts = urlsplit(source), urlsplit(target)
    if source_parts.scheme == "https" and target_parts.scheme != "https":
        return "an address that is not https"
    if target_parts.scheme not in ("http", "https"):
        return "an address that is not http"
    configured = {urlsplit(u).netloc.lower() for u in
                  (settings.UN_SYMBOL_URL, settings.UN_UNDOCS_URL, settings.UN_LIBRARY_SEARCH_URL) if u}
    host = (target_parts.hostname or "").lower()
    allowed_domain = target_parts.scheme == "https" and target_parts.port in (None, 443) and any(
        host == domain or host.endswith("." + domain) for domain in settings.UN_FETCH_ALLOWED_HOSTS)
    if target_parts.netloc.lower() in configured or allowed_domain:
        return ""
    return f"a host that is not the document system's ({host or 'none'})"


def _read_body(response, attempt: Attempt, limit: int) -> bytes:
    """The body, refused past the limit, whether declared or sent; a body still coming at the
    deadline (a server dripping a byte at a time) is cut off by closing its connection."""
    declared = _declared_length(response)
    if declared > limit:
        raise _too_large(attempt, response.status_code, declared, limit)
    watchdog = threading.Timer(max(attempt.deadline - time.monotonic(), 0), response.raw.shutdown)
    watchdog.start()
    body = bytearray()
    try:
        for chunk in response.iter_content(64 * 1024):
            body += chunk
            if len(body) > limit:
                raise _too_large(attempt, response.status_code, len(body), limit)
    except Exception:
        if time.monotonic() < attempt.deadline:
            raise
    finally:
        watchdog.cancel()
    if time.monotonic() >= attempt.deadline:
        attempt.status, attempt.size, attempt.outcome = response.status_code, len(body), "timed out"
        raise FetchFailed(f"{attempt.symbol or attempt.url}: the document system did not finish "
                          f"sending in {settings.UN_FETCH_DEADLINE:g} s")
    return bytes(body)


def _declared_length(response) -> int:
    try:
        return max(int(response.headers.get("Content-Length") or 0), 0)
    except ValueError:
        return 0  # not a number: the bytes that come are counted instead


def _timed_out(exc) -> bool:
    """A timeout, whether requests raised it as one or, once the retries ran out, as a
    ConnectionError around urllib3's MaxRetryError."""
    import requests
    from urllib3.exceptions import TimeoutError as Urllib3Timeout

    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(exc, requests.Timeout) or isinstance(reason, Urllib3Timeout)


def _too_large(attempt: Attempt, status: int, size: int, limit: int) -> FetchFailed:
    attempt.status, attempt.size = status, size
    attempt.outcome = f"refused: {size:,} bytes, larger than {size_words(limit)}"
    return FetchFailed(f"{attempt.symbol or attempt.url}: the file is larger than {size_words(limit)} "
                       f"({size_words(size)})")


def fetch_document(symbol: str) -> Fetched:
    """The English PDF (else Word file) of a symbol. NotYetIssued where no document has it yet;
    FetchFailed, with its reason, for anything else."""
    symbol = clean_symbol(symbol)
    reasons = []
    for file_type, suffix, magic in FILE_TYPES:
        for template in (settings.UN_SYMBOL_URL, settings.UN_UNDOCS_URL):
            if not template or ("{type}" not in template and file_type != "pdf"):
                continue
            url = template.format(symbol=quote(symbol, safe=""), type=file_type)
            status, kind, body, final = get(url, symbol)
            if status == 404 or (status == 200 and not body.strip()):
                raise NotYetIssued(f"{symbol}: no document has this symbol yet")
            if status != 200:
                reasons.append(f"answered {status}")
                continue
            if body.startswith(magic):
                name = re.sub(r"[^A-Za-z0-9]+", "_", symbol).strip("_") + suffix
                return Fetched(symbol, body, name, final)
            looks = "a web page" if b"<html" in body[:2048].lower() or "html" in kind else f"{kind or 'unknown'}"
            reasons.append(f"sent {looks} where a {file_type.upper()} file was expected")
    raise FetchFailed(f"{symbol}: the document system {'; '.join(dict.fromkeys(reasons)) or 'gave nothing'}")


def list_symbols(prefix: str) -> list[str] | None:
    """The symbols the Digital Library lists under a prefix ('A/RES/80/'), or None where the list
    cannot be had (an error, a bot challenge, not MARCXML): the caller then tries symbols in turn."""
    if not settings.UN_LIBRARY_SEARCH_URL:
        return None
    url = settings.UN_LIBRARY_SEARCH_URL.format(query=quote(f"191__a:{prefix}*", safe=""))
    try:
        status, _kind, body, _final = get(url, prefix)
    except FetchFailed:
        return None
    if status != 200 or not body.strip():
        return None
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(body)  # defused: no entity expansion from a remote answer
    except (ParseError, DefusedXmlException):
        return None
    found = []
    for datafield in root.iter(f"{MARC_NS}datafield"):
        if datafield.get("tag") == "191":
            for sub in datafield.iter(f"{MARC_NS}subfield"):
                if sub.get("code") == "a" and sub.text and sub.text.strip().startswith(prefix):
                    found.append(" ".join(sub.text.split()))
    return list(dict.fromkeys(found))
