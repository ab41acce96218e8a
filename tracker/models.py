"""What resolutions ask, as work: obligations with owners, statuses, history and evidence."""
import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from resolutions.models import (Actor, Paragraph, Precision, Resolution, SessionCalendar, Series, end_of_precision,
                                undocs_url)
from resolutions.parsing import model as parsing_model
from resolutions.parsing.lexicon import member_states, verbs
from resolutions.rows import CopiesNewRows
from resolutions.storing import truncate_to_field

from .lib import counts

OPEN_STATUSES = ("open", "in_progress")
# One deadline: a person who sets its date sets all of it (Obligation.staff_set, history.apply_edit).
DEADLINE_FIELDS = ("due_date", "due_precision", "due_by", "due_text", "due_session", "due_session_id")
EVERY_STATE = "Member States"  # the parser's name for States as a group (actors.toml, group "states")
MANDATE_VIEWS = ("ending", "running", "lapsed")  # what ObligationQuerySet.mandates() can show


def due_days(due_date, precision: str, internal_due=None) -> tuple:
    """(due_by, remind_by): the day a deadline is due by, the end of its year or month where
    the text gives no day; and the day reminders count down to, the team's own where set.
    Obligation.save() keeps them, and the importer's new rows, written without it, too."""
    due_by = end_of_precision(due_date, precision)
    return due_by, internal_due or due_by


def open_condition():
    """Current work: open or in progress."""
    return Q(status__in=OPEN_STATUSES)


def awaiting_condition():
    """Still owed: open, and answered by no evidence. Reminders go only to these."""
    return open_condition() & Q(answered=False)


def overdue_condition(today):
    """Overdue: still owed and past the day it is due by (a year's or a month's end where the
    text gives no day)."""
    return awaiting_condition() & Q(due_by__lt=today)


def naming_condition(member_state: str) -> Q:
    """Actors that name a Member State: its names and short forms ('Iraq', 'the Government of
    Iraq'); none for a State the data does not know."""
    names_it = Q(pk__in=[])
    for form in member_states().get(member_state, ()):
        names_it |= Q(name__icontains=form)
    return names_it


def recurring_condition():
    """Asked again and again: the text says how often, or the series' history does."""
    return ~Q(recurrence="", implied_recurrence="")


class ReportsChanges:
    """Bulk writes of a queryset tell the kept counts (counts.py) that obligations changed,
    once written; saves and deletes of one row tell them through signals.py."""

    def update(self, **kwargs):
        written = super().update(**kwargs)
        counts.changed()
        return written

    def bulk_create(self, *args, **kwargs):
        written = super().bulk_create(*args, **kwargs)
        counts.changed()
        return written

    def bulk_update(self, *args, **kwargs):
        written = super().bulk_update(*args, **kwargs)
        counts.changed()
        return written

    def insert_rows(self, *args, **kwargs):
        written = super().insert_rows(*args, **kwargs)
        counts.changed()
        return written

    def delete(self):
        deleted = super().delete()
        counts.changed()
        return deleted


def mandate_keys(mandate_of: str) -> set[str]:
    """How a renewal may name the same mandate: its words, and 'mandate of' its acronym.

    'the mandate of the United Nations Assistance Mission for Iraq (UNAMI)' answers to
    'mandate of the united nations assistance mission for iraq' and 'mandate of unami'.
    """
    if not mandate_of:
        return set()
    text = " ".join(mandate_of.lower().split())
    plain = re.sub(r"\s*\([^)]*\)", "", text)
    plain = re.sub(r"^the\s+", "", plain)
    keys = {plain}
    head = plain.split(" of ", 1)[0]
    keys |= {f"{head} of {acronym}" for acronym in re.findall(r"\(([^)]+)\)", text)}
    return keys


