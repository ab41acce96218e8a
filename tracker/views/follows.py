"""What a user follows: sessions and series whose new resolutions are fetched as they are issued."""
from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..forms import FollowForm
from ..models import Follow, SessionWatch


def follow_list(request):
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            Follow.objects.create(user=request.user, series=data["series"], body=data["body"] if not data["series"]
                                  else "", session=data["session"] if not data["series"] else None)
            messages.success(request, "Followed: its new resolutions will be fetched as they are issued, and you "
                                      "will hear of them in one email.")
        except IntegrityError:
            messages.info(request, "You already follow it.")
        return redirect("follows")
    follows = list(request.user.follows.select_related("series"))
    watches = {(w.body, w.session): w for w in SessionWatch.objects.all()}
    for follow in follows:
        follow.watch = watches.get((follow.body, follow.session))
    return render(request, "tracker/follows.html", {"form": form, "follows": follows},
                  status=400 if form.is_bound else 200)


@require_POST
def unfollow(request, pk):
    get_object_or_404(Follow, pk=pk, user=request.user).delete()
    messages.success(request, "No longer followed.")
    return redirect("follows")
