"""What a user follows: sessions and series whose new resolutions are fetched as they are issued."""
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..forms import FollowForm
from ..obligations.filters import series_titles
from ..models import Follow, SessionWatch


def follow_list(request):
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        what = {"series": data["series"]} if data["series"] else {"body": data["body"], "session": data["session"],
                                                                   "series": None}
        try:
            with transaction.atomic():
                _, created = Follow.objects.get_or_create(user=request.user, **what)
        except IntegrityError:  # the same follow made at the same moment in another tab
            created = False
        if created:
            messages.success(request, "Followed: its new resolutions will be fetched as they are issued, and you "
                                      "will hear of them in one email.")
        else:
            messages.info(request, "You already follow it.")
        return redirect("follows")
    follows = list(request.user.follows.select_related("series"))
    watches = {(w.body, w.session): w for w in SessionWatch.objects.all()}
    for follow in follows:
        follow.watch = watches.get((follow.body, follow.session))
    return render(request, "tracker/follows.html", {"form": form, "follows": follows, "series_titles": series_titles()},
                  status=400 if form.is_bound else 200)


@require_POST
def unfollow(request, pk):
    get_object_or_404(Follow, pk=pk, user=request.user).delete()
    messages.success(request, "No longer followed.")
    return redirect("follows")