class ObligationQuerySet(ReportsChanges, CopiesNewRows, models.QuerySet):
    def open(self):
        return self.filter(open_condition())

    def awaiting(self):
        return self.filter(awaiting_condition())

    def mark_answered(self):
        """Answered while any document is named as evidence: kept on the row, so that what is
        overdue is read from an index rather than by looking for evidence row by row."""
        return self.update(answered=Exists(Evidence.objects.filter(obligation=OuterRef("pk"))))

    def overdue(self, today=None):
        return self.filter(overdue_condition(today or timezone.localdate()))

    def binding(self, member_state: str):
        """What binds a Member State: what is asked of Member States (and States parties, all
        States), and what names that State ('the Government of ...', its short forms)."""
        if not member_state:
            return self.none()
        # The actors first (two thousand names), then their obligations by the join table's index.
        return self.addressed_to(Actor.objects.filter(Q(name=EVERY_STATE) | naming_condition(member_state)))

    def naming(self, member_state: str):
        """What names a Member State itself, apart from what is asked of all States."""
        if not member_state:
            return self.none()
        return self.addressed_to(Actor.objects.filter(naming_condition(member_state)))

    def to_every_state(self):
        return self.addressed_to(Actor.objects.filter(name=EVERY_STATE))

    def recurring(self):
        return self.filter(recurring_condition())

    def mandates(self, show: str, today, within: int = 90):
        """Mandates (MANDATE_VIEWS): "ending" within so many days, "running" (every one not yet
        ended, by end date), or "lapsed": ended and still open, since no renewal closed them
        (the latest first)."""
        mandates = self.filter(kind=Obligation.Kind.MANDATE).exclude(status=Obligation.Status.WITHDRAWN)
        if show == "lapsed":
            return mandates.open().filter(due_by__lt=today).order_by(F("due_by").desc(), "pk")
        if show == "running":
            return mandates.filter(due_by__gte=today).order_by("due_by", "pk")
        return mandates.filter(due_by__gte=today, due_by__lte=today + timedelta(days=within)).order_by("due_by", "pk")

    def addressed_to(self, actors):
        """Those addressed to any of these actors, found by the join table's index.

        The actors' ids are read first and given to the query as values: the planner then
        knows from its statistics that one ("Member States") is on two obligations in five,
        and walks the list's order rather than sorting all of them.
        """
        ids = list(actors.values_list("pk", flat=True))
        addressed = Obligation.addressees.through.objects.filter(actor__in=ids)
        return self.filter(pk__in=addressed.values("obligation_id"))

    def with_overlap(self):
        """In a possibly overlapping pair that staff have not marked as none."""
        pairs = OverlapPair.objects.filter(dismissed=False)
        return self.filter(Exists(pairs.filter(first=OuterRef("pk"))) | Exists(pairs.filter(second=OuterRef("pk"))))

    def with_resolution(self):
        """With their resolution named, but not its text: the text is most of its row, and
        carried along it made every sort and join wide."""
        return self.select_related("resolution").defer("resolution__source_text")

    def rows(self):
        """Everything a row of a list shows, in a fixed number of queries."""
        return (
            self.with_resolution().select_related("owner", "due_session", "superseded_by__resolution")
            .defer("superseded_by__resolution__source_text")
            .prefetch_related(Prefetch("addressees", queryset=Actor.objects.only("name")), "labels")
            .annotate(is_late=ExpressionWrapper(overdue_condition(timezone.localdate()),
                                                output_field=BooleanField()))
        )


class Label(models.Model):
    """A team's own tag on obligations ("our facilitation", "capital to clear"): free words,
    kept once, filterable."""

    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def named(cls, name: str) -> "Label":
        """The label of that name (however it is spaced or cased), made where missing."""
        name = " ".join(name.split())[:60]
        found = cls.objects.filter(name__iexact=name).first()
        return found or cls.objects.create(name=name)


