"""Reading resolutions: one laid out as a reader knows it, and a series side by side."""
from django.shortcuts import get_object_or_404, render
from django.utils.html import escape
from django.utils.safestring import mark_safe

from resolutions.models import Resolution, Series, undocs_url
from resolutions.parsing.words import SYMBOL_RE

from ..models import Evidence, Obligation
from ..obligations.comparing import compare, texts_of



def link_symbols(text: str) -> str:
    """Escaped text with every document symbol linked to its undocs.org page."""
    escaped = str(escape(text))
    return mark_safe(SYMBOL_RE.sub(
        lambda m: f'<a href="{undocs_url(m.group(0).rstrip(".-"))}">{m.group(0)}</a>'
        if any(ch.isdigit() for ch in m.group(0)) else m.group(0),
        escaped,
    ))


def resolution_detail(request, pk):
    resolution = get_object_or_404(Resolution.objects.select_related("series"), pk=pk)
    obligations = {}
    for o in resolution.obligations.prefetch_related("addressees").select_related("owner", "due_session"):
        obligations.setdefault(o.paragraph_id, []).append(o)
    sections = {s.first_paragraph: s for s in resolution.sections.all()}
    blocks = []
    for paragraph in resolution.paragraphs.all():
        blocks.append({
            "paragraph": paragraph,
            "section": sections.get(paragraph.number) if not paragraph.subparagraph else None,
            "obligations": obligations.get(paragraph.pk, []),
        })
    return render(request, "tracker/resolution_detail.html", {
        "resolution": resolution,
        "blocks": blocks,
        "footnotes": [(f, link_symbols(f.text)) for f in resolution.footnotes.all()],
        "withdrawn": [o for o in obligations.get(None, [])],
    })


def series_detail(request, pk):
    series = get_object_or_404(Series, pk=pk)
    resolutions = list(series.resolutions.order_by("session", "symbol").prefetch_related("paragraphs"))
    steps = []
    for previous, current in zip(resolutions, resolutions[1:]):
        operative = compare(texts_of(previous, "operative"), texts_of(current, "operative"))
        preamble = compare(texts_of(previous, "preambular"), texts_of(current, "preambular"))
        steps.append({
            "previous": previous, "current": current, "operative": operative, "preamble": preamble,
            "summary": {state: sum(1 for r in operative + preamble if r["state"] == state)
                        for state in ("unchanged", "changed", "new", "dropped")},
        })
    requests = (
        Obligation.objects.filter(resolution__series=series, kind=Obligation.Kind.REPORT)
        .select_related("resolution", "due_session").prefetch_related("addressees", "evidence")
        .order_by("resolution__session", "order")
    )
    implied = (Obligation.objects.filter(resolution__series=series).exclude(implied_recurrence="")
               .prefetch_related("implied_from").first())
    cadence = {"period": implied.implied_recurrence,
               "sources": sorted(implied.implied_from.all(), key=lambda r: r.adopted)} if implied else None
    return render(request, "tracker/series_detail.html", {
        "series": series,
        "cadence": cadence,
        "open_ended": Obligation.objects.filter(resolution__series=series, open_ended=True).count(),
        "resolutions": resolutions,
        "steps": steps,
        "requests": requests,
        "unmatched_evidence": Evidence.objects.filter(series=series, obligation=None).select_related("noted_in"),
    })
