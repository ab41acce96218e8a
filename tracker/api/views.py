"""The API's endpoints: the same querysets, filters and edits as the pages."""

from django.conf import settings
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from resolutions.language import agreed_language
from resolutions.parsing import ParseError
from resolutions.models import Resolution, Series

from ..exports.rows import csv_response
from ..obligations.filters import ObligationFilter
from ..forms import SymbolForm, UploadForm
from ..obligations.history import StaleVersion, add_evidence, apply_edit_if_current, remove_evidence
from ..analysis.drafts import as_data, check_draft
from ..obligations.sessions import Session, why_missing
from ..models import MANDATE_VIEWS, Draft, Evidence, ImportJob, Obligation, ObligationChange, Reminder
from ..permissions import can_edit
from ..tasks import enqueue
from . import serializers
from .renderers import CSVRenderer


class ResolutionViewSet(viewsets.ReadOnlyModelViewSet):
    """Resolutions, newest session first; one with its paragraphs and footnotes."""

    queryset = Resolution.objects.all().order_by("-session", "symbol")

    def get_serializer_class(self):
        return serializers.ResolutionDetailSerializer if self.action == "retrieve" else serializers.ResolutionSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.prefetch_related("paragraphs", "footnotes") if self.action == "retrieve" else queryset


class CSVListMixin:
    """`?format=csv` gives the whole filtered list, not a page of it, streamed by the list
    page's own export (no serializer a row), up to API_CSV_MAX_ROWS rows."""

    renderer_classes = [JSONRenderer, CSVRenderer]

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != "csv":
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        count = queryset.count()
        if count > settings.API_CSV_MAX_ROWS:
            raise ValidationError({"format": f"{count:,} rows: a CSV gives at most {settings.API_CSV_MAX_ROWS:,}; "
                                             "narrow the filters, or read the JSON pages"})
        return csv_response(request, queryset)


