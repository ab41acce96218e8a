from django.contrib import admin

from .models import Actor, FetchLog, Footnote, Paragraph, Resolution, Section, SessionCalendar, Series


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    fields = ("order", "kind", "number", "subparagraph", "section", "text")
    extra = 0
    show_change_link = False


class FootnoteInline(admin.TabularInline):
    model = Footnote
    fields = ("number", "text", "symbols")
    extra = 0


class SectionInline(admin.TabularInline):
    model = Section
    fields = ("order", "number", "title", "first_paragraph")
    extra = 0


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ("symbol", "body", "title", "session", "adopted", "series", "imported_at")
    list_filter = ("body", "session")
    search_fields = ("symbol", "title", "agenda_item")
    readonly_fields = ("imported_at", "updated_at", "source_name", "source_url")  # where the file came from
    exclude = ("source_text",)
    inlines = [SectionInline, ParagraphInline, FootnoteInline]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("title", "key")
    search_fields = ("title",)


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "group")
    list_filter = ("group",)
    search_fields = ("name", "acronym")


@admin.register(SessionCalendar)
class SessionCalendarAdmin(admin.ModelAdmin):
    list_display = ("body_name", "number", "opens", "precision", "source")
    list_filter = ("body_name", "source")
    search_fields = ("body_name",)

    def save_model(self, request, obj, form, change):
        if form.changed_data and "source" not in form.changed_data:
            obj.source = SessionCalendar.Source.CORRECTED  # an administrator's date is a correction
        super().save_model(request, obj, form, change)


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    """Every request made to the UN's document system, read-only."""

    list_display = ("at", "symbol", "url", "status", "outcome", "size", "seconds")
    list_filter = ("status",)
    search_fields = ("symbol", "url", "outcome")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
