"""A team's labels on obligations: put on and taken off by staff, in the history, filterable."""
import pytest
from django.urls import reverse

from tracker.models import Label

from .factories import ObligationFactory

pytestmark = pytest.mark.django_db


def test_staff_label_an_obligation_and_the_list_filters_by_it(client_for, users):
    ours, other = ObligationFactory(), ObligationFactory()
    client = client_for(users["staff"])
    client.post(reverse("label_add", args=[ours.pk]), {"name": "  Our   facilitation "})
    client.post(reverse("label_add", args=[other.pk]), {"name": "our facilitation"})  # the same label, once
    assert list(Label.objects.values_list("name", flat=True)) == ["Our facilitation"]
    listed = client.get(reverse("obligations"), {"label": "OUR FACILITATION"}).context["page"]
    assert {o.pk for o in listed} == {ours.pk, other.pk}
    assert "Our facilitation" in client.get(reverse("obligations")).content.decode()  # shown on its row
    change = ours.changes.get(field="labels")
    assert (change.new, change.user) == ("Our facilitation", users["staff"])


def test_a_label_taken_off_is_in_the_history_and_gone_from_the_filter(client_for, users):
    ours = ObligationFactory()
    client = client_for(users["staff"])
    client.post(reverse("label_add", args=[ours.pk]), {"name": "capital to clear"})
    label = Label.objects.get()
    client.post(reverse("label_remove", args=[ours.pk, label.pk]))
    assert not client.get(reverse("obligations"), {"label": "capital to clear"}).context["page"].object_list
    assert ours.changes.filter(field="labels", old="capital to clear").exists()


def test_a_viewer_cannot_label(client_for, users):
    ours = ObligationFactory()
    assert client_for(users["viewer"]).post(reverse("label_add", args=[ours.pk]), {"name": "x"}).status_code == 403
    assert not Label.objects.exists()


def test_the_api_gives_and_filters_by_labels(client_for, users):
    ours = ObligationFactory()
    ours.labels.add(Label.named("our facilitation"))
    ObligationFactory()
    listed = client_for(users["viewer"]).get(reverse("api:obligation-list"), {"label": "our facilitation"}).json()
    assert [(o["id"], o["labels"]) for o in listed["results"]] == [(ours.pk, ["our facilitation"])]
