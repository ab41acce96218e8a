"""Saved views: a filter set kept under a name, a person's own or shared with the team."""
import pytest
from django.urls import reverse

from tracker.models import SavedView

pytestmark = pytest.mark.django_db


def test_a_view_is_saved_from_the_list_and_opens_the_same_filters(client_for, users):
    client = client_for(users["staff"])
    answer = client.post(reverse("save_view"), {"name": "Third Committee reports",
                                                "query": "kind=report&committee=Third+Committee&page=3"})
    view = SavedView.objects.get()
    assert (view.owner, view.query, view.shared) == (users["staff"], "kind=report&committee=Third+Committee", False)
    assert answer.url == "/obligations/?kind=report&committee=Third+Committee"
    assert "Third Committee reports" in client.get(reverse("obligations")).content.decode()


def test_a_shared_view_is_the_teams_and_a_personal_one_its_owners(client_for, users):
    client_for(users["staff"]).post(reverse("save_view"), {"name": "Ours", "query": "kind=report", "shared": "on"})
    client_for(users["staff"]).post(reverse("save_view"), {"name": "Mine alone", "query": "kind=action"})
    html = client_for(users["viewer"]).get(reverse("obligations")).content.decode()
    offered = html[html.index('id="saved-views"'):html.index('id="save-view"')]
    assert "Ours" in offered and "Mine alone" not in offered


def test_only_its_owner_deletes_a_view(client_for, users):
    client_for(users["staff"]).post(reverse("save_view"), {"name": "Ours", "query": "", "shared": "on"})
    view = SavedView.objects.get()
    assert client_for(users["viewer"]).post(reverse("delete_view", args=[view.pk])).status_code == 404
    client_for(users["staff"]).post(reverse("delete_view", args=[view.pk]))
    assert not SavedView.objects.exists()


def test_the_same_name_again_replaces_what_it_holds(client_for, users):
    client = client_for(users["staff"])
    client.post(reverse("save_view"), {"name": "Due", "query": "kind=report"})
    client.post(reverse("save_view"), {"name": "Due", "query": "kind=agenda"})
    assert list(SavedView.objects.values_list("query", flat=True)) == ["kind=agenda"]
