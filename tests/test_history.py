"""The history of an obligation: every change recorded, a person's edits kept through re-imports."""
import threading
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from tracker.models import Obligation, ObligationChange
from tracker.obligations.history import apply_edit
from tracker.obligations.importing import import_text
from tracker.obligations.wording import deadline_words

from .conftest import need_service, resolution_text
from .factories import ObligationFactory

pytestmark = pytest.mark.django_db

REQUEST = "1. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report;"


def test_each_changed_field_is_one_history_row_with_old_and_new(users):
    obligation = ObligationFactory()
    changed = apply_edit(obligation, users["staff"], ObligationChange.Source.STAFF, status=Obligation.Status.IN_PROGRESS,
                         owner=users["staff"])
    assert sorted(changed) == ["owner", "status"]
    rows = {c.field: (c.old, c.new, c.user, c.source) for c in obligation.changes.all()}
    assert rows["status"] == ("open", "in_progress", users["staff"], ObligationChange.Source.STAFF)
    assert rows["owner"] == ("", "desk", users["staff"], ObligationChange.Source.STAFF)
    assert apply_edit(obligation, users["staff"], ObligationChange.Source.STAFF, owner=users["staff"]) == []


def test_a_date_a_person_sets_is_a_day_and_is_kept_by_the_next_import(users):
    import_text(resolution_text(REQUEST))
    obligation = Obligation.objects.get()
    obligation.due_precision = "month"
    obligation.save()
    apply_edit(obligation, users["staff"], ObligationChange.Source.STAFF, due_date=date(2016, 10, 1))
    assert obligation.due_precision == "day"
    assert set(obligation.edited_fields) == {"due_date", "due_precision", "due_text"}
    import_text(resolution_text(REQUEST))
    obligation.refresh_from_db()
    assert obligation.due_date == date(2016, 10, 1)


def test_a_date_a_person_sets_is_no_longer_at_the_session_the_text_named(users):
    import_text(resolution_text(REQUEST))
    obligation = Obligation.objects.get()
    assert deadline_words(obligation) == "13 Sep 2016 · GA 71st session"
    apply_edit(obligation, users["staff"], ObligationChange.Source.STAFF, due_date=date(2016, 12, 14))
    assert (deadline_words(obligation), obligation.due_text) == ("14 Dec 2016", "")
    import_text(resolution_text(REQUEST))  # the text's session does not come back with the next import
    obligation = Obligation.objects.select_related("due_session").get()
    assert (deadline_words(obligation), obligation.due_text) == ("14 Dec 2016", "")


def test_changes_made_by_an_import_are_recorded_but_not_kept_as_edits():
    import_text(resolution_text(REQUEST))
    import_text(resolution_text(REQUEST.replace("seventy-first", "seventy-second")))
    obligation = Obligation.objects.get()
    change = obligation.changes.get(field="due_date")
    assert (change.old, change.new, change.source) == ("2016-09-13", "2017-09-12", ObligationChange.Source.IMPORT)
    assert obligation.edited_fields == []


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_one_wins_the_other_is_told(users):
    if connection.vendor != "postgresql":
        need_service("PostgreSQL, for row locks under two connections at once")
    from django.db import connections
    from django.test import Client

    import_text(resolution_text(REQUEST))
    obligation = Obligation.objects.get()
    version = obligation.updated_at.isoformat()
    start, results = threading.Barrier(2), []

    def save(user, status):
        client = Client()
        client.force_login(user)
        start.wait()
        response = client.post(reverse("obligation", args=[obligation.pk]), {
            "status": status, "owner": "", "due_date": "2016-09-13", "note": "", "version": version})
        results.append(response.status_code)
        connections.close_all()

    threads = [threading.Thread(target=save, args=(users[name], status))
               for name, status in (("staff", "done"), ("admin", "in_progress"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [302, 409]
    assert Obligation.objects.get().changes.filter(field="status").count() == 1

