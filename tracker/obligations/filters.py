"""The obligation list's filters (django-filter): every one kept in the URL, so views can be shared."""
import django_filters
from django_filters.constants import EMPTY_VALUES
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone

from resolutions.models import Actor, Resolution, Series
from resolutions.parsing.lexicon import bodies, verbs

from .current import CurrentFirst
from .searching import holding
from ..models import Obligation, ObligationTally, overdue_condition

ANY = "any"
# The filters on columns the tally has too (status, kind, due day, answered): a list filtered
# by these alone is counted from the tally, not from its rows. The order changes no count.
TALLIED = ("status", "kind", "due_from", "due_to", "overdue", "history")
# A search's words are each a term of the index's query: a thousand of them held a worker.
MAX_SEARCH_WORDS = 12


def search_words(text: str) -> list[str]:
    """The words of a search, each once, in the order typed."""
    return list(dict.fromkeys(text.split()))


def validate_search(text: str) -> None:
    count = len(search_words(text))
    if count > MAX_SEARCH_WORDS:
        raise forms.ValidationError(f"Search with at most {MAX_SEARCH_WORDS} words (this has {count:,}).")


def typed_id(value: str) -> int | None:
    """A row's number typed where words may be too: ASCII digits only ("²" or "٢" are digits
    int() reads otherwise or not at all)."""
    return int(value) if value.isascii() and value.isdigit() else None


SERIES_TITLES = "series-titles"  # the id of the list of series titles a type-ahead offers (_series_titles.html)


def series_input() -> forms.TextInput:
    """A series typed rather than picked from hundreds of titles: the page offers them as one types."""
    return forms.TextInput(attrs={"list": SERIES_TITLES, "autocomplete": "off", "placeholder": "words of its title"})


def series_titles():
    return Series.objects.order_by("title").values_list("title", flat=True)


def verb_choices() -> list[tuple[str, str]]:
    """The verbs that make obligations, one entry each, from the parser's vocabulary (no query)."""
    v = verbs()
    return sorted({(canonical, canonical) for canonical in set(v.canonical.values())
                   if v.verb_class.get(canonical) in v.asking_classes})


def committee_choices() -> list[tuple[str, str]]:
    """The Main Committees of the stored resolutions; choices given as callables are read
    anew each time (a form field built once, as the API's schema does, keeps no stale list)."""
    return [(c, c) for c in Resolution.objects.exclude(committee="").order_by("committee")
            .values_list("committee", flat=True).distinct()]


