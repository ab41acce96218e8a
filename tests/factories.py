"""factory_boy factories: the rows a tracker test needs, made directly, not through the parser.

    ObligationFactory(kind=Obligation.Kind.REPORT, due_date=date(2026, 9, 8), addressees=["Secretary-General"])

makes its resolution, paragraph and actors with it; any of them can be given instead.
"""
from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from resolutions.models import Actor, Paragraph, Resolution
from tracker.models import Obligation


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("pw-correct-horse")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        """UserFactory(groups=["staff"]): the user's groups, made where missing."""
        for name in names or ():
            self.groups.add(Group.objects.get_or_create(name=name)[0])


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution
        django_get_or_create = ("symbol",)

    session = 79
    symbol = factory.Sequence(lambda n: f"A/RES/79/{n + 1}")
    body = "General Assembly"
    title = factory.Sequence(lambda n: f"Question number {n}")
    adopted = date(2024, 12, 17)


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph

    resolution = factory.SubFactory(ResolutionFactory)
    kind = Paragraph.Kind.OPERATIVE
    number = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(lambda n: n)
    text = "Requests the Secretary-General to submit a report to the General Assembly at its eightieth session;"


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ("name",)

    name = "Secretary-General"


class ObligationFactory(factory.django.DjangoModelFactory):
    """A request of the Secretary-General for a report at the Assembly's eightieth session."""

    class Meta:
        model = Obligation
        skip_postgeneration_save = True

    resolution = factory.SubFactory(ResolutionFactory)
    paragraph = factory.SubFactory(ParagraphFactory, resolution=factory.SelfAttribute("..resolution"))
    label = factory.LazyAttribute(lambda o: o.paragraph.number if o.paragraph else "1")
    key = factory.Sequence(lambda n: f"obligation-{n}")
    clause_text = factory.LazyAttribute(lambda o: o.paragraph.text if o.paragraph else "")
    verb = "requests"
    verb_class = "directive"
    kind = Obligation.Kind.REPORT
    action = "to submit a report to the General Assembly at its eightieth session"
    due_date = date(2025, 9, 9)
    due_precision = "day"
    due_text = "at its eightieth session"

    @factory.post_generation
    def addressees(self, create, names, **kwargs):
        """ObligationFactory(addressees=["Member States"]): by name, made where missing."""
        for name in ["Secretary-General"] if names is None else names:
            self.addressees.add(ActorFactory(name=name) if isinstance(name, str) else name)

