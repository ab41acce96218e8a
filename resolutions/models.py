"""Documents: resolutions as parsed, their paragraphs and notes, actors and session calendars."""
import calendar
import re
from datetime import date
from urllib.parse import quote

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Replace, Upper
from django.urls import reverse

from .parsing import calendar as parsing_calendar
from .parsing.characters import without_bidi_controls
from .parsing.lexicon import actors as known_actors
from .rows import CopiesNewRowsQuerySet


def undocs_url(symbol: str) -> str:
    """The public page of a document: 'S/RES/2719 (2023)' is written there without its space."""
    return "https://undocs.org/en/" + quote(symbol.replace(" ", ""), safe="/()")


def title_key(title: str) -> str:
    """Titles of one series compare equal however they are cased or spaced."""
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


class Precision(models.TextChoices):
    """How precisely a date is known: a session's opening day, or only its month; a deadline
    may be known only to the year."""

    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


def end_of_precision(due: date | None, precision: str) -> date | None:
    """The day a deadline is due by: "in 2026" on 31 December 2026, "in March 2026" on 31
    March; a day is itself. Overdue, reminders and the calendar count from it."""
    if due is None:
        return None
    if precision == Precision.YEAR:
        return date(due.year, 12, 31)
    if precision == Precision.MONTH:
        return date(due.year, due.month, calendar.monthrange(due.year, due.month)[1])
    return due


class Series(models.Model):
    """The same agenda item, resolution after resolution (61/183, 62/176, 63/197...)."""

    title = models.CharField(max_length=500)
    key = models.CharField(max_length=500, unique=True)

    class Meta:
        verbose_name_plural = "series"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("series", args=[self.pk])


class ResolutionQuerySet(models.QuerySet):
    def found_by(self, text: str):
        """Those whose symbol holds the text, whatever its spacing and case ('s/res/2777(2025)'
        finds 'S/RES/2777 (2025)'), or whose title holds it."""
        compact = "".join(text.split()).upper()
        return self.alias(compact_symbol=Upper(Replace("symbol", Value(" "), Value("")))).filter(
            Q(compact_symbol__contains=compact) | Q(title__icontains=text))


class Resolution(models.Model):
    symbol = models.CharField(max_length=60, unique=True)
    body = models.CharField(max_length=120, blank=True, db_index=True,
                            help_text="the adopting organ; empty where the text does not tell")
    title = models.CharField(max_length=500, blank=True)
    session = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    adopted = models.DateField(null=True, blank=True)
    meeting = models.CharField(max_length=100, blank=True)
    agenda_item = models.CharField(max_length=100, blank=True)
    committee = models.CharField(max_length=100, blank=True, db_index=True,
                                 help_text="the Main Committee on whose report it was adopted")
    committee_report = models.CharField(max_length=100, blank=True)
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="resolutions")
    recalls = models.JSONField(default=list, blank=True)
    noted_reports = models.JSONField(default=list, blank=True)
    reviews = models.JSONField(default=list, blank=True,
                               help_text="operative paragraphs that review or end what the resolution asks")
    warnings = models.JSONField(default=list, blank=True)
    source_name = models.CharField(max_length=255, blank=True)
    source_url = models.URLField(max_length=500, blank=True,
                                 help_text="where the document system gave the file, for one imported by symbol")
    source_text = models.TextField(blank=True)
    source_hash = models.CharField(max_length=64, blank=True, db_index=True,
                                   help_text="SHA-256 of the text the resolution was read from")
    parsed_with = models.CharField(max_length=80, blank=True,
                                   help_text="the parser and calendar corrections it was read with")
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["-session", "symbol"]

    def __str__(self):
        return self.symbol

    @property
    def url(self):
        return undocs_url(self.symbol)

    def get_absolute_url(self):
        return reverse("resolution", args=[self.pk])


class Section(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(max_length=10)
    title = models.CharField(max_length=500, blank=True)
    first_paragraph = models.CharField(max_length=10)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["resolution", "order"]

    def __str__(self):
        return f"{self.number} {self.title}"


def paragraph_label(number: str, subparagraph: str) -> str:
    """How obligations name a paragraph: "4", or "4(b)" for a subparagraph."""
    return f"{number}({subparagraph})" if subparagraph else number


class Paragraph(models.Model):
    class Kind(models.TextChoices):
        PREAMBULAR = "preambular", "preambular"
        OPERATIVE = "operative", "operative"


    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="paragraphs")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    number = models.CharField(max_length=10, blank=True)  # operative paragraphs
    subparagraph = models.CharField(max_length=4, blank=True)  # "a", "b"...; blank for the paragraph itself
    section = models.CharField(max_length=10, blank=True)
    order = models.PositiveIntegerField()
    text = models.TextField()
    footnote_markers = models.JSONField(default=list, blank=True)  # [[number, offset], ...]

    objects = CopiesNewRowsQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "order"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "order"], name="paragraph_order_unique"),
        ]

    def __str__(self):
        return f"{self.resolution} {self.label or 'preamble'}"

    @property
    def label(self):
        return paragraph_label(self.number, self.subparagraph)


