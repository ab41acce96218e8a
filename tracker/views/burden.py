"""The "Reporting burden" page: reports asked per year, by body and addressee, recurring and
open-ended, the busiest series and the requests that may overlap; each figure downloadable."""
import csv
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from resolutions.models import Actor, Resolution

from ..analysis.burden import TABLES, asked
from ..exports.excel import Sheet
from ..exports.rows import safe_row
from ..models import Obligation, OverlapPair
from ..permissions import can_edit, staff_required

PAIRS_PER_PAGE = 25


def burden_page(request):
    tables = [make() for make in TABLES.values()]
    people = Prefetch("addressees", queryset=Actor.objects.only("name"))
    pairs = (OverlapPair.objects.filter(dismissed=False)
             .select_related("first__resolution", "first__paragraph", "second__resolution", "second__paragraph")
             .prefetch_related(Prefetch("first__addressees", queryset=people.queryset),
                               Prefetch("second__addressees", queryset=people.queryset)))
    page = Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    for pair in page:
        shared = {a.name for a in pair.first.addressees.all()} & {a.name for a in pair.second.addressees.all()}
        pair.shared = sorted(shared)
    counted = asked()
    return render(request, "tracker/burden.html", {
        "tables": tables,
        "pairs": page,
        "dismissed": OverlapPair.objects.filter(dismissed=True).count(),
        "can_edit": can_edit(request.user),
        "totals": {
            "reports": counted.filter(kind=Obligation.Kind.REPORT).count(),
            "recurring": counted.filter(kind=Obligation.Kind.REPORT).recurring().count(),
            "open_ended": counted.filter(open_ended=True).count(),
            "implied": counted.exclude(implied_recurrence="").count(),
            "resolutions": Resolution.objects.count(),
        },
    })


def burden_table(request, name, fmt):
    """One figure's numbers as CSV or as an Excel sheet."""
    if name not in TABLES or fmt not in ("csv", "xlsx"):
        raise Http404("no such figure")
    table = TABLES[name]()
    filename = f"reporting-burden-{name}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(table.columns)
        writer.writerows([safe_row(row) for row in table.rows])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    sheet = Sheet(name, table.columns)
    for row in table.rows:
        sheet.append(safe_row(row))
    return sheet.response(f"{filename}.xlsx")


@staff_required
@require_POST
def dismiss_overlap(request, pk):
    """Staff mark a pair as no overlap: it leaves the list, and later refreshes keep the mark."""
    pair = get_object_or_404(OverlapPair, pk=pk)
    OverlapPair.objects.filter(pk=pair.pk).update(dismissed=True, dismissed_by=request.user,
                                                  dismissed_at=timezone.now())
    messages.success(request, f"{pair.first.resolution.symbol} para {pair.first.label} and "
                              f"{pair.second.resolution.symbol} para {pair.second.label}: marked as not an overlap.")
    return redirect(reverse("burden") + "#overlaps")
