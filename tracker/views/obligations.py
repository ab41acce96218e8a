"""The staff dashboard: what is due, overdue, mine; the list, one obligation, exports, bulk changes."""
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from resolutions.models import Resolution
from resolutions.parsing.lexicon import member_states

from ..lib.counts import CountKeptPaginator, count_once_per_version, page_cache_keys
from ..exports.rows import csv_response, xlsx_response
from ..obligations.current import CurrentFirst
from ..obligations.filters import ObligationFilter
from ..forms import BulkForm, ObligationForm, ProfileForm
from .highlight import highlight_clause
from ..obligations.history import (StaleVersion, add_evidence, add_label, apply_edit, apply_edit_if_current,
                                   remove_evidence, remove_label)
from ..models import (Evidence, Label, Obligation, ObligationChange, ObligationTally, OverlapPair, Profile,
                      SavedView, open_condition, overdue_condition)
from ..permissions import can_edit, staff_required
from ..reminders.links import read_mark_done_token
from ..obligations.wording import ask_sentence

PAGE_SIZE = 50
TO_SEND_SHOWN = 15  # My delegation: what the capital must send next; the rest in its list
NAMED_SHOWN = 25  # My delegation: what names the State itself; the rest in its list
SORTABLE = {"due": "due", "resolution": "resolution", "status": "status", "kind": "kind"}


def dashboard(request):
    today = timezone.localdate()
    obligations = Obligation.objects.all()
    counts = count_once_per_version(f"home {today}", lambda: home_counts(today))
    soon_from, soon_to = today.isoformat(), (today + timedelta(days=30)).isoformat()
    context = {
        "counts": counts,
        "links": {
            "open": "?status=open&status=in_progress",
            "due_soon": f"?status=open&status=in_progress&due_from={soon_from}&due_to={soon_to}&order=due",
            "overdue": "?overdue=true",  # the most recent first
            "done": "?status=done",
        },
        "mine": CurrentFirst(obligations.open().filter(owner=request.user).rows(), today)[:10],
        "overdue": obligations.overdue(today).rows().order_by("-due_by")[:10],  # the most recent first
        "due_next": obligations.open().filter(due_by__gte=today).rows().order_by("due_by", "pk")[:10],
        "recent": Resolution.objects.order_by("-imported_at")[:8],
        # The lists are read and rendered once per version of the obligations, as the list's rows are.
        "kept": page_cache_keys(request),
    }
    return render(request, "tracker/dashboard.html", context)


def home_counts(today) -> dict[str, int]:
    """Open, due in 30 days, overdue, done: read from the tally (lib/tally.py), a few
    thousand rows however many obligations there are."""
    return ObligationTally.objects.totals(
        open=open_condition(),
        due_soon=open_condition() & Q(due_by__gte=today, due_by__lte=today + timedelta(days=30)),
        overdue=overdue_condition(today),
        done=Q(status=Obligation.Status.DONE),
    )


def filtered(request, data=None) -> ObligationFilter:
    """The list's filter over its rows; by due date (undated last) unless another order is asked."""
    return ObligationFilter(request.GET if data is None else data, queryset=Obligation.objects.rows(),
                            user=request.user)


def obligation_list(request):
    filterset = filtered(request)
    if filterset.errors:
        messages.error(request, "Some filters could not be read; nothing is listed until they are corrected.")
    page = CountKeptPaginator(filterset.listed(), PAGE_SIZE, tally=filterset.tallied()).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "tracker/obligation_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(), "sort": sort_links(request),
        # The bulk form is built only where its kept part is rendered anew, not on every request.
        "bulk": can_edit(request.user), "bulk_form": SimpleLazyObject(BulkForm) if can_edit(request.user) else None,
        "kept": page_cache_keys(request),
        "saved_views": SavedView.objects.visible_to(request.user),
    })


def sort_links(request) -> dict[str, str]:
    """Each column header's link: that order, or its reverse if it is the one in force."""
    links = {}
    for column, name in SORTABLE.items():
        query = request.GET.copy()
        query.pop("page", None)
        query["order"] = f"-{name}" if request.GET.get("order") == name else name
        links[column] = "?" + query.urlencode()
    return links


def obligation_csv(request):
    """Exactly the filtered set, streamed a few hundred rows at a time; nothing where a filter could not be read."""
    return csv_response(request, filtered(request).listed())


def obligation_xlsx(request):
    """The filtered set as an Excel workbook (exports.rows.xlsx_response)."""
    return xlsx_response(request, filtered(request).listed())


