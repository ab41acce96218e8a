"""Each user's own reminder settings: nobody sees or changes another's."""
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render

from ..forms import PreferenceForm
from ..models import ReminderPreference


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
