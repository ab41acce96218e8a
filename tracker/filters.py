"""The obligation list's filters (django-filter): every one kept in the URL, so views can be shared."""
import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from resolutions.models import Actor, Series
from resolutions.parsing.lexicon import bodies, verbs

from .models import Obligation, overdue_condition


# The verbs that make obligations, from the parser's vocabulary (no query over all rows).
VERB_CHOICES = sorted(
    {(canonical, canonical) for form, canonical in verbs().canonical.items()
     if verbs().verb_class[canonical] != "declaratory"}
)


class ObligationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    body = django_filters.ChoiceFilter(method="filter_body", label="Body",
                                       choices=[(name, name) for name in bodies()] + [("unknown", "unknown body")])
    # A symbol to type, not a list of every resolution: the page stays light with thousands.
    resolution = django_filters.CharFilter(field_name="resolution__symbol", lookup_expr="icontains",
                                           label="Resolution")
    series = django_filters.ModelChoiceFilter(field_name="resolution__series", queryset=Series.objects.all())
    session = django_filters.NumberFilter(field_name="resolution__session")
    verb = django_filters.ChoiceFilter(choices=[])
    verb_class = django_filters.ChoiceFilter(choices=Obligation.VERB_CLASSES)
    addressee = django_filters.ModelChoiceFilter(field_name="addressees", queryset=Actor.objects.all())
    kind = django_filters.ChoiceFilter(choices=Obligation.KINDS)
    status = django_filters.MultipleChoiceFilter(choices=Obligation.STATUSES)
    owner = django_filters.ModelChoiceFilter(queryset=get_user_model().objects.filter(is_active=True))
    assigned = django_filters.ChoiceFilter(
        method="filter_assigned", choices=[("mine", "mine"), ("unassigned", "unassigned")], label="Assigned",
    )
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label="Due from")
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="Due to")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue only",
                                           widget=django_filters.widgets.BooleanWidget())
    order = django_filters.OrderingFilter(
        fields=(("due_date", "due"), ("resolution__symbol", "resolution"), ("status", "status")),
        label="Sort",
    )

    class Meta:
        model = Obligation
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["verb"].extra["choices"] = VERB_CHOICES

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(action__icontains=word) | Q(clause_text__icontains=word) | Q(paragraph__text__icontains=word)
            )
        return queryset

    def filter_body(self, queryset, name, value):
        return queryset.filter(resolution__body="" if value == "unknown" else value)

    def filter_assigned(self, queryset, name, value):
        if value == "mine":
            return queryset.filter(owner=self.user) if self.user else queryset.none()
        return queryset.filter(owner__isnull=True)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = overdue_condition(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