@staff_required
@require_POST
def bulk_update(request):
    """Assign an owner or set a status for the selected rows or the whole filtered set;
    each change is recorded in its obligation's history."""
    form = BulkForm(request.POST)
    back = reverse("obligations") + "?" + request.POST.get("query", "")
    if not form.is_valid():
        messages.error(request, "Choose an owner or a status to apply, and which obligations.")
        return redirect(back)
    if form.cleaned_data["scope"] == BulkForm.ALL_FILTERED:
        filterset = filtered(request, QueryDict(request.POST.get("query", "")))
        chosen = filterset.qs if not filterset.errors else Obligation.objects.none()
        if not request.POST.get("confirmed"):  # a whole filter is changed only once its size is seen
            return render(request, "tracker/bulk_confirm.html", {
                "count": chosen.count(), "values": form.values(), "back": back,
                "fields": [(name, value) for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"
                           for value in values]})
    else:
        chosen = Obligation.objects.filter(pk__in=request.POST.getlist("ids"))
        if not request.POST.getlist("ids"):
            messages.error(request, "Tick the rows to change first, or choose every row of this filter.")
            return redirect(back)
    values = form.values()
    changed = 0
    with transaction.atomic():
        for obligation in chosen.select_related(None).prefetch_related(None).select_for_update(of=("self",)):
            changed += bool(apply_edit(obligation, request.user, ObligationChange.Source.STAFF, **values))
    messages.success(request, f"{changed} obligation{'s' if changed != 1 else ''} changed.")
    return redirect(back)


def mark_done(request, pk, token):
    """A reminder email's "mark done" link: a page that asks to confirm (GET changes nothing),
    then the change, made as the one the email went to, in the obligation's history."""
    obligation = get_object_or_404(Obligation.objects.with_resolution(), pk=pk)
    refused = read_mark_done_token(token, obligation.pk, request.user.pk)
    if not refused and not can_edit(request.user):
        refused = "Only staff can mark an obligation done."
    if refused:
        messages.error(request, f"{refused} Mark it done on its page.")
        return redirect(obligation)
    if request.method == "POST":
        with transaction.atomic():
            current = Obligation.objects.select_for_update().get(pk=pk)
            if current.status != Obligation.Status.DONE:
                apply_edit(current, request.user, ObligationChange.Source.STAFF, status=Obligation.Status.DONE)
        messages.success(request, f"{obligation.resolution.symbol}, paragraph {obligation.label}: done.")
        return redirect(obligation)
    return render(request, "tracker/mark_done.html", {"obligation": obligation, "ask": ask_sentence(
        obligation, obligation.addressees.all())})


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
    """Save the form if nobody changed the obligation meanwhile; else keep what was typed.

    The version is compared under a row lock, so of two saves at once one wins and
    the other is told, with its entries still in the form.
    """
    form = ObligationForm(request.POST, instance=Obligation.objects.get(pk=obligation.pk))
    if not form.is_valid():
        return _detail_page(request, obligation, form, True, status=400)
    values = {f: form.cleaned_data[f] for f in ("status", "owner", "due_date", "internal_due")}
    try:
        changed = apply_edit_if_current(obligation.pk, form.cleaned_data["version"], request.user,
                                        ObligationChange.Source.STAFF, note=form.cleaned_data["note"], **values)
    except StaleVersion as stale:
        messages.error(request, "Someone changed this obligation while you were editing it: it is shown "
                                "as it now stands, and what you typed is kept in the form. Save again to apply it.")
        kept = request.POST.copy()
        kept["version"] = stale.current.version
        return _detail_page(request, stale.current, ObligationForm(kept, instance=stale.current), True, status=409)
    messages.success(request, f"Saved: {', '.join(f.replace('_', ' ') for f in changed)}." if changed
                     else "Nothing changed.")
    return redirect(obligation.get_absolute_url())


