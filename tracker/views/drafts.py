"""Drafts checked before adoption: pasted or uploaded, read against what was adopted, kept for
the one who checked them until they delete them, and a brief to send to capital."""
import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from resolutions.parsing import ParseError

from ..analysis.drafts import as_data, check_draft, read_draft
from ..forms import DraftForm
from ..models import Draft

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def draft_list(request):
    """Check a new draft; the drafts this user checked before."""
    form = DraftForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            parsed = read_draft(text)  # checked against what was adopted on its own page
        except ParseError as exc:
            form.add_error(None, f"This draft cannot be read: {exc}")
        else:
            draft = Draft.keep(request.user, text, parsed.title)
            return redirect(draft)
    return render(request, "tracker/drafts.html", {"form": form, "drafts": request.user.drafts.all()},
                  status=400 if form.is_bound and form.errors else 200)


def draft_detail(request, pk):
    draft = get_object_or_404(Draft, pk=pk, user=request.user)
    return render(request, "tracker/draft.html", {"draft": draft, "check": check_draft(draft.text)})


@require_POST
def draft_delete(request, pk):
    draft = get_object_or_404(Draft, pk=pk, user=request.user)
    draft.delete()
    messages.success(request, f"Deleted “{draft}”.")
    return redirect("drafts")


def draft_brief(request, pk):
    """A page or two to send to capital, as Word: what the draft asks, what it repeats, where it
    overlaps, what it leaves open-ended, what its addressees already owe."""
    from docx import Document

    draft = get_object_or_404(Draft, pk=pk, user=request.user)
    data = as_data(check_draft(draft.text))
    document = Document()
    document.add_heading(data["title"] or "Draft resolution", level=1)
    previous = data["series"]["previous"]
    document.add_paragraph(f"Follows {previous}; {data['repeated_share']:.0%} of its operative words repeat it."
                           if previous else "Follows no adopted resolution in the tracker.")
    document.add_heading("What it asks", level=2)
    for o in data["obligations"]:
        document.add_paragraph(f"Para. {o['paragraph']}: {o['verb']} {'; '.join(o['addressees'])} {o['action']}"
                               + (f" (by {o['due_text']})" if o["due_text"] else ""), style="List Bullet")
    document.add_heading("Overlaps with open requests", level=2)
    for o in data["overlaps"] or [{"none": True}]:
        document.add_paragraph("None found." if "none" in o else
                               f"Para. {o['paragraph']} reads like {o['existing']['resolution']}, para. "
                               f"{o['existing']['paragraph']} ({o['similarity']:.0%} alike).", style="List Bullet")
    document.add_heading("Open-ended, and already due", level=2)
    for o in data["open_ended"]:
        document.add_paragraph(f"Para. {o['paragraph']}: {o['kind']} {o['recurrence']} with no review or end clause.",
                               style="List Bullet")
    for row in data["load"]:
        document.add_paragraph(f"{row['addressee']} already owes {row['already_due']} report(s) at that session "
                               f"(para. {row['paragraph']}).", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    response = HttpResponse(out.getvalue(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="draft-{draft.pk}-brief.docx"'
    return response
