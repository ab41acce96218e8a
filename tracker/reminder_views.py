"""Each user's own reminder settings: nobody sees or changes another's."""
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render

from .models import ReminderPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["mode"]
        widgets = {"mode": forms.RadioSelect}
        labels = {"mode": "Send me"}


def reminder_settings(request):
    preference, _ = ReminderPreference.objects.get_or_create(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Reminders: {preference.get_mode_display()}.")
        return redirect("reminder_settings")
    upcoming = request.user.reminders.select_related("obligation__resolution").order_by("-created_at")[:20]
    return render(request, "tracker/reminder_settings.html", {
        "form": form, "reminders": upcoming, "offsets": [d for d in settings.REMINDER_OFFSETS if d > 0],
    })
