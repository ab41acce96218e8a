from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from resolutions.limits import ACCEPTED_SUFFIXES, ACCEPTED_WORDS, size_words

from .models import Obligation, ReminderPreference


class ObligationForm(forms.ModelForm):
    """What staff change on an obligation. `version` catches a colleague's edit made meanwhile."""

    version = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Obligation
        fields = ["status", "owner", "due_date", "notes"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["status"].choices = [c for c in Obligation.STATUSES if c[0] != Obligation.WITHDRAWN] + (
            [(Obligation.WITHDRAWN, "withdrawn")] if self.instance.status == Obligation.WITHDRAWN else []
        )
        self.initial.setdefault("version", version_of(self.instance))


def version_of(obligation) -> str:
    return obligation.updated_at.isoformat() if obligation.updated_at else ""


class UploadForm(forms.Form):
    file = forms.FileField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"A resolution as {ACCEPTED_WORDS}, up to {size_words(settings.MAX_UPLOAD_BYTES)}."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(f"Upload a {ACCEPTED_WORDS} file.")
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file is larger than {size_words(settings.MAX_UPLOAD_BYTES)}.")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["mode"]
        widgets = {"mode": forms.RadioSelect}
        labels = {"mode": "Send me"}
