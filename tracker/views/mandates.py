"""The Mandates page: what ends in the next 30 to 365 days, every one still running, or those
lapsed without renewal, by body, and what renewed each."""
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from resolutions.parsing.lexicon import bodies

from ..lib.counts import CountKeptPaginator, page_cache_keys
from ..models import MANDATE_VIEWS, Evidence, Obligation

WINDOWS = (30, 90, 180, 365)
SHOWS = dict(zip(MANDATE_VIEWS, ("ending within", "running", "lapsed without renewal")))
PAGE_SIZE = 100  # mandates a page, in body order: a real window holds dozens, a page never thousands
UNKNOWN_BODY = "unknown body"
SHOWN = ("mandate_of", "action", "due_date", "due_by", "label", "status", "resolution__symbol", "resolution__body",
         "owner__username")


def mandate_list(request):
    """Mandates ending within the window (or running, or lapsed), grouped by the body that
    must renew them. A renewed one stays listed, with the resolution that renewed it (its evidence).
    """
    try:
        within = int(request.GET.get("within", 90))
    except ValueError:
        within = 90
    within = within if within in WINDOWS else 90
    show = request.GET.get("show", "ending")
    show = show if show in SHOWS else "ending"
    body = request.GET.get("body", "")
    today = timezone.localdate()
    mandates = (
        Obligation.objects.mandates(show, today, within)
        .select_related("resolution", "owner")
        # What the page shows, not the whole rows: a resolution's row holds its text.
        .only(*SHOWN)
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.only("symbol", "obligation", "noted_in")))
    )
    mandates = mandates.order_by("resolution__body", *mandates.query.order_by)
    if body:
        mandates = mandates.filter(resolution__body="" if body == UNKNOWN_BODY else body)
    page = CountKeptPaginator(mandates, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tracker/mandates.html", {
        # Read and grouped only where the kept rendering is made anew: once per version of the obligations.
        "groups": SimpleLazyObject(lambda: by_body(page, today)), "within": within, "windows": WINDOWS, "body": body,
        "show": show, "shows": SHOWS,
        "bodies": [*bodies(), UNKNOWN_BODY], "count": page.paginator.count, "page": page, "kept": page_cache_keys(request),
    })


def by_body(page, today) -> list[tuple[str, list]]:
    """The page's mandates grouped by body, each with its days left and its renewals."""
    groups: dict[str, list] = {}
    for mandate in page:
        mandate.days_left = (mandate.due_by - today).days  # below zero where it lapsed
        mandate.renewals = [e for e in mandate.evidence.all() if e.noted_in_id]
        groups.setdefault(mandate.resolution.body or UNKNOWN_BODY, []).append(mandate)
    return sorted(groups.items())
