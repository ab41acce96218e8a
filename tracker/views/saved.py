"""Saved views: the list's filters kept under a name, a person's own or shared with the team."""
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from ..models import SavedView


@require_POST
def save_view(request):
    """Keep the list's filters (its address, without the page) under a name; the same name
    again replaces what it holds."""
    query = QueryDict(request.POST.get("query", ""), mutable=True)
    query.pop("page", None)
    name = " ".join(request.POST.get("name", "").split())[:80]
    if not name:
        messages.error(request, "Name the view to save it.")
        return redirect(f"{SavedView(query=query.urlencode()).get_absolute_url()}")
    shared = request.POST.get("shared") == "on"
    try:
        with transaction.atomic():
            view, _ = SavedView.objects.update_or_create(owner=request.user, name=name,
                                                         defaults={"query": query.urlencode(), "shared": shared})
    except IntegrityError:  # the same name saved at the same moment in another tab
        view = SavedView.objects.get(owner=request.user, name=name)
    messages.success(request, f"Saved “{view.name}”{' for the team' if view.shared else ''}.")
    return redirect(view)


@require_POST
def delete_view(request, pk):
    """A person deletes their own views, not the team's others."""
    view = get_object_or_404(SavedView, pk=pk, owner=request.user)
    view.delete()
    messages.success(request, f"Deleted “{view.name}”.")
    return redirect("obligations")