@require_POST
@staff_required
def evidence_add(request, pk):
    """Name a document that answers the obligation: a symbol or a web address."""
    obligation = get_object_or_404(Obligation, pk=pk)
    try:
        evidence = add_evidence(obligation, request.user, request.POST.get("reference", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Evidence added: {evidence.symbol}.")
    return redirect(obligation.get_absolute_url())


@require_POST
@staff_required
def label_add(request, pk):
    """Tag the obligation with a label of the team's: one already used, or a new one."""
    obligation = get_object_or_404(Obligation, pk=pk)
    if label := add_label(obligation, request.user, request.POST.get("name", "")):
        messages.success(request, f"Labelled “{label.name}”.")
    else:
        messages.error(request, "Name the label first.")
    return redirect(obligation)


@require_POST
@staff_required
def label_remove(request, pk, label_pk):
    obligation = get_object_or_404(Obligation, pk=pk)
    label = get_object_or_404(obligation.labels, pk=label_pk)
    remove_label(obligation, request.user, label)
    messages.success(request, f"Label “{label.name}” taken off.")
    return redirect(obligation)


@require_POST
@staff_required
def evidence_remove(request, pk, evidence_pk):
    """Take a document back from the obligation's evidence."""
    evidence = get_object_or_404(Evidence, pk=evidence_pk, obligation_id=pk)
    remove_evidence(evidence, request.user)
    messages.success(request, f"Evidence removed: {evidence.symbol}.")
    return redirect(evidence.obligation.get_absolute_url())


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
        "ask": ask_sentence(obligation, addressees),
        "paragraph_html": highlight_clause(paragraph, obligation, addressees) if paragraph else "",
        "footnotes": footnotes,
        "evidence": obligation.evidence.select_related("noted_in"),
        "labels": obligation.labels.all(),
        "label_names": Label.objects.values_list("name", flat=True) if editable else [],
        "series_evidence": obligation.resolution.series.evidence.filter(obligation=None)
        if obligation.resolution.series_id and obligation.kind == Obligation.Kind.REPORT else [],
        "changes": obligation.changes.select_related("user"),
        "notes": obligation.thread.select_related("author"),
        "form": form,
        "editable": editable,
        "overdue": obligation.is_overdue(),
        "implied_from": obligation.implied_from.order_by("adopted") if obligation.implied_recurrence else [],
        "overlaps": [(pair, pair.second if pair.first_id == obligation.pk else pair.first)
                     for pair in OverlapPair.objects.filter(Q(first=obligation) | Q(second=obligation), dismissed=False)
                     .select_related("first__resolution", "second__resolution")],
    }, status=status)


def my_delegation(request):
    """What binds the user's State: what is asked of Member States (and States parties, all
    States), and what names that State ('the Government of ...', its short forms)."""
    state = Profile.of(request.user).member_state
    forms = member_states().get(state, ())
    data = request.GET.copy()
    data.setdefault("binding", "mine")  # the list's filters, order and exports, over what binds the State
    filterset = filtered(request, data)
    page = CountKeptPaginator(filterset.listed(), PAGE_SIZE).get_page(request.GET.get("page"))
    data.pop("page", None)
    today = timezone.localdate()
    current = Obligation.objects.open().rows()
    return render(request, "tracker/my_delegation.html", {
        "state": state, "page": page, "filter": filterset, "naming": forms, "kept": page_cache_keys(request),
        "query": data.urlencode(), "today": today,
        # Read only where the kept parts are rendered anew.
        "to_send": current.binding(state).filter(kind=Obligation.Kind.REPORT, due_by__gte=today)
                          .order_by("due_by", "resolution__symbol", "order")[:TO_SEND_SHOWN],
        "named": CurrentFirst(current.naming(state), today)[:NAMED_SHOWN],
    })


def search(request):
    """The header's search box: resolutions by symbol or title, obligations by their words."""
    words = request.GET.get("q", "").strip()
    resolutions = Resolution.objects.none()
    obligations = Obligation.objects.none()
    found = ObligationFilter({"q": words}, queryset=Obligation.objects.rows(), user=request.user)
    errors = found.errors.get("q", []) if words else []
    if words and not errors:
        resolutions = Resolution.objects.found_by(words).defer("source_text")[:50]
        obligations = found.listed()[:50]
    return render(request, "tracker/search.html", {"q": words, "errors": errors, "resolutions": resolutions,
                                                   "obligations": obligations})


def profile(request):
    """The user's name and the Member State they serve."""
    profile = Profile.of(request.user)
    initial = {"first_name": request.user.first_name, "last_name": request.user.last_name,
               "member_state": profile.member_state}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        request.user.first_name = form.cleaned_data["first_name"]
        request.user.last_name = form.cleaned_data["last_name"]
        request.user.save(update_fields=["first_name", "last_name"])
        profile.member_state = form.cleaned_data["member_state"]
        profile.save()
        messages.success(request, "Your profile is saved.")
        return redirect("profile")
    return render(request, "tracker/profile.html", {"form": form})
