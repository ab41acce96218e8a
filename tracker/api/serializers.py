"""What the API shows of each thing, and what it takes to change an obligation."""
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from resolutions import language
from resolutions.models import Footnote, Paragraph, Resolution, Series
from resolutions.parsing.lexicon import bodies

from ..models import Evidence, ImportJob, Note, Obligation, Reminder
from ..obligations.superseding import cited
from ..obligations.wording import deadline_words, due_for_export


class ObligationSerializer(serializers.ModelSerializer):
    """Every field the list shows."""

    resolution = serializers.CharField(source="resolution.symbol", read_only=True)
    body = serializers.CharField(source="resolution.body", read_only=True)
    paragraph = serializers.CharField(source="label", read_only=True)
    addressees = serializers.SerializerMethodField()
    due = serializers.SerializerMethodField(help_text="the deadline as precise as it is known: 2009-09-15, 2009-03, 2008")
    deadline = serializers.SerializerMethodField(help_text="in words: '15 Sep 2009 · GA 64th session'")
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField(help_text="past its deadline, still owed, answered by no evidence")
    due_precision = serializers.CharField(read_only=True, help_text="day, month or year; empty with no deadline")
    version = serializers.SerializerMethodField(help_text="send it back with a change: a stale one is refused (409)")
    superseded_by = serializers.SerializerMethodField(
        help_text="where status is superseded: the later request of the series that asks again "
                  "({id, resolution, paragraph, citation}), else null")
    url = serializers.HyperlinkedIdentityField(view_name="api:obligation-detail")
    labels = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True,
                                          help_text="the team's labels (filter with ?label=)")

    class Meta:
        model = Obligation
        fields = ["id", "url", "resolution", "body", "paragraph", "verb", "verb_class", "addressees", "kind",
                  "action", "due_date", "due_precision", "due", "deadline", "due_text", "recurrence", "mandate_of",
                  "internal_due", "status", "superseded_by", "owner", "overdue", "labels", "version"]
        read_only_fields = fields

    def get_addressees(self, obligation) -> list[str]:
        return [a.name for a in obligation.addressees.all()]

    def get_overdue(self, obligation) -> bool:
        return bool(getattr(obligation, "is_late", False))

    def get_due(self, obligation) -> str:
        return due_for_export(obligation.due_date, obligation.due_precision)

    def get_deadline(self, obligation) -> str:
        return deadline_words(obligation)

    def get_version(self, obligation) -> str:
        return obligation.version

    def get_superseded_by(self, obligation) -> dict | None:
        later = obligation.superseded_by
        if later is None:
            return None
        return {"id": later.pk, "resolution": later.resolution.symbol, "paragraph": later.label,
                "citation": cited(later)}


class SessionItemSerializer(ObligationSerializer):
    """An obligation on a session's list, with where its resolution stands and what answered it."""

    committee = serializers.CharField(source="resolution.committee", read_only=True,
                                      help_text="the Main Committee of its resolution; empty for the plenary")
    agenda_item = serializers.CharField(source="resolution.agenda_item", read_only=True, allow_null=True)
    evidence = serializers.SerializerMethodField(
        help_text="the documents that answered it (a report) or renewed it (a mandate)")

    class Meta(ObligationSerializer.Meta):
        fields = [*ObligationSerializer.Meta.fields, "committee", "agenda_item", "evidence"]
        read_only_fields = fields

    def get_evidence(self, obligation) -> list[str]:
        return [e.symbol for e in obligation.evidence.all()]


class SessionSerializer(serializers.Serializer):
    """A session as a delegation prepares it (tracker.obligations.sessions)."""

    body = serializers.CharField(help_text="the calendar's key: general-assembly")
    number = serializers.IntegerField(help_text="the Nth session, or the year where the body names sessions so")
    name = serializers.CharField()
    opens = serializers.DateField()
    closes = serializers.DateField(help_text="the day before the next session opens")
    reports = SessionItemSerializer(many=True, help_text="reports due at the session")
    agenda = SessionItemSerializer(many=True, help_text="items coming back on its agenda")
    mandates = SessionItemSerializer(many=True, help_text="mandates ending before or during it")
    member_states = SessionItemSerializer(many=True, help_text="what capitals must send, by date")
    resolutions = serializers.SerializerMethodField(help_text="the symbols of the resolutions it adopted, as far "
                                                              "as imported")

    def get_resolutions(self, session) -> list[str]:
        return list(session.resolutions().values_list("symbol", flat=True))


