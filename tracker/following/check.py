"""Following a session as it adopts: find newly issued resolutions, import them, tell followers.

1. Each followed session (a body's session, or year) is watched once, whoever follows it; a
   followed series is watched through the sessions of its latest resolution's body.
2. The symbols to look for come from the Digital Library's list where it answers, else are the
   next numbers in sequence after the highest seen, until FOLLOW_MISSES_IN_A_ROW in a row
   are not issued yet or fail ("not yet" is no error for a follower).
3. Each new symbol is imported as an upload would be (re-imports keep edits).
4. Each follower gets one email: what arrived of what they follow, and the new obligations
   that bind them (their delegation's, where their profile names a Member State).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from resolutions.fetching import NotYetIssued, list_symbols
from resolutions.models import Resolution
from resolutions.parsing.lexicon import bodies

from ..analysis import burden
from ..obligations.importing import ImportFailed, import_symbol
from ..models import Follow, Profile, SessionWatch
from ..reminders.sending import site_url

logger = logging.getLogger(__name__)


@dataclass
class Arrivals:
    """What a check of one session found: new resolutions, and what failed on the way."""

    body: str
    session: int
    imported: list[Resolution] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def symbol_for(body: str, session: int, number: int) -> str:
    """The Nth resolution's symbol: A/RES/80/4, A/HRC/RES/59/2, E/RES/2025/3, S/RES/2790 (2025)."""
    kind = bodies()[body]
    if kind.sessions == "none":  # the Security Council numbers its resolutions across years
        return kind.symbol_for(str(number), session)
    return kind.symbol_for(f"{session}/{number}")


@lru_cache(maxsize=64)
def _symbol_pattern(body: str, session: int) -> re.Pattern:
    """The session's symbols with their number as a group: built once, read against every stored symbol."""
    pattern = re.escape(symbol_for(body, session, 999999)).replace("999999", r"(\d+)")
    return re.compile(pattern.replace(r"\ ", r"\s*"))


def _number_of(body: str, session: int, symbol: str) -> int | None:
    """The resolution number a symbol of this session carries, or None for another session's."""
    match = _symbol_pattern(body, session).fullmatch(symbol.strip())
    return int(match.group(1)) if match else None


def _list_prefix(body: str, session: int) -> str | None:
    """What the Digital Library's symbols of this session start with; None where numbers run on."""
    if bodies()[body].sessions == "none":
        return None
    return symbol_for(body, session, 1)[:-1]


def highest_stored(body: str, session: int) -> int:
    numbers = [_number_of(body, session, s) for s in Resolution.objects.filter(body=body).values_list(
        "symbol", flat=True)]
    return max((n for n in numbers if n is not None), default=0)


def check_session(body: str, session: int, user=None) -> Arrivals:
    """Look for the session's new resolutions and import them (steps 2 and 3)."""
    watch, _ = SessionWatch.objects.get_or_create(body=body, session=session)
    start = max(watch.last_number, highest_stored(body, session))
    arrivals = Arrivals(body, session)
    prefix = _list_prefix(body, session)
    listed = list_symbols(prefix) if prefix else None
    if listed is not None:
        stored = set(Resolution.objects.filter(symbol__in=listed).values_list("symbol", flat=True))
        candidates = [s for s in listed if s not in stored]
    else:
        candidates = None
    number, misses = start, 0
    while True:
        if candidates is not None:
            if not candidates:
                break
            symbol = candidates.pop(0)
        else:
            if misses >= settings.FOLLOW_MISSES_IN_A_ROW:
                break
            number += 1
            symbol = symbol_for(body, session, number)
        try:
            result = import_symbol(symbol, user=user)
        except NotYetIssued:
            misses += 1
            continue
        except ImportFailed as exc:
            # Counted as a miss: a service in trouble fails every symbol, the look ends, and the
            # next check tries them again; one unreadable document among good ones is passed
            # over (and named in the session's outcome) instead of stopping the session for ever.
            arrivals.failed.append(str(exc))
            misses += 1
            continue
        misses = 0
        resolution = Resolution.objects.get(symbol=result.symbol)
        if result.created:
            arrivals.imported.append(resolution)
        found = _number_of(body, session, resolution.symbol)
        watch.last_number = max(watch.last_number, found or 0)
    watch.last_number = max(watch.last_number, start)
    watch.checked_at = timezone.now()
    watch.last_outcome = (f"{len(arrivals.imported)} new" + (f", {len(arrivals.failed)} failed: {arrivals.failed[0]}"
                                                             if arrivals.failed else ""))[:300]
    watch.save()
    return arrivals


def watched_sessions() -> set[tuple[str, int]]:
    """Every session a follow asks to watch: those followed, and each followed series' latest."""
    sessions = set(Follow.objects.filter(series__isnull=True).values_list("body", "session"))
    for series_id in Follow.objects.filter(series__isnull=False).values_list("series", flat=True).distinct():
        latest = (Resolution.objects.filter(series_id=series_id).exclude(body="").exclude(session=None)
                  .order_by("-adopted", "-session").values_list("body", "session").first())
        if latest and latest[0] in bodies():
            body, session = latest
            sessions |= {(body, session), (body, session + 1)}  # the next session may have begun
    return {(b, s) for b, s in sessions if b in bodies() and s}


def check_all() -> dict:
    """Steps 1 to 4 for every follow: returns counts of what arrived and who was told."""
    arrivals = [check_session(body, session) for body, session in sorted(watched_sessions())]
    new = [r for a in arrivals for r in a.imported]
    if new:
        burden.refresh([r.pk for r in new])
    told = 0
    for user_id in Follow.objects.values_list("user", flat=True).distinct():
        follows = list(Follow.objects.filter(user_id=user_id).select_related("user", "series"))
        user = follows[0].user
        theirs = [r for r in new if any(_follows(f, r) for f in follows)]
        if theirs and user.is_active and user.email:
            try:
                _tell(user, theirs)
                told += 1
            except Exception:  # noqa: BLE001 (one follower's mail server must not stop the others)
                logger.exception("could not tell user %s of %d new resolutions", user_id, len(theirs))
    return {"sessions": len(arrivals), "imported": len(new), "told": told,
            "failed": sum(len(a.failed) for a in arrivals)}


def _follows(follow: Follow, resolution: Resolution) -> bool:
    if follow.series_id:
        return resolution.series_id == follow.series_id
    return resolution.body == follow.body and (
        resolution.session == follow.session or _number_of(follow.body, follow.session, resolution.symbol) is not None)


def _tell(user, resolutions: list[Resolution]) -> None:
    """One email: each new resolution, its obligations, and those that bind the user."""
    state = Profile.of(user).member_state
    new = burden.asked().filter(resolution__in=resolutions)
    binding = set(new.binding(state).values_list("pk", flat=True)) if state else set()
    items = [{"resolution": r, "url": site_url(r.get_absolute_url()),
              "obligations": [(o, o.pk in binding) for o in new.filter(resolution=r).prefetch_related("addressees")]}
             for r in resolutions]
    context = {"user": user, "items": items, "state": state, "binding": len(binding),
               "follows_url": site_url(reverse("follows"))}
    subject = (f"{resolutions[0].symbol} adopted" if len(resolutions) == 1
               else f"{len(resolutions)} new resolutions of what you follow")
    message = EmailMultiAlternatives(subject=subject, body=render_to_string("tracker/email/arrivals.txt", context),
                                     to=[user.email])
    message.attach_alternative(render_to_string("tracker/email/arrivals.html", context), "text/html")
    message.send(fail_silently=False)
