"""The staff dashboard: what is due, overdue, mine; the list, one obligation, CSV."""
import csv
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from resolutions.models import Resolution

from ..filters import ObligationFilter
from ..forms import ObligationForm, version_of
from ..highlight import highlight_clause
from ..history import apply_edit
from ..models import OPEN_STATUSES, Obligation, ObligationChange, overdue_condition
from ..permissions import can_edit, staff_required

PAGE_SIZE = 50


def dashboard(request):
    today = timezone.localdate()
    obligations = Obligation.objects.all()
    counts = obligations.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        due_soon=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_date__gte=today,
                                      due_date__lte=today + timedelta(days=30))),
        overdue=Count("pk", filter=overdue_condition(today)),
        done=Count("pk", filter=Q(status=Obligation.DONE)),
    )
    soon_from, soon_to = today.isoformat(), (today + timedelta(days=30)).isoformat()
    context = {
        "counts": counts,
        "links": {
            "open": "?status=open&status=in_progress",
            "due_soon": f"?status=open&status=in_progress&due_from={soon_from}&due_to={soon_to}&order=due",
            "overdue": "?overdue=true&order=due",
            "done": "?status=done",
        },
        "mine": obligations.open().filter(owner=request.user).rows().order_by("due_date")[:10],
        "overdue": obligations.overdue(today).rows().order_by("due_date")[:10],
        "due_next": obligations.open().filter(due_date__gte=today).rows().order_by("due_date")[:10],
        "recent": Resolution.objects.order_by("-imported_at")[:8],
    }
    return render(request, "tracker/dashboard.html", context)


def filtered(request):
    queryset = Obligation.objects.rows()
    if "order" not in request.GET:
        queryset = queryset.order_by("due_date", "resolution__symbol", "order")
    return ObligationFilter(request.GET, queryset=queryset, user=request.user)


def obligation_list(request):
    filterset = filtered(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "tracker/obligation_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(),
    })


class Echo:
    def write(self, value):
        return value


CSV_COLUMNS = ["body", "resolution", "paragraph", "verb", "verb class", "addressees", "kind", "action", "due",
               "precision", "deadline words", "recurrence", "status", "owner", "overdue", "link"]


def obligation_csv(request):
    """Exactly the filtered set, streamed."""
    filterset = filtered(request)
    writer = csv.writer(Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for o in filterset.qs.iterator(chunk_size=1000):
            yield writer.writerow([
                o.resolution.body, o.resolution.symbol, o.label, o.verb, o.verb_class, "; ".join(a.name for a in o.addressees.all()),
                o.kind, o.action, o.due_date or "", o.due_precision, o.due_text, o.recurrence, o.status,
                o.owner.get_username() if o.owner else "", "yes" if o.is_late else "",
                request.build_absolute_uri(o.get_absolute_url()),
            ])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="obligations.csv"'
    return response


def obligation_detail(request, pk):
    obligation = get_object_or_404(
        Obligation.objects.select_related("resolution__series", "paragraph", "owner", "due_session"), pk=pk
    )
    editable = can_edit(request.user)
    if request.method == "POST":
        return _update(request, obligation)
    form = ObligationForm(instance=obligation) if editable else None
    return _detail_page(request, obligation, form, editable)


@staff_required
def _update(request, obligation):
    form = ObligationForm(request.POST, instance=Obligation.objects.get(pk=obligation.pk))
    if form.is_valid():
        if form.cleaned_data["version"] != version_of(obligation):
            messages.error(request, "Someone changed this obligation while you were editing it. "
                                    "Here it is as it now stands; make your change again.")
            return redirect(obligation.get_absolute_url())
        values = {f: form.cleaned_data[f] for f in ("status", "owner", "due_date", "notes")}
        changed = apply_edit(obligation, request.user, ObligationChange.STAFF, **values)
        messages.success(request, f"Saved: {', '.join(f.replace('_', ' ') for f in changed)}." if changed
                         else "Nothing changed.")
        return redirect(obligation.get_absolute_url())
    return _detail_page(request, obligation, form, True, status=400)


def _detail_page(request, obligation, form, editable, status=200):
    addressees = list(obligation.addressees.all())
    paragraph = obligation.paragraph
    footnotes = []
    if paragraph:
        numbers = {int(n) for n, _ in paragraph.footnote_markers}
        footnotes = [f for f in obligation.resolution.footnotes.all() if f.number in numbers]
    return render(request, "tracker/obligation_detail.html", {
        "obligation": obligation,
        "addressees": addressees,
        "paragraph_html": highlight_clause(paragraph, obligation, addressees) if paragraph else "",
        "footnotes": footnotes,
        "evidence": obligation.evidence.select_related("noted_in"),
        "series_evidence": obligation.resolution.series.evidence.filter(obligation=None)
        if obligation.resolution.series_id and obligation.kind == Obligation.REPORT else [],
        "changes": obligation.changes.select_related("user"),
        "form": form,
        "editable": editable,
        "overdue": obligation.is_overdue(),
    }, status=status)
