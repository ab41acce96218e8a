from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from resolutions import language
from resolutions.documents import read_bytes
from resolutions.fetching import clean_symbol
from resolutions.limits import ACCEPTED_SUFFIXES, ACCEPTED_WORDS, size_words
from resolutions.models import Series
from resolutions.parsing.lexicon import bodies, member_states

from .models import Obligation, ReminderPreference
from .obligations.filters import series_input, typed_id


MAX_DRAFT_CHARS = 500_000  # a draft longer than any resolution is no draft


class ObligationForm(forms.ModelForm):
    """What staff change on an obligation. `version` catches a colleague's edit made meanwhile."""

    version = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Add a note",
                           help_text="kept in the thread below with your name and the time; @login emails "
                                     "that colleague")

    class Meta:
        model = Obligation
        fields = ["status", "owner", "due_date", "internal_due"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "internal_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        current = self.instance.status  # withdrawn or superseded: shown as it is, until a person reopens it
        kept = [(current, current)] if current in (Obligation.Status.WITHDRAWN, Obligation.Status.SUPERSEDED) else []
        self.fields["status"].choices = Obligation.Status.settable() + kept
        self.initial.setdefault("version", self.instance.version)


def checked_upload(upload):
    """A file of a type the tracker reads, neither empty nor too large; ValidationError else."""
    if Path(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
        raise forms.ValidationError(f"Upload a {ACCEPTED_WORDS} file.")
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise forms.ValidationError(f"The file is larger than {size_words(settings.MAX_UPLOAD_BYTES)}.")
    if upload.size == 0:
        raise forms.ValidationError("The file is empty.")
    return upload


class UploadForm(forms.Form):
    file = forms.FileField()
    read_as = forms.CharField(max_length=60, required=False, label="Its symbol, if the text prints none",
                              help_text="Else the file's name is read for one: A_RES_42_211.txt.",
                              widget=forms.TextInput(attrs={"placeholder": "A/RES/42/211"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"A resolution as {ACCEPTED_WORDS}, up to {size_words(settings.MAX_UPLOAD_BYTES)}."

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"])

    def clean_read_as(self):
        given = self.cleaned_data["read_as"].strip()
        try:
            return clean_symbol(given) if given else ""
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class SymbolForm(forms.Form):
    symbol = forms.CharField(max_length=60, label="Import by symbol",
                             help_text="Fetched from the UN's official document system: A/RES/80/4, "
                                       "S/RES/2790 (2025), A/HRC/RES/59/2, E/RES/2025/1.",
                             widget=forms.TextInput(attrs={"placeholder": "A/RES/80/4"}))

    def clean_symbol(self):
        try:
            return clean_symbol(self.cleaned_data["symbol"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class SeriesField(forms.ModelChoiceField):
    """One series, by its title (any case) or its number."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Series.objects.all(), widget=series_input(), **kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        pk = typed_id(value)
        found = self.queryset.filter(pk=pk) if pk is not None else self.queryset.filter(title__iexact=value)
        if not found:
            raise forms.ValidationError("No series has that title: choose one of those offered as you type.")
        return found.first()

    def prepare_value(self, value):
        return value.title if isinstance(value, Series) else value


class FollowForm(forms.Form):
    """A body's session (or year), or a series: one of the two."""

    body = forms.ChoiceField(required=False, choices=[("", "—")] + [
        (b.name, b.name) for b in bodies().values() if b.symbol.startswith(("A/", "S/", "E/"))])
    session = forms.IntegerField(required=False, min_value=1, max_value=2100,
                                 help_text="the Nth session; for ECOSOC and the Security Council, the year")
    series = SeriesField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("series") and (data.get("body") or data.get("session")):
            raise forms.ValidationError("Follow a session or a series, not both at once.")
        if not data.get("series") and not (data.get("body") and data.get("session")):
            raise forms.ValidationError("Choose a body and its session (or year), or a series.")
        return data


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["mode", "team_digest"]
        widgets = {"mode": forms.RadioSelect}
        labels = {"mode": "Send me"}


class ProfileForm(forms.Form):
    """A user's name (emails greet them by it) and the Member State they serve."""

    first_name = forms.CharField(required=False, max_length=150)
    last_name = forms.CharField(required=False, max_length=150)
    member_state = forms.ChoiceField(required=False, label="My delegation", help_text=(
        "The Member State you serve: 'My delegation' shows what binds it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_state"].choices = [("", "none (I serve no delegation)")] + [
            (name, name) for name in member_states()]


class BulkForm(forms.Form):
    """What to change on many obligations at once, and on which."""

    SELECTED = "selected"
    ALL_FILTERED = "filtered"

    owner = forms.ModelChoiceField(queryset=None, required=False, empty_label="keep each owner")
    unassign = forms.BooleanField(required=False, label="no owner")
    status = forms.ChoiceField(required=False)
    scope = forms.ChoiceField(choices=[(SELECTED, "the selected rows"), (ALL_FILTERED, "every row of this filter")],
                              initial=SELECTED, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["status"].choices = [("", "keep each status")] + Obligation.Status.settable()

    def clean(self):
        data = super().clean()
        if not (data.get("owner") or data.get("unassign") or data.get("status")):
            raise forms.ValidationError("Choose an owner or a status to apply.")
        return data

    def values(self) -> dict:
        data, values = self.cleaned_data, {}
        if data.get("owner") or data.get("unassign"):
            values["owner"] = None if data.get("unassign") else data["owner"]
        if data.get("status"):
            values["status"] = data["status"]
        return values


class LanguageForm(forms.Form):
    """Words to find agreed language for, and where to look."""

    q = forms.CharField(label="Words", max_length=language.MAX_CHARS, widget=forms.Textarea(attrs={"rows": 4}),
                        help_text="a sentence or a paragraph, as you would draft it")
    body = forms.ChoiceField(required=False, choices=[("", "any body")] + [(b, b) for b in bodies()])
    year_from = forms.IntegerField(required=False, min_value=language.YEARS[0], max_value=language.YEARS[1],
                                   label="Adopted from")
    year_to = forms.IntegerField(required=False, min_value=language.YEARS[0], max_value=language.YEARS[1], label="to")
    kind = forms.ChoiceField(required=False, label="Paragraph",
                             choices=[("", "any"), ("operative", "operative"), ("preambular", "preambular")])


class DraftForm(forms.Form):
    """A draft to check: pasted, or a file (text, PDF, Word)."""

    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 10}), label="Paste the draft",
                           max_length=MAX_DRAFT_CHARS)
    file = forms.FileField(required=False, label="or upload it", help_text=f"{ACCEPTED_WORDS}")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        return checked_upload(upload) if upload else None

    def clean(self):
        data = super().clean()
        if "file" in self.errors:
            return data  # the file's own error says it
        upload = data.get("file")
        if upload:
            try:
                data["text"] = read_bytes(upload.read(), upload.name)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from None
        if not data.get("text", "").strip():
            raise forms.ValidationError("Paste the draft or upload it.")
        return data

