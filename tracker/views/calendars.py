"""Deadlines in time: a month view on the site and a private iCalendar feed per user."""
import calendar
from datetime import date, datetime, timedelta, timezone as dt_timezone

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from ..models import CalendarFeed, Obligation


def month_view(request):
    today = timezone.localdate()
    try:
        year, month = map(int, request.GET.get("month", f"{today:%Y-%m}").split("-"))
        first = date(year, month, 1)
    except ValueError:
        raise Http404("no such month")
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    due = (
        Obligation.objects.exclude(status=Obligation.WITHDRAWN)
        .filter(due_date__gte=weeks[0][0], due_date__lte=weeks[-1][-1]).rows()
    ).order_by("due_date", "resolution__symbol")
    by_day = {}
    for obligation in due:
        by_day.setdefault(obligation.due_date, []).append(obligation)
    previous = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return render(request, "tracker/calendar.html", {
        "first": first, "today": today, "previous": previous, "next": following,
        "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
    })


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
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    obligations = Obligation.objects.exclude(status__in=[Obligation.WITHDRAWN, Obligation.NOT_APPLICABLE]).filter(
        due_date__isnull=False
    )
    if request.GET.get("all") != "1":
        obligations = obligations.filter(owner=feed.user)
    cal = Calendar()
    cal.add("prodid", "-//Mandate Tracker//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Mandate Tracker" if request.GET.get("all") == "1" else f"Mandate Tracker: {feed.user}")
    stamp = datetime.now(dt_timezone.utc)
    for o in obligations.rows().order_by("due_date"):
        event = Event()
        event.add("uid", f"obligation-{o.pk}@mandate-tracker")
        event.add("dtstamp", stamp)
        event.add("dtstart", o.due_date)
        event.add("summary", f"{o.resolution.symbol} para {o.label}: {o.kind} due ({o.get_status_display()})")
        precision = f" (the {o.due_precision} only is known)" if o.due_precision in ("month", "year") else ""
        event.add("description", f"{o.verb} {'; '.join(a.name for a in o.addressees.all())} {o.action}\n"
                                 f"Due {o.due_text or o.due_date}{precision}.")
        event.add("url", request.build_absolute_uri(o.get_absolute_url()))
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    return response