class Obligation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "open"
        IN_PROGRESS = "in_progress", "in progress"
        DONE = "done", "done"
        NOT_APPLICABLE = "not_applicable", "not applicable"
        WITHDRAWN = "withdrawn", "withdrawn"  # the clause is gone from the resolution
        SUPERSEDED = "superseded", "superseded"  # a later resolution of its series asks again

        @classmethod
        def settable(cls) -> list[tuple[str, str]]:
            """What a person may set: withdrawn and superseded are the import's to say."""
            return [c for c in cls.choices if c[0] not in (cls.WITHDRAWN, cls.SUPERSEDED)]

    class Kind(models.TextChoices):
        """The parser's kinds (resolutions/parsing/model.py), one for one."""

        REPORT = parsing_model.REPORT, parsing_model.REPORT
        ACTION = parsing_model.ACTION, parsing_model.ACTION
        AGENDA = parsing_model.AGENDA, parsing_model.AGENDA
        MANDATE = parsing_model.MANDATE, parsing_model.MANDATE

    Precision = Precision
    # The verbs' classes are the parser's data (verbs.toml), not a fixed set: choices read from it.
    VERB_CLASSES = [(cls, cls) for cls in verbs().asking_classes]

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="obligations")
    paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.SET_NULL, related_name="obligations"
    )
    key = models.CharField(max_length=400, help_text="identity across re-imports: label, verb, addressees")
    label = models.CharField("paragraph", max_length=12)
    clause_text = models.TextField(blank=True)
    verb = models.CharField(max_length=40, db_index=True)
    verb_class = models.CharField(max_length=16, choices=VERB_CLASSES, db_index=True)
    addressees = models.ManyToManyField(Actor, related_name="obligations", blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)  # indexed with status, and with due_date
    action = models.TextField()
    due_date = models.DateField(null=True, blank=True)
    due_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    due_text = models.CharField(max_length=300, blank=True)
    due_by = models.DateField(null=True, blank=True, editable=False,
                              help_text="the day it is due by: its deadline, or the end of the deadline's year or "
                                        "month where the text gives no day")
    due_session = models.ForeignKey(SessionCalendar, null=True, blank=True, on_delete=models.SET_NULL)
    internal_due = models.DateField("our deadline", null=True, blank=True,
                                    help_text="the team's own date, before the UN's: reminders count down to it")
    remind_by = models.DateField(null=True, blank=True, editable=False,
                                 help_text="the day reminders count down to: our deadline where set, else due_by")
    recurrence = models.CharField(max_length=30, blank=True)
    implied_recurrence = models.CharField(
        max_length=30, blank=True, help_text="how often the series asks again, read from its history where the text "
                                             "says nothing")
    implied_from = models.ManyToManyField(Resolution, blank=True, related_name="+",
                                          help_text="the resolutions of the series the implied recurrence was read "
                                                    "from")
    open_ended = models.BooleanField(
        default=False, db_index=True, help_text="recurring, or a mandate with no end, and no review or end clause in "
                                                "its resolution or a later one of its series")
    mandate_of = models.CharField(max_length=300, blank=True, help_text="for a mandate: what it is the mandate of")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    answered = models.BooleanField(default=False, editable=False,
                                   help_text="a document is named as its evidence: never overdue, not reminded")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="obligations"
    )
    edited_fields = models.JSONField(default=list, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes",
        help_text="the later request of the same series that asks again",
    )
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_occurrences",
        help_text="the occurrence this recurring obligation continues",
    )
    order = models.PositiveIntegerField(default=0)
    labels = models.ManyToManyField(Label, blank=True, related_name="obligations")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "order"]
        constraints = [models.UniqueConstraint(fields=["resolution", "key"], name="obligation_key_unique")]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["due_date"]),
            models.Index(fields=["kind", "status"]),
            # The Mandates page: one kind, due in a window, read from one index rather than
            # the kind's and the dates' combined.
            models.Index(fields=["kind", "due_date"]),
            models.Index(fields=["status", "due_by"]),
            # Current work by the day it is due by, in either direction: a page of the list,
            # the overdue and the next due are read from it in order, not sorted from all.
            models.Index(fields=["due_by"], condition=open_condition(), name="open_by_due"),
            # The reminder sweep: what is still open, by the day its reminders count down to.
            models.Index(fields=["remind_by"], condition=open_condition(), name="open_by_remind"),
        ]

    def __str__(self):
        return f"{self.resolution.symbol} {self.label} {self.verb}"

    def get_absolute_url(self):
        return reverse("obligation", args=[self.pk])

    def save(self, *args, **kwargs):
        self.due_by, self.remind_by = due_days(self.due_date, self.due_precision, self.internal_due)
        super().save(*args, **kwargs)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence or self.implied_recurrence)

    @property
    def version(self) -> str:
        """What an edit sends back: it must still be this when the edit is saved."""
        return self.updated_at.isoformat() if self.updated_at else ""

    def is_overdue(self, today=None):
        return Obligation.objects.filter(pk=self.pk).overdue(today).exists()

    def staff_set(self, field: str) -> bool:
        """A person set this field: a re-import, a linked report or a corrected session date
        leaves it as they set it. A staff edit always wins. A deadline is kept whole: a date a
        person set keeps the text and session the import would give back too."""
        if field in DEADLINE_FIELDS:
            field = "due_date"
        return field in self.edited_fields

    def reopens_on_import(self) -> bool:
        """Withdrawn because its clause was gone, and the clause is back: open again, unless a
        person set its status."""
        return self.status == Obligation.Status.WITHDRAWN and not self.staff_set("status")


