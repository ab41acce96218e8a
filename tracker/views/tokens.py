"""A user's API tokens: made and named here, shown once, revoked here; nobody sees another's."""
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="what it is for, e.g. 'intranet sync'")


def token_list(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _, new_key = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = TokenForm()
    return render(request, "tracker/api_tokens.html", {
        "form": form, "tokens": request.user.api_tokens.all(), "new_key": new_key,
    })


@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.delete()
    messages.success(request, f"The token “{token.name}” is revoked; it no longer opens the API.")
    return redirect("api_tokens")
