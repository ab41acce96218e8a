"""The Django admin: everything editable, edits recorded and kept through re-imports."""
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from resolutions.models import SessionCalendar
from tracker.models import Obligation
from tracker.obligations.importing import import_text

from .conftest import resolution_text

pytestmark = pytest.mark.django_db
REQUEST = "1. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report;"
BODY = (
    "Recalling its resolutions,\n"
    "1. Urges States to act;\n"
    "2. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report."
)


@pytest.fixture
def imported():
    import_text(resolution_text(BODY))
    return Obligation.objects.get(label="2")


@pytest.mark.parametrize("name", [
    "tracker_obligation", "tracker_evidence", "resolutions_resolution", "resolutions_actor",
    "resolutions_sessioncalendar", "resolutions_series",
])
def test_changelists_and_forms_open(admin_client, imported, name):
    assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_obligation_list_filters_and_search(admin_client, imported):
    url = reverse("admin:tracker_obligation_changelist")
    response = admin_client.get(url, {"kind__exact": "report", "q": "report"})
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [imported]
    actor = imported.addressees.get()
    response = admin_client.get(url, {"addressees__id__exact": actor.pk})
    assert list(response.context["cl"].queryset) == [imported]


def test_change_form_shows_the_source_paragraph(admin_client, imported):
    response = admin_client.get(reverse("admin:tracker_obligation_change", args=[imported.pk]))
    assert "Requests the Secretary-General to submit" in response.content.decode()


def test_admin_edit_is_recorded_and_survives_reimport(admin_client, admin_user, imported):
    url = reverse("admin:tracker_obligation_change", args=[imported.pk])
    data = {
        "verb": imported.verb, "verb_class": imported.verb_class,
        "addressees": [a.pk for a in imported.addressees.all()], "kind": imported.kind,
        "action": imported.action, "due_date": "2016-10-01", "due_precision": "day",
        "recurrence": "", "status": "in_progress", "owner": admin_user.pk,
        "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0",
        "changes-TOTAL_FORMS": "0", "changes-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    imported.refresh_from_db()
    changes = {c.field: (c.old, c.new, c.user) for c in imported.changes.all()}
    assert changes["status"] == ("open", "in_progress", admin_user)
    assert changes["due_date"] == ("2016-09-13", "2016-10-01", admin_user)
    import_text(resolution_text(BODY))
    imported.refresh_from_db()
    assert (imported.status, imported.due_date, imported.owner) == ("in_progress", date(2016, 10, 1), admin_user)


def test_bulk_status_and_owner_actions(admin_client, admin_user, imported):
    url = reverse("admin:tracker_obligation_changelist")
    ids = list(Obligation.objects.values_list("pk", flat=True))
    admin_client.post(url, {"action": "mark_done", "_selected_action": ids})
    assert set(Obligation.objects.values_list("status", flat=True)) == {"done"}
    page = admin_client.post(url, {"action": "assign_owner", "_selected_action": ids})
    assert page.status_code == 200 and b"Assign an owner" in page.content
    admin_client.post(url, {"action": "assign_owner", "_selected_action": ids, "apply": "1", "owner": admin_user.pk})
    assert set(Obligation.objects.values_list("owner", flat=True)) == {admin_user.pk}
    assert imported.changes.filter(field="owner", source="admin").exists()


def test_a_session_date_edited_in_the_admin_becomes_a_correction(admin_client, imported):
    row = SessionCalendar.objects.get(body="general-assembly", number=71)
    url = reverse("admin:resolutions_sessioncalendar_change", args=[row.pk])
    admin_client.post(url, {"body": row.body, "body_name": row.body_name, "number": 71, "opens": "2016-09-20",
                            "precision": "day", "source": row.source})
    row.refresh_from_db()
    assert (row.opens, row.source) == (date(2016, 9, 20), "corrected")
    imported.refresh_from_db()
    assert imported.due_date == date(2016, 9, 20)
    assert imported.changes.filter(field="due_date", new="2016-09-20").exists()


def test_admin_actions_need_the_change_permission(client, users, django_user_model):
    import_text(resolution_text(REQUEST))
    watcher = django_user_model.objects.create_user("watcher", "w@example.org", "pw-watcher", is_staff=True)
    watcher.user_permissions.add(Permission.objects.get(codename="view_obligation"))
    client.force_login(watcher)
    url = reverse("admin:tracker_obligation_changelist")
    page = client.get(url)
    assert page.status_code == 200 and "mark_done" not in page.content.decode()
    client.post(url, {"action": "mark_done", "_selected_action": [Obligation.objects.get().pk]})
    assert Obligation.objects.get().status == "open"