class TallyQuerySet(models.QuerySet):
    def open(self):
        return self.filter(open_condition())

    def totals(self, **conditions: Q) -> dict[str, int]:
        """How many obligations meet each condition (the obligations' own), in one query."""
        return self.aggregate(**{name: Coalesce(Sum("delta", filter=condition), 0)
                                 for name, condition in conditions.items()})

    def total(self) -> int:
        return self.totals(all=Q())["all"]


class ObligationTally(models.Model):
    """How many obligations have each status, kind, answered flag and due day, for counts that
    would otherwise read every obligation (the home page's, a list's total).

    The database writes it, in the transaction that writes the obligations (lib/tally.py):
    rows of changes, +n and -n, summed when read. Its columns bear the obligations' names,
    so the conditions that choose obligations (overdue_condition, the list's filters) count
    them here too."""

    status = models.CharField(max_length=16, choices=Obligation.Status.choices)
    kind = models.CharField(max_length=8, choices=Obligation.Kind.choices)
    answered = models.BooleanField()
    due_by = models.DateField(null=True)
    delta = models.IntegerField(help_text="obligations added (+) or taken away (-)")

    objects = TallyQuerySet.as_manager()

    def __str__(self):
        return f"{self.status} {self.kind} {self.due_by}: {self.delta:+}"


class OverlapPair(models.Model):
    """Two requests to one addressee, for one period, whose subjects read alike: perhaps one
    report could answer both. Staff may mark a pair as no overlap; that mark is kept."""

    first = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(help_text="cosine of the two subjects' TF-IDF vectors, 0 to 1")
    dismissed = models.BooleanField(default=False, help_text="marked by staff as not an overlap")
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-similarity"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="overlap_pair_unique"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="overlap_pair_ordered"),
        ]

    def __str__(self):
        return f"{self.first} ~ {self.second} ({self.similarity:.2f})"


class EvidenceQuerySet(ReportsChanges, models.QuerySet):
    pass


class Evidence(models.Model):
    """A document that answers a request: a report the series later took note of, or one
    staff name. It is a document symbol (as an import takes one) or the address of a
    document on the web; nothing else, since any evidence silences reminders."""

    LINK_SCHEMES = ("https", "http")

    symbol = models.CharField(max_length=500, help_text="a document symbol, or the address of a document")
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    noted_in = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence_noted",
        help_text="the resolution that took note of it",
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(fields=["symbol", "obligation"], name="evidence_unique_per_obligation",
                                    condition=Q(obligation__isnull=False)),
            models.UniqueConstraint(fields=["symbol", "series"], name="evidence_unique_per_series",
                                    condition=Q(obligation__isnull=True)),
        ]

    def __str__(self):
        return self.symbol

    @property
    def is_link(self) -> bool:
        return self.symbol.startswith(tuple(f"{scheme}://" for scheme in self.LINK_SCHEMES))

    @property
    def url(self):
        return self.symbol if self.is_link else undocs_url(self.symbol)

    @classmethod
    def clean_reference(cls, text: str) -> str:
        """A document symbol in its system's form, or a web address of an allowed scheme;
        ValidationError for anything else (a path, a script, a line break)."""
        from django.core.validators import URLValidator

        from resolutions.fetching import clean_symbol

        text = text.strip()
        if any(ord(c) < 32 or ord(c) == 127 for c in text):
            raise ValidationError("Give a document symbol or a web address, on one line.")
        if "://" in text or text.lower().startswith(("javascript:", "data:")):
            URLValidator(schemes=cls.LINK_SCHEMES, message="Give a web address starting https:// or http://.")(text)
            return text
        try:
            return clean_symbol(text)
        except ValueError as error:
            raise ValidationError(f"{error}, or a web address starting https://") from None


