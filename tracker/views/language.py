"""Agreed language: the adopted paragraphs most like the words a delegate drafts, each with
what differs marked and a citation ready to paste."""
from django.shortcuts import render

from resolutions.language import agreed_language

from ..forms import LanguageForm


def language(request):
    form = LanguageForm(request.GET or None)
    found = []
    if form.is_valid():
        data = form.cleaned_data
        found = agreed_language(data["q"], data["body"], data["year_from"], data["year_to"], data["kind"])
    return render(request, "tracker/language.html", {"form": form, "found": found},
                  status=400 if form.is_bound and not form.is_valid() else 200)