class NullsLastOrdering(django_filters.OrderingFilter):
    """Column sorting where undated obligations come last, whichever way the dates run."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = F(self.param_map[param.lstrip("-")])
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)


class ObligationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Words", validators=[validate_search],
                                  help_text=f"at most {MAX_SEARCH_WORDS} words")
    body = django_filters.ChoiceFilter(method="filter_body", label="Body", empty_label=ANY,
                                       choices=[(name, name) for name in bodies()] + [("unknown", "unknown body")])
    committee = django_filters.ChoiceFilter(field_name="resolution__committee", label="Main Committee",
                                            empty_label=ANY, choices=lambda: committee_choices())
    agenda_item = django_filters.CharFilter(field_name="resolution__agenda_item", lookup_expr="istartswith",
                                            label="Agenda item",
                                            widget=forms.TextInput(attrs={"placeholder": "e.g. 24 (a)"}))
    # A symbol to type, not a list of every resolution: the page stays light with thousands.
    resolution = django_filters.CharFilter(field_name="resolution__symbol", lookup_expr="icontains",
                                           label="Resolution",
                                           widget=forms.TextInput(attrs={"placeholder": "e.g. 63/197"}))
    # Typed, with the titles offered as one types: hundreds of titles in a menu made the page wider than the screen.
    series = django_filters.CharFilter(method="filter_series", label="Series", widget=series_input(),
                                       help_text="words of its title, or its number")
    session = django_filters.NumberFilter(field_name="resolution__session", label="Session",
                                          widget=forms.NumberInput(attrs={"placeholder": "e.g. 63", "min": 1}),
                                          help_text="the Nth session, or the year for ECOSOC")
    verb = django_filters.ChoiceFilter(choices=verb_choices, empty_label=ANY)
    verb_class = django_filters.ChoiceFilter(choices=Obligation.VERB_CLASSES, empty_label=ANY)
    # A name to type, not a list of every actor: the real corpus names nearly two thousand.
    addressee = django_filters.CharFilter(method="filter_addressee", label="Addressee",
                                          widget=forms.TextInput(attrs={"placeholder": "e.g. Secretary-General"}))
    kind = django_filters.ChoiceFilter(choices=Obligation.Kind.choices, empty_label=ANY)
    label = django_filters.CharFilter(field_name="labels__name", lookup_expr="iexact", label="Label",
                                      help_text="a team's label, as staff put it")
    # A column of the row itself: no join, so no duplicate to remove (django-filter's DISTINCT by default
    # made the database compare whole rows, texts and all).
    status = django_filters.MultipleChoiceFilter(choices=Obligation.Status.choices, widget=forms.CheckboxSelectMultiple,
                                                 distinct=False)
    owner = django_filters.ModelChoiceFilter(queryset=get_user_model().objects.filter(is_active=True),
                                             empty_label=ANY)
    assigned = django_filters.ChoiceFilter(
        method="filter_assigned", choices=[("mine", "mine"), ("unassigned", "unassigned")], label="Assigned",
        empty_label=ANY,
    )
    # By the day each is due by: "in 2026" falls in December's window, as the dashboard counts it.
    due_from = django_filters.DateFilter(field_name="due_by", lookup_expr="gte", label="Due from",
                                         widget=forms.DateInput(attrs={"type": "date"}))
    due_to = django_filters.DateFilter(field_name="due_by", lookup_expr="lte", label="Due to",
                                       widget=forms.DateInput(attrs={"type": "date"}))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue only",
                                           widget=forms.CheckboxInput)
    binding = django_filters.ChoiceFilter(
        method="filter_binding", label="Binds", empty_label=ANY,
        choices=[("mine", "my delegation"), ("named", "my State, by name"), ("every-state", "all States")],
        help_text="what binds the Member State your profile names: named, or asked of all States")
    history = django_filters.BooleanFilter(method="filter_history", label="Show history",
                                           widget=forms.CheckboxInput,
                                           help_text="done, answered, superseded and withdrawn obligations too")
    recurring = django_filters.BooleanFilter(method="filter_recurring", label="Recurring",
                                             widget=forms.CheckboxInput)
    open_ended = django_filters.BooleanFilter(method="filter_open_ended", label="Open-ended",
                                              widget=forms.CheckboxInput)
    implied = django_filters.BooleanFilter(method="filter_implied", label="Implied recurrence",
                                           widget=forms.CheckboxInput)
    overlap = django_filters.BooleanFilter(method="filter_overlap", label="Possible overlap",
                                           widget=forms.CheckboxInput)
    order = NullsLastOrdering(
        fields=(("due_by", "due"), ("resolution__symbol", "resolution"), ("status", "status"), ("kind", "kind")),
        label="Sort", empty_label="due date",
    )

    class Meta:
        model = Obligation
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None else getattr(self.request, "user", None)  # the API passes the request

    def get_form_class(self):
        """The form class is built once, not once a request: its fields are definitions that
        each form copies, as a Django form's are (building 22 fields took a list page a
        millisecond). Choices given as callables (committees) are still read at each use."""
        cls = type(self)
        if "built_form_class" not in cls.__dict__:
            cls.built_form_class = super().get_form_class()
        return cls.built_form_class

    @property
    def qs(self):
        """Nothing where a filter could not be read: never 'everything' passed off as filtered."""
        if self.is_bound and self.errors:
            return self.queryset.none()
        queryset = self.current_only(super().qs)
        data = self.form.cleaned_data
        if data.get("overdue") and not data.get("order"):
            return queryset.order_by(F("due_by").desc(), "resolution__symbol", "order")  # the most recent first
        return queryset

    def current_only(self, queryset):
        """Current work is what is still owed: done, answered, superseded and withdrawn are
        history. A status asked for is shown whatever it is."""
        data = self.form.cleaned_data
        return queryset if data.get("history") or data.get("status") else queryset.open()

    def tallied(self):
        """The tally's rows that count this list (models.ObligationTally), where every filter
        set is on a column the tally has too; else None, and the rows are counted."""
        if self.is_bound and self.errors:
            return None
        data = self.form.cleaned_data
        if any(name not in TALLIED and name != "order" and value not in EMPTY_VALUES and value is not False
               for name, value in data.items()):
            return None
        tally = ObligationTally.objects.all()
        for name in TALLIED:
            tally = self.filters[name].filter(tally, data.get(name))
        return self.current_only(tally)

    def listed(self):
        """The rows in the list's order: as asked, else current work first (a list, not a
        queryset: current.CurrentFirst)."""
        if self.is_bound and self.errors:
            return self.qs  # nothing
        data = self.form.cleaned_data if self.is_bound else {}
        if data.get("order") or data.get("overdue"):
            return self.qs
        return CurrentFirst(self.qs, timezone.localdate(), self.tallied())

    def search(self, queryset, name, value):
        return queryset.filter(holding(search_words(value), queryset.db))

    def filter_series(self, queryset, name, value):
        value = value.strip()
        if (number := typed_id(value)) is not None:
            return queryset.filter(resolution__series=number)
        return queryset.filter(resolution__series__title__icontains=value)

    def series_titles(self):
        return series_titles()

    def filter_body(self, queryset, name, value):
        return queryset.filter(resolution__body="" if value == "unknown" else value)

    def filter_addressee(self, queryset, name, value):
        """Obligations addressed to an actor whose name holds the words; a number is an actor's id."""
        value = value.strip()
        pk = typed_id(value)
        actors = Actor.objects.filter(pk=pk) if pk is not None else Actor.objects.filter(name__icontains=value)
        return queryset.addressed_to(actors)

    def filter_assigned(self, queryset, name, value):
        if value == "mine":
            return queryset.filter(owner=self.user) if self.user else queryset.none()
        return queryset.filter(owner__isnull=True)

    def filter_recurring(self, queryset, name, value):
        return queryset.recurring() if value else queryset

    def filter_open_ended(self, queryset, name, value):
        return queryset.filter(open_ended=True) if value else queryset

    def filter_implied(self, queryset, name, value):
        return queryset.exclude(implied_recurrence="") if value else queryset

    def filter_overlap(self, queryset, name, value):
        return queryset.with_overlap() if value else queryset

    def filter_binding(self, queryset, name, value):
        from ..models import Profile

        state = Profile.of(self.user).member_state if self.user and self.user.is_authenticated else ""
        if value == "every-state":
            return queryset.to_every_state() if state else queryset.none()
        return queryset.naming(state) if value == "named" else queryset.binding(state)

    def filter_history(self, queryset, name, value):
        return queryset  # read by qs: without it, only current work is listed

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(overdue_condition(timezone.localdate()))
