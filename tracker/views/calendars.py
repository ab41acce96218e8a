"""Deadlines in time: a month view on the site and a private iCalendar feed per user."""
import calendar
import re
from datetime import date, datetime, timedelta, timezone as dt_timezone

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from resolutions.models import SessionCalendar
from resolutions.parsing.lexicon import calendars

from ..models import CalendarFeed, Obligation
from ..obligations.sessions import Session


MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def month_view(request):
    """A month of deadlines. Dated to the day on their day; dated only to the month or the
    year above the grid, never on an invented day. A bad ?month= goes back to this month."""
    today = timezone.localdate()
    match = MONTH_RE.match(request.GET.get("month", f"{today:%Y-%m}"))
    if not match or not (1900 <= int(match.group(1)) <= 2999 and 1 <= int(match.group(2)) <= 12):
        messages.error(request, "That is no month (write it as 2026-03); here is this one.")
        return redirect("calendar")
    first = date(int(match.group(1)), int(match.group(2)), 1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    due = (
        Obligation.objects.exclude(status=Obligation.Status.WITHDRAWN)
        .filter(due_by__gte=min(weeks[0][0], first), due_by__lte=max(weeks[-1][-1], last)).rows()
    ).order_by("due_by", "resolution__symbol")
    by_day, this_month = {}, []
    for obligation in due:  # "in March" and "in 2026" are due by the month's and the year's end
        if obligation.due_precision in ("month", "year"):
            if first <= obligation.due_by <= last:
                this_month.append(obligation)
        else:
            by_day.setdefault(obligation.due_by, []).append(obligation)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    upcoming = Obligation.objects.open().filter(due_by__gte=today).order_by("due_by").values_list(
        "due_by", flat=True).first()
    opening = sessions_opening(first, last)
    return render(request, "tracker/calendar.html", {
        "first": first, "today": today, "previous": previous, "next": following, "this_month": this_month,
        "weeks": [[(day, by_day.get(day, []), opening.get(day, [])) for day in week] for week in weeks],
        "upcoming": upcoming, "sessions": [s for day in sorted(opening) for s in opening[day]],
    })


def sessions_opening(first: date, last: date) -> dict[date, list[Session]]:
    """The sessions of every body the calendar knows that open between two days, by day."""
    opening, corrections = {}, SessionCalendar.objects.corrections()
    for body in calendars():
        session = Session.current(body, first - timedelta(days=1), corrections)
        while session and session.opens <= last:
            if session.opens >= first:
                opening.setdefault(session.opens, []).append(session)
            session = Session.of(body, session.number + 1, corrections)
    return opening


def feed_settings(request):
    feed = CalendarFeed.for_user(request.user)
    url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
    return render(request, "tracker/feed_settings.html", {"feed": feed, "url": url, "url_all": url + "?all=1"})


@require_POST
def revoke_feed(request):
    CalendarFeed.for_user(request.user).revoke()
    messages.success(request, "Your calendar address was replaced; the old one no longer works.")
    return redirect("feed_settings")


@login_not_required
def feed(request, token):
    """The token is the key: no login, only its user's calendar, dead once revoked."""
    if not TOKEN_RE.fullmatch(token):
        raise Http404("no such calendar")  # never a query with what no token can be (a NUL byte...)
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    obligations = Obligation.objects.exclude(status__in=[Obligation.Status.WITHDRAWN, Obligation.Status.NOT_APPLICABLE]).filter(
        due_date__isnull=False
    )
    if request.GET.get("all") != "1":
        obligations = obligations.filter(owner=feed.user)
    cal = Calendar()
    cal.add("prodid", "-//Mandate Tracker//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Mandate Tracker" if request.GET.get("all") == "1" else f"Mandate Tracker: {feed.user}")
    stamp = datetime.now(dt_timezone.utc)
    for o in obligations.rows().order_by("due_by"):
        event = Event()
        event.add("uid", f"obligation-{o.pk}@mandate-tracker")
        event.add("dtstamp", stamp)
        event.add("dtstart", o.due_by)  # an all-day item on the day it is due by: a year's or month's last
        when = {"year": f" in {o.due_date:%Y}", "month": f" in {o.due_date:%B %Y}"}.get(o.due_precision, "")
        event.add("summary", f"{o.resolution.symbol} para {o.label}: {o.kind} due{when} ({o.get_status_display()})")
        precision = f" (the {o.due_precision} only is known)" if o.due_precision in ("month", "year") else ""
        event.add("description", f"{o.verb} {'; '.join(a.name for a in o.addressees.all())} {o.action}\n"
                                 f"Due {o.due_text or o.due_date}{precision}.")
        event.add("url", request.build_absolute_uri(o.get_absolute_url()))
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    return response