class ListedFilterBackend(DjangoFilterBackend):
    """The list's filters and its order: current work first unless another order is asked
    (ObligationFilter.listed), read a page at a time as the list page reads it."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return filterset.listed()


class ObligationViewSet(CSVListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Obligations, with every filter of the list (its FilterSet), in the list's order.

    A list holds current work (open, in progress) unless `history=true` (done, answered,
    superseded, withdrawn too) or a `status` is asked for. Its default order: upcoming by
    due date from today, then past deadlines the most recent first, then undated; with
    `overdue=true`, the most recent first. `order=due`, `-due`, `resolution`, `status`,
    `kind` (and their `-`) sort otherwise. A year- or month-only deadline is due at its end.

    Staff change one with PATCH (status, owner, due date, and the version they read: a stale
    version is refused with 409), add a note or evidence; each change is in its history.
    """

    queryset = Obligation.objects.rows()
    serializer_class = serializers.ObligationSerializer
    filter_backends = [ListedFilterBackend]
    filterset_class = ObligationFilter

    def filter_queryset(self, queryset):
        """The list's filters and order for lists; one obligation is found whatever its status."""
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(
        request=serializers.ObligationChangeSerializer,
        responses={200: serializers.ObligationSerializer, 409: serializers.ObligationSerializer},
        examples=[OpenApiExample("Mark done", request_only=True,
                                 value={"status": "done", "version": "2026-11-23T09:14:03.512345+00:00"}),
                  OpenApiExample("Assign and move the deadline", request_only=True,
                                 value={"owner": "desk", "due_date": "2027-03-01",
                                        "version": "2026-11-23T09:14:03.512345+00:00"})],
    )
    def partial_update(self, request, pk=None):
        obligation = self.get_object()
        change = serializers.ObligationChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        values = {k: v for k, v in change.validated_data.items() if k != "version"}
        try:
            apply_edit_if_current(obligation.pk, change.validated_data["version"], request.user,
                                  ObligationChange.Source.STAFF, **values)
        except StaleVersion as stale:
            current = self.get_queryset().get(pk=stale.current.pk)
            return Response(self.get_serializer(current).data, status=status.HTTP_409_CONFLICT)
        return Response(self.get_serializer(self.get_queryset().get(pk=obligation.pk)).data)

    @extend_schema(request=serializers.NoteSerializer, responses={200: serializers.NoteSerializer(many=True),
                                                                  201: serializers.NoteSerializer})
    @action(detail=True, methods=["get", "post"])
    def notes(self, request, pk=None):
        """The notes, newest first; POST adds one (never changes one)."""
        obligation = self.get_object()
        if request.method == "GET":
            return Response(serializers.NoteSerializer(obligation.thread.all(), many=True).data)
        note = serializers.NoteSerializer(data=request.data)
        note.is_valid(raise_exception=True)
        saved = note.save(obligation=obligation, author=request.user)
        return Response(serializers.NoteSerializer(saved).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.EvidenceSerializer, responses={201: serializers.EvidenceSerializer})
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        """A document that answers it: a document symbol or a web address; recorded in its history."""
        obligation = self.get_object()
        given = serializers.EvidenceSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        evidence = add_evidence(obligation, request.user, given.validated_data["symbol"])
        return Response(serializers.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"evidence/(?P<evidence_id>\d+)")
    def remove_evidence(self, request, pk=None, evidence_id=None):
        """Take a document back from its evidence; recorded in its history."""
        obligation = self.get_object()
        evidence = obligation.evidence.filter(pk=evidence_id).first()
        if evidence is None:
            raise NotFound("No such evidence on this obligation.")
        remove_evidence(evidence, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MandateViewSet(CSVListMixin, viewsets.ReadOnlyModelViewSet):
    """Mandates: ending within `within` days from today (any number, default 90), every one
    still running (`show=running`, by end date), or lapsed without renewal (`show=lapsed`,
    the latest first)."""

    serializer_class = serializers.ObligationSerializer

    @extend_schema(parameters=[
        OpenApiParameter("within", int, description="days from today (default 90), with show=ending"),
        OpenApiParameter("show", str, enum=["ending", "running", "lapsed"], description="default ending")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        show = self.request.query_params.get("show", "ending")
        if show not in MANDATE_VIEWS:
            raise ValidationError({"show": f"one of {', '.join(MANDATE_VIEWS)}"})
        try:
            within = int(self.request.query_params.get("within", 90))
        except ValueError:
            raise ValidationError({"within": "a number of days"}) from None
        within = max(1, min(within, 3650))
        return Obligation.objects.rows().mandates(show, timezone.localdate(), within)


class SeriesViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Series.objects.prefetch_related("resolutions").order_by("title", "pk")
    serializer_class = serializers.SeriesSerializer


class EvidenceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Evidence.objects.select_related("noted_in").order_by("-created_at", "pk")
    serializer_class = serializers.EvidenceSerializer


class ReminderViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own reminders: nobody sees another's."""

    queryset = Reminder.objects.all()
    serializer_class = serializers.ReminderSerializer

    def get_queryset(self):
        return super().get_queryset().filter(recipient=self.request.user).order_by("-created_at", "pk")


class ImportViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Staff upload a resolution, or name a symbol to fetch; the job's URL follows its import to done or failed."""

    queryset = ImportJob.objects.defer("data").select_related("resolution")
    serializer_class = serializers.ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        if not can_edit(self.request.user):
            raise PermissionDenied("Only staff import resolutions.")
        return super().get_queryset()

    @extend_schema(request={"multipart/form-data": serializers.UploadSerializer},
                   responses={202: serializers.ImportJobSerializer})
    def create(self, request, *args, **kwargs):
        if "file" not in request.FILES and request.data.get("symbol"):
            by_symbol = SymbolForm(data={"symbol": request.data["symbol"]})
            if not by_symbol.is_valid():
                raise ValidationError(by_symbol.errors)
            symbol = by_symbol.cleaned_data["symbol"]
            job = ImportJob.objects.create(name=symbol, symbol=symbol, data=b"", user=request.user)
            enqueue(job)
            job.refresh_from_db()
            return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)
        form = UploadForm(data={"read_as": request.data.get("read_as", "")}, files=request.FILES)
        if not form.is_valid():
            raise ValidationError(form.errors)
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(name=upload.name, data=upload.read(), user=request.user,
                                       read_as=form.cleaned_data["read_as"])
        enqueue(job)
        job.refresh_from_db()
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)


class SessionView(APIView):
    """A session as a delegation prepares it: `reports` due there, `agenda` items coming back,
    `mandates` ending before or during it, `member_states`: what capitals must send, and the
    `resolutions` it adopted. `body` is the calendar's key (`general-assembly`,
    `human-rights-council`, `economic-and-social-council`, a commission's name); `number` the
    Nth session, or the year for the Economic and Social Council."""

    @extend_schema(responses=serializers.SessionSerializer)
    def get(self, request, body: str, number: int):
        session = Session.of(body, number)
        if session is None:
            raise NotFound(why_missing(body, number))
        return Response(serializers.SessionSerializer(session, context={"request": request}).data)


class LanguageView(APIView):
    """Agreed language: the adopted paragraphs most like `q`, best first (`results`), each with
    its `citation`, its `score` and the spans of its text that differ from `q`. Narrowed by
    `body`, `year_from`, `year_to` (years of adoption) and `kind` (operative, preambular)."""

    @extend_schema(parameters=[serializers.LanguageQuerySerializer],
                   responses=serializers.AgreedLanguageResultsSerializer)
    def get(self, request):
        asked = serializers.LanguageQuerySerializer(data=request.query_params)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        found = agreed_language(data["q"], data.get("body", ""), data.get("year_from"), data.get("year_to"),
                                data.get("kind", ""))
        return Response(serializers.AgreedLanguageResultsSerializer({"results": found}).data)


class DraftView(APIView):
    """A draft checked before adoption (`{"text": ...}`): the `obligations` it asks, the `series`
    it follows (`previous`, and a paragraph comparison), its `repeated_share` of repeated
    operative text, its requests' `overlaps` with open ones, what it leaves `open_ended`, and
    the `load` of reports its addressees already owe at the same session. Kept for the caller
    (`id`), never stored as obligations."""

    @extend_schema(request=serializers.DraftTextSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        given = serializers.DraftTextSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            check = check_draft(given.validated_data["text"])
        except ParseError as exc:
            raise ValidationError({"text": f"This draft cannot be read: {exc}"}) from None
        draft = Draft.keep(request.user, given.validated_data["text"], check.parsed.title)
        return Response({"id": draft.pk, **as_data(check)}, status=status.HTTP_201_CREATED)