class Note(models.Model):
    """A note on an obligation: kept with its author and time, never overwritten."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="thread")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    mentions_told = models.BooleanField(default=False, editable=False,
                                        help_text="the people it @mentions were emailed")

    # "@desk", "@v.lindqvist": a login name, not inside a word or an email address.
    MENTION = re.compile(r"(?<![\w@.])@([\w.+-]*\w)")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.author or 'someone'}, {self.created_at:%d %b %Y}: {self.text[:40]}"

    def mentioned(self):
        """The active people it names by their login, with an email address, its author apart."""
        names = {name.lower() for name in self.MENTION.findall(self.text)}
        if not names:
            return get_user_model().objects.none()
        people = get_user_model().objects.filter(is_active=True).exclude(email="").exclude(pk=self.author_id)
        name_is = Q(pk__in=[])
        for name in names:
            name_is |= Q(username__iexact=name)
        return people.filter(name_is)


class Draft(models.Model):
    """A draft a user checked (tracker/analysis/drafts.py), kept for them alone until they delete
    it. Never stored as obligations unless they import it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]

    def __str__(self):
        return self.title or f"draft of {self.checked_at:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("draft", args=[self.pk])

    @classmethod
    def keep(cls, user, text: str, title: str) -> "Draft":
        """A draft the user checked, kept for them under the title the parser read."""
        return cls.objects.create(user=user, title=truncate_to_field(cls, "title", title), text=text)


class SavedViewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own views, and those the team shares."""
        return self.filter(Q(owner=user) | Q(shared=True)).select_related("owner")


class SavedView(models.Model):
    """A named filter set of the obligation list, a person's own or shared with the team."""

    name = models.CharField(max_length=80)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    query = models.CharField(max_length=2000, blank=True, help_text="the list's filters, as its address holds them")
    shared = models.BooleanField(default=False, help_text="the whole team sees it")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_per_owner")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('obligations')}?{self.query}" if self.query else reverse("obligations")


class Profile(models.Model):
    """What the tracker knows of a user beyond the login: the Member State they serve, if any."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    member_state = models.CharField(max_length=120, blank=True,
                                    help_text="the Member State whose delegation this user serves; empty for none")

    def __str__(self):
        return f"{self.user}: {self.member_state or 'no delegation'}"

    @classmethod
    def of(cls, user) -> "Profile":
        return cls.objects.get_or_create(user=user)[0]


class ObligationChange(models.Model):
    """One field of one obligation changed: who, when, what, from what, to what."""

    class Source(models.TextChoices):
        STAFF = "staff", "staff"
        ADMIN = "admin", "admin"
        IMPORT = "import", "import"


    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    field = models.CharField(max_length=40)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    source = models.CharField(max_length=8, choices=Source.choices)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.field}: {self.old!r} -> {self.new!r}"


class ImportJob(models.Model):
    """An uploaded file, or a symbol to fetch, waiting for, undergoing or done with its import by a worker."""

    class State(models.TextChoices):
        PENDING = "pending", "waiting"
        RUNNING = "running", "importing"
        DONE = "done", "imported"
        FAILED = "failed", "failed"


    name = models.CharField(max_length=255)
    data = models.BinaryField()
    symbol = models.CharField(max_length=60, blank=True, help_text="a symbol to fetch from the document system, "
                                                                   "instead of an uploaded file")
    read_as = models.CharField(max_length=60, blank=True,
                               help_text="the symbol to read an uploaded file as if its text prints none")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    message = models.TextField(blank=True)
    resolution = models.ForeignKey(Resolution, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.state})"

    @property
    def finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)


class CalendarFeed(models.Model):
    """A user's private iCalendar address: the token is the only key; revoking replaces it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"calendar of {self.user}"

    @classmethod
    def for_user(cls, user):
        feed, _ = cls.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
        return feed

    def revoke(self):
        self.token = secrets.token_urlsafe(32)
        self.save(update_fields=["token", "created_at"])


class ReminderPreference(models.Model):
    """How a user wants to hear of deadlines: each reminder alone, a digest, or not at all."""

    class Mode(models.TextChoices):
        EACH = "each", "each reminder as its own email"
        DAILY = "daily", "a daily digest"
        WEEKLY = "weekly", "a weekly digest"
        OFF = "off", "no reminders"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference")
    mode = models.CharField(max_length=6, choices=Mode.choices, default=Mode.EACH)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    team_digest = models.BooleanField(
        "the weekly team digest", default=True,
        help_text="on Mondays: the team's work due in the next 14 days, and what changed last week")

    def __str__(self):
        return f"{self.user}: {self.get_mode_display()}"