class Footnote(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="footnotes")
    number = models.PositiveIntegerField()
    text = models.TextField()
    symbols = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["resolution", "number"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "number"], name="footnote_number_unique"),
        ]

    def __str__(self):
        return f"{self.number} {self.text}"


class ActorQuerySet(models.QuerySet):
    def named(self, names) -> dict[str, "Actor"]:
        """The Actor rows for these names, made where missing with what the registry knows."""
        limit = Actor._meta.get_field("name").max_length
        names = {name[:limit] for name in names}
        found = {a.name: a for a in self.filter(name__in=names)}
        missing = names - set(found)
        if missing:  # in one statement; a name another import wrote meanwhile is left as it is
            self.bulk_create(_unsaved_actors(missing), ignore_conflicts=True)
            found.update((a.name, a) for a in self.filter(name__in=missing))
        return found

    def made(self, names) -> list["Actor"]:
        """New Actor rows for these names, in one statement, with what the registry knows.
        For names known to be missing: one stored meanwhile fails it (IntegrityError)."""
        return self.bulk_create(_unsaved_actors(names))


def _unsaved_actors(names) -> list["Actor"]:
    registry = known_actors()
    made = []
    for name in sorted(names):
        known = registry.by_alias.get(" ".join(name.lower().split()))
        made.append(Actor(name=name, **({"acronym": known.acronym, "aliases": list(known.aliases),
                                         "group": known.group} if known else {})))
    return made


class Actor(models.Model):
    """Someone resolutions address. Known actors come from the parser's actors.toml."""

    name = models.CharField(max_length=300, unique=True)
    acronym = models.CharField(max_length=30, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    group = models.CharField(max_length=40, blank=True, db_index=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        """A name typed in the admin is kept without bidirectional controls, as the parser reads names."""
        self.name = without_bidi_controls(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:resolutions_actor_change", args=[self.pk])


class SessionCalendarQuerySet(models.QuerySet):
    def corrections(self) -> dict:
        """Dates an administrator corrected, in the form the parser takes."""
        return {
            (row.body, row.number): parsing_calendar.SessionDate(row.body, row.number, row.opens, row.precision,
                                                                 row.source)
            for row in self.filter(source=SessionCalendar.Source.CORRECTED)
        }

    def session(self, key: str, number: int, corrections: dict | None = None) -> "SessionCalendar | None":
        """The row of session `number` of body `key`, made from the calendar where missing."""
        if corrections is None:
            corrections = self.corrections()
        when = parsing_calendar.opening(key, number, corrections)
        if when is None:
            return None
        row, _ = self.get_or_create(
            body=key, number=number,
            defaults={"body_name": parsing_calendar.calendars()[key]["name"], "opens": when.opens,
                      "precision": when.precision, "source": when.source},
        )
        return row


class SessionCalendar(models.Model):
    """When session N of a body opens. An administrator's correction wins over the rule."""

    class Source(models.TextChoices):
        KNOWN = "known", "known"  # the day the body opened, or will open, the session
        PROJECTED = "projected", "projected"  # from the body's rule for sessions to come
        CORRECTED = "corrected", "corrected"  # set by an administrator: wins over both


    body = models.CharField(max_length=80, help_text="calendar key, e.g. general-assembly")
    body_name = models.CharField(max_length=200)
    number = models.PositiveIntegerField()
    opens = models.DateField()
    precision = models.CharField(max_length=5, choices=Precision.choices[:2], default=Precision.DAY)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PROJECTED)

    objects = SessionCalendarQuerySet.as_manager()

    class Meta:
        ordering = ["body", "number"]
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="session_unique")]
        verbose_name = "session date"

    def __str__(self):
        return f"{self.body_name}, session {self.number}: {self.opens}"


class FetchLog(models.Model):
    """One request to the UN's document system: its address and what came of it."""

    url = models.CharField(max_length=500)
    symbol = models.CharField(max_length=60, blank=True, db_index=True)
    outcome = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    size = models.PositiveBigIntegerField(default=0)  # as declared, when a declared size was refused
    seconds = models.FloatField(default=0)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.url}: {self.outcome}"
