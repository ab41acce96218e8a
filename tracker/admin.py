from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils.html import format_html

from .obligations.history import apply_edit, record_changes, snapshot
from .models import Evidence, Follow, Obligation, ObligationChange, OverlapPair, Reminder, SessionWatch


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fk_name = "obligation"
    fields = ("symbol", "noted_in")
    extra = 0


class ChangeInline(admin.TabularInline):
    model = ObligationChange
    fields = ("at", "user", "source", "field", "old", "new")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AssignOwnerForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=get_user_model().objects.filter(is_active=True), required=False,
                                   help_text="leave empty to unassign")


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ("resolution", "label", "verb", "addressee_list", "kind", "due_date", "status", "owner")
    list_filter = (
        "status", "kind", "verb_class", ("addressees", admin.RelatedOnlyFieldListFilter),
        "resolution__body", "resolution__session", "due_date", "open_ended",
    )
    search_fields = ("action", "clause_text", "resolution__symbol")
    autocomplete_fields = ("owner",)
    filter_horizontal = ("addressees",)
    list_select_related = ("resolution", "owner")
    readonly_fields = ("source_paragraph", "resolution", "label", "clause_text", "due_text", "edited_fields",
                       "implied_recurrence", "open_ended")
    fields = (
        "source_paragraph", "resolution", "label", "clause_text",
        "verb", "verb_class", "addressees", "kind", "action",
        ("due_date", "due_precision"), "due_text", "recurrence", "implied_recurrence", "open_ended", "mandate_of",
        "status", "owner", "edited_fields",
    )
    inlines = [EvidenceInline, ChangeInline]
    actions = ["assign_owner", "mark_open", "mark_in_progress", "mark_done", "mark_not_applicable"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("addressees")

    @admin.display(description="addressees")
    def addressee_list(self, obj):
        return "; ".join(a.name for a in obj.addressees.all())

    @admin.display(description="source paragraph")
    def source_paragraph(self, obj):
        if not obj.paragraph_id:
            return "(no longer in the text)"
        return format_html("<div style='max-width:60em;white-space:normal'>{}</div>", obj.paragraph.text)

    def save_model(self, request, obj, form, change):
        self._before = snapshot(Obligation.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and self._before is not None:
            record_changes(form.instance, self._before, request.user, ObligationChange.Source.ADMIN, mark_edited=True)

    def _set_status(self, request, queryset, status):
        for obligation in queryset:
            apply_edit(obligation, request.user, ObligationChange.Source.ADMIN, status=status)
        self.message_user(request, f"{queryset.count()} obligations set to {status.replace('_', ' ')}.")

    @admin.action(description="Set status: open", permissions=["change"])
    def mark_open(self, request, queryset):
        self._set_status(request, queryset, Obligation.Status.OPEN)

    @admin.action(description="Set status: in progress", permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._set_status(request, queryset, Obligation.Status.IN_PROGRESS)

    @admin.action(description="Set status: done", permissions=["change"])
    def mark_done(self, request, queryset):
        self._set_status(request, queryset, Obligation.Status.DONE)

    @admin.action(description="Set status: not applicable", permissions=["change"])
    def mark_not_applicable(self, request, queryset):
        self._set_status(request, queryset, Obligation.Status.NOT_APPLICABLE)

    @admin.action(description="Assign an owner", permissions=["change"])
    def assign_owner(self, request, queryset):
        if "apply" in request.POST:
            form = AssignOwnerForm(request.POST)
            if form.is_valid():
                owner = form.cleaned_data["owner"]
                for obligation in queryset:
                    apply_edit(obligation, request.user, ObligationChange.Source.ADMIN, owner=owner)
                self.message_user(request, f"{queryset.count()} obligations assigned.", messages.SUCCESS)
                return None
        else:
            form = AssignOwnerForm()
        return render(request, "admin/tracker/assign_owner.html", {
            **self.admin_site.each_context(request),
            "form": form, "obligations": queryset, "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("symbol", "obligation", "series", "noted_in", "created_at")
    search_fields = ("symbol",)
    raw_id_fields = ("obligation", "noted_in")


@admin.register(OverlapPair)
class OverlapPairAdmin(admin.ModelAdmin):
    """Found by the refresh, not typed: an admin may only mark a pair as no overlap (or undo the mark)."""

    list_display = ("first", "second", "similarity", "dismissed", "dismissed_by")
    list_filter = ("dismissed",)
    list_select_related = ("first__resolution", "second__resolution", "dismissed_by")
    search_fields = ("first__resolution__symbol", "second__resolution__symbol")
    fields = ("first", "second", "similarity", "dismissed", "dismissed_by", "dismissed_at")
    readonly_fields = ("first", "second", "similarity", "dismissed_by", "dismissed_at")

    def has_add_permission(self, request):
        return False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "body", "session", "series", "created_at")
    list_filter = ("body",)
    raw_id_fields = ("series",)


@admin.register(SessionWatch)
class SessionWatchAdmin(admin.ModelAdmin):
    """How far each followed session has been looked through; lower last_number to look again."""

    list_display = ("body", "session", "last_number", "checked_at", "last_outcome")


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Reminders as sent, waiting or refused: a failed one (the mail server refused it for
    good) is not retried, and its error says why."""

    list_display = ("obligation", "recipient", "deadline", "offset", "state", "attempts", "last_error")
    list_filter = ("state", "digest")
    list_select_related = ("obligation__resolution", "recipient")
    raw_id_fields = ("obligation", "recipient")
    readonly_fields = ("claim", "claimed_at", "attempts", "last_error", "created_at", "sent_at")
    search_fields = ("recipient__username", "recipient__email", "obligation__resolution__symbol")