class TeamDigest(models.Model):
    """A weekly team digest sent to one person: written before it goes, so a week's is sent once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_digests")
    week = models.DateField(help_text="the Monday of the week it was sent")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="team_digest_once_a_week")]

    def __str__(self):
        return f"{self.user}, week of {self.week}"



class Reminder(models.Model):
    """One reminder of one deadline to one person, at most once.

    offset: days before the deadline (30, 7, 1, 0), or minus the days overdue (-7, -14...).
    The unique constraint makes a second sweep a no-op; the state is claimed by one
    atomic UPDATE before the email goes out and set to sent right after.
    """

    class State(models.TextChoices):
        PENDING = "pending", "pending"
        SENDING = "sending", "sending"
        SENT = "sent", "sent"
        CANCELLED = "cancelled", "cancelled"  # the deadline moved, the obligation closed, or nobody to write to
        FAILED = "failed", "failed"  # the mail server refused it for good: not retried, listed in the admin


    # No index of its own: reminder_once begins with it, and a sweep writes every index of every reminder.
    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reminders", db_index=False)
    deadline = models.DateField()
    offset = models.IntegerField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    digest = models.BooleanField(default=False)
    state = models.CharField(max_length=9, choices=State.choices, default=State.PENDING)
    claim = models.CharField(max_length=40, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "deadline", "offset", "recipient"], name="reminder_once"),
        ]
        indexes = [models.Index(fields=["state", "digest"])]

    def __str__(self):
        return f"{self.obligation} {self.deadline} {self.offset:+d} to {self.recipient}"

    @property
    def when_words(self):
        """In the real distance to the deadline on the day it is sent, not the offset's."""
        days = (self.deadline - timezone.localdate()).days
        if self.obligation.kind == Obligation.Kind.MANDATE:
            if days > 1:
                return f"mandate ends in {days} days"
            if days in (0, 1):
                return "mandate ends today" if days == 0 else "mandate ends tomorrow"
            return f"mandate ended {-days} days ago, no renewal on record"
        if days > 1:
            return f"due in {days} days"
        if days == 1:
            return "due tomorrow"
        if days == 0:
            return "due today"
        return f"overdue by {-days} days"


class ApiToken(models.Model):
    """A user's key to the API. Shown once when made; kept only as its SHA-256."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="what it is for: 'intranet sync'")
    prefix = models.CharField(max_length=8, help_text="its first characters, to tell tokens apart")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user}: {self.name} ({self.prefix}...)"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """A new token and its key, which is never stored and so can be shown only now."""
        key = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, prefix=key[:8], digest=cls.digest_of(key)), key


class Follow(models.Model):
    """A user follows a body's session (or year), or a series: newly issued resolutions of it are
    fetched from the document system and the user hears, in one email, what arrived."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    body = models.CharField(max_length=120, blank=True, help_text="a body of data/bodies.toml")
    session = models.PositiveIntegerField(
        null=True, blank=True, help_text="the Nth session; for ECOSOC and the Security Council, the year")
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["body", "session", "series"]
        constraints = [
            models.CheckConstraint(condition=(Q(series__isnull=True) & ~Q(body="") & Q(session__isnull=False))
                                   | (Q(series__isnull=False) & Q(body="")), name="follow_session_or_series"),
            models.UniqueConstraint(fields=["user", "body", "session"], condition=Q(series__isnull=True),
                                    name="follow_session_once"),
            models.UniqueConstraint(fields=["user", "series"], condition=Q(series__isnull=False),
                                    name="follow_series_once"),
        ]

    def __str__(self):
        return f"{self.user}: {self.series or f'{self.body} {self.session}'}"


class SessionWatch(models.Model):
    """How far the tracker has looked in a followed session: the highest resolution number seen,
    shared by all its followers, so each check starts where the last one stopped."""

    body = models.CharField(max_length=120)
    session = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)
    checked_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "session"], name="session_watch_unique")]

    def __str__(self):
        return f"{self.body} {self.session}: up to {self.last_number}"
