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
answers (urllib3's Retry), and logged (resolutions.FetchLog) with its URL and outcome.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings

from .limits import MAX_FILE_BYTES, size_words

SYMBOL_RE = re.compile(r"^[A-Z]{1,4}(?:/[A-Z0-9][A-Za-z0-9.\-]*){1,5}(?:\s*\(\d{4}\))?$")
MARC_NS = "{http://www.loc.gov/MARC21/slim}"
FILE_TYPES = (("pdf", ".pdf", b"%PDF"), ("doc", ".docx", b"PK\x03\x04"))


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


def _session():
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    retry = Retry(total=settings.UN_FETCH_RETRIES, connect=settings.UN_FETCH_RETRIES,
                  read=settings.UN_FETCH_RETRIES, status=settings.UN_FETCH_RETRIES,
                  backoff_factor=settings.UN_FETCH_BACKOFF, status_forcelist=(429, 500, 502, 503, 504),
                  allowed_methods=("GET",), raise_on_status=False, respect_retry_after_header=True)
    session = requests.Session()
    session.headers["User-Agent"] = settings.UN_FETCH_USER_AGENT
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


def _log(url: str, symbol: str, outcome: str, status: int | None = None, size: int = 0, started: float = 0.0):
    import logging

    from .models import FetchLog

    logging.getLogger(__name__).info("fetch %s (%s): %s", url, symbol, outcome)
    FetchLog.objects.create(url=url[:500], symbol=symbol[:60], outcome=outcome[:300], status=status, size=size,
                            seconds=round(time.monotonic() - started, 3) if started else 0)


def get(url: str, symbol: str = "", limit: int | None = None):
    """(status, content type, body, final URL) of a GET, redirects followed, the body read up to
    the limit; FetchFailed on a timeout or refused connection after the retries. Logged."""
    import requests

    limit = limit or MAX_FILE_BYTES
    started = time.monotonic()
    try:
        with _session().get(url, timeout=(settings.UN_FETCH_CONNECT_TIMEOUT, settings.UN_FETCH_READ_TIMEOUT),
                            stream=True, allow_redirects=True) as response:
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > limit:
                raise _too_large(url, symbol, response.status_code, declared, limit, started)
            body = bytearray()
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > limit:
                    raise _too_large(url, symbol, response.status_code, len(body), limit, started)
            status, kind, final = response.status_code, response.headers.get("Content-Type", ""), response.url
    except requests.RequestException as exc:
        if _timed_out(exc):
            _log(url, symbol, "timed out", started=started)
            raise FetchFailed(f"{symbol or url}: the document system did not answer in time") from None
        _log(url, symbol, f"failed: {exc.__class__.__name__}", started=started)
        raise FetchFailed(f"{symbol or url}: the document system could not be reached "
                          f"({exc.__class__.__name__})") from None
    _log(url, symbol, f"answered {status}, {len(body):,} bytes, {kind or 'no type'}"
         + (f", from {final}" if final != url else ""), status, len(body), started)
    return status, kind, bytes(body), final


def _timed_out(exc) -> bool:
    """A timeout, whether requests raised it as one or, once the retries ran out, as a
    ConnectionError around urllib3's MaxRetryError."""
    import requests
    from urllib3.exceptions import TimeoutError as Urllib3Timeout

    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(exc, requests.Timeout) or isinstance(reason, Urllib3Timeout)


def _too_large(url, symbol, status, size, limit, started) -> FetchFailed:
    _log(url, symbol, f"refused: larger than {size_words(limit)}", status, size, started)
    return FetchFailed(f"{symbol or url}: the file is larger than {size_words(limit)}")


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
    for field in root.iter(f"{MARC_NS}datafield"):
        if field.get("tag") == "191":
            for sub in field.iter(f"{MARC_NS}subfield"):
                if sub.get("code") == "a" and sub.text and sub.text.strip().startswith(prefix):
                    found.append(" ".join(sub.text.split()))
    return list(dict.fromkeys(found))