class ObligationChangeSerializer(serializers.Serializer):
    """A change staff make: any of status, owner, due date; with the version they saw."""

    version = serializers.CharField()
    status = serializers.ChoiceField(choices=Obligation.Status.settable(), required=False)
    owner = serializers.SlugRelatedField(slug_field="username", allow_null=True, required=False,
                                         queryset=get_user_model().objects.filter(is_active=True))
    due_date = serializers.DateField(allow_null=True, required=False)
    internal_due = serializers.DateField(allow_null=True, required=False,
                                         help_text="the team's own deadline: reminders count down to it")


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Note
        fields = ["id", "text", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class EvidenceSerializer(serializers.ModelSerializer):
    noted_in = serializers.SlugRelatedField(slug_field="symbol", read_only=True, allow_null=True)
    link = serializers.CharField(source="url", read_only=True)

    class Meta:
        model = Evidence
        fields = ["id", "symbol", "obligation", "series", "noted_in", "link", "created_at"]
        read_only_fields = ["id", "obligation", "series", "noted_in", "link", "created_at"]
        extra_kwargs = {"symbol": {"help_text": "a document symbol (A/79/123) or a web address (https://...)"}}

    def validate_symbol(self, value):
        try:
            return Evidence.clean_reference(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class ParagraphSerializer(serializers.ModelSerializer):
    class Meta:
        model = Paragraph
        fields = ["kind", "number", "subparagraph", "section", "text"]


class FootnoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Footnote
        fields = ["number", "text", "symbols"]


class ResolutionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:resolution-detail")
    link = serializers.CharField(source="url", read_only=True, help_text="its page on undocs.org")

    class Meta:
        model = Resolution
        fields = ["id", "url", "symbol", "body", "title", "session", "adopted", "meeting", "agenda_item",
                  "committee", "series", "recalls", "noted_reports", "warnings", "link"]


class ResolutionDetailSerializer(ResolutionSerializer):
    paragraphs = ParagraphSerializer(many=True, read_only=True)
    footnotes = FootnoteSerializer(many=True, read_only=True)

    class Meta(ResolutionSerializer.Meta):
        fields = ResolutionSerializer.Meta.fields + ["paragraphs", "footnotes"]


class SeriesSerializer(serializers.ModelSerializer):
    resolutions = serializers.SlugRelatedField(slug_field="symbol", many=True, read_only=True)

    class Meta:
        model = Series
        fields = ["id", "title", "resolutions"]


class ReminderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reminder
        fields = ["id", "obligation", "deadline", "offset", "digest", "state", "sent_at"]


class ImportJobSerializer(serializers.ModelSerializer):
    resolution = serializers.SlugRelatedField(slug_field="symbol", read_only=True, allow_null=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:import-detail")

    class Meta:
        model = ImportJob
        fields = ["id", "url", "name", "symbol", "state", "message", "resolution", "created_at", "finished_at"]


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text="a resolution as .txt, .pdf or .docx")
    symbol = serializers.CharField(required=False, help_text="or a symbol to fetch from the UN's document system "
                                                             "(A/RES/80/4, S/RES/2790 (2025))")
    read_as = serializers.CharField(required=False, help_text="the symbol to read the file as if its text prints "
                                                              "none (else its name is read for one)")


class LanguageQuerySerializer(serializers.Serializer):
    """What agreed language to find: the words, and where to look."""

    q = serializers.CharField(max_length=language.MAX_CHARS, help_text="a sentence or a paragraph, as drafted")
    body = serializers.ChoiceField(choices=list(bodies()), required=False, allow_blank=True)
    year_from = serializers.IntegerField(required=False, min_value=language.YEARS[0], max_value=language.YEARS[1])
    year_to = serializers.IntegerField(required=False, min_value=language.YEARS[0], max_value=language.YEARS[1])
    kind = serializers.ChoiceField(choices=["operative", "preambular"], required=False, allow_blank=True)


class AgreedLanguageSerializer(serializers.Serializer):
    """An adopted paragraph like the words, with its citation and what differs."""

    symbol = serializers.CharField(source="paragraph.resolution.symbol")
    paragraph = serializers.CharField(source="paragraph.label", help_text="empty for a preambular paragraph")
    kind = serializers.CharField(source="paragraph.kind")
    text = serializers.CharField(source="paragraph.text")
    adopted = serializers.DateField(source="paragraph.resolution.adopted", allow_null=True)
    body = serializers.CharField(source="paragraph.resolution.body")
    score = serializers.FloatField(help_text="the share of the words it holds in order, 0 to 1")
    citation = serializers.CharField(help_text="ready to paste: 'A/RES/79/161, para. 30'")
    differs = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()),
                                    help_text="[start, end] character spans of its text the words do not hold")


class AgreedLanguageResultsSerializer(serializers.Serializer):
    results = AgreedLanguageSerializer(many=True, help_text="best first")


class DraftTextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500_000, help_text="the draft's text, as pasted")

