from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from .models import Obligation

UPLOAD_SUFFIXES = (".txt", ".pdf", ".docx")


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
    file = forms.FileField(help_text="A resolution as .txt, .pdf or .docx, up to 20 MB.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError("Upload a .txt, .pdf or .docx file.")
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB.")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload
