"""A session's page: the reports due there, the agenda items coming back, the mandates ending,
what capitals must send and the resolutions adopted, each list exported; and the sessions
open now, body by body."""
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from resolutions.models import SessionCalendar
from resolutions.parsing.lexicon import calendars

from ..exports.rows import csv_response, xlsx_response
from ..obligations.sessions import LISTS, Session, why_missing

TITLES = {
    "reports": "Reports due",
    "agenda": "Items coming back on the agenda",
    "mandates": "Mandates ending before or during the session",
    "member_states": "What capitals must send",
}
EXPORTS = {"csv": csv_response, "xlsx": xlsx_response}


def session_index(request):
    """Each body's session open now, with the one before and the next."""
    today, corrections = timezone.localdate(), SessionCalendar.objects.corrections()
    sessions = [s for s in (Session.current(body, today, corrections) for body in calendars()) if s]
    return render(request, "tracker/sessions.html", {"sessions": sessions, "today": today})


def session_detail(request, body, number):
    session = Session.of(body, number)
    if session is None:
        return missing(request, body, number)
    lists = [(name, TITLES[name], getattr(session, name)()) for name in LISTS]
    earlier, later = session.neighbours()
    return render(request, "tracker/session.html", {
        "session": session, "lists": lists, "resolutions": session.resolutions(),
        "earlier": earlier, "later": later, "today": timezone.localdate(),
    })


def session_export(request, body, number, name, fmt):
    """One list of the session as CSV or Excel, the columns of the list's own exports."""
    session = Session.of(body, number)
    if session is None or name not in LISTS or fmt not in EXPORTS:
        raise Http404("No such session or list")
    return EXPORTS[fmt](request, getattr(session, name)(), filename=f"{body}-{number}-{name}.{fmt}")


def missing(request, body, number):
    """A body without a calendar, or a session the calendar cannot place: said, with the bodies it knows."""
    return render(request, "tracker/session_missing.html", {
        "message": why_missing(body, number), "bodies": [(key, cal["name"]) for key, cal in calendars().items()],
    }, status=404)
