"""A request a later resolution of its series asks again is superseded: not open, not overdue,
not reminded; a person's status always wins."""
from datetime import date

import pytest
from django.urls import reverse

from resolutions.models import Series
from tracker.models import Evidence, Obligation
from tracker.obligations.superseding import supersede_in_series
from tracker.reminders.schedule import due_today

from .factories import ObligationFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

ON_MIGRANTS = "to submit to the General Assembly a report on violence against women migrant workers"
ON_BUDGET = "to submit a report on the financing of the regional centre and its budget for the biennium"


@pytest.fixture
def series():
    return Series.objects.create(title="Violence against women migrant workers", key="violence-migrant-workers")


def request_in(series, year: int, action: str = ON_MIGRANTS, addressees=("Secretary-General",), **fields):
    resolution = ResolutionFactory(series=series, adopted=date(year, 12, 17), symbol=f"A/RES/{year - 1945}/161",
                                   session=year - 1945, title=series.title)
    fields.setdefault("due_date", date(year + 1, 9, 9))
    return ObligationFactory(resolution=resolution, action=action, addressees=list(addressees), **fields)


def test_a_request_asked_again_later_in_its_series_is_superseded_by_it(series):
    earlier, later = request_in(series, 2022), request_in(series, 2024)
    assert supersede_in_series(series.pk) == 1
    earlier.refresh_from_db()
    assert (earlier.status, earlier.superseded_by) == (Obligation.Status.SUPERSEDED, later)
    history = {(c.field, c.new) for c in earlier.changes.all()}
    assert ("superseded_by", f"A/RES/79/161, para. {later.label}") in history
    assert ("status", "superseded") in history
    later.refresh_from_db()
    assert later.status == Obligation.Status.OPEN


def test_another_addressee_or_another_subject_still_due_is_no_asking_again(series):
    to_states = request_in(series, 2022, addressees=["Member States"])
    on_budget = request_in(series, 2023, action=ON_BUDGET, due_date=date(2025, 9, 9))
    request_in(series, 2024)
    supersede_in_series(series.pk)
    assert set(Obligation.objects.filter(pk__in=[to_states.pk, on_budget.pk]).values_list("status", flat=True)) == {
        Obligation.Status.OPEN}


def test_a_report_past_its_deadline_is_asked_anew_by_the_next_request_to_its_addressee(series):
    on_budget = request_in(series, 2022, action=ON_BUDGET)  # due at the session of 2023
    later = request_in(series, 2024)
    supersede_in_series(series.pk)
    on_budget.refresh_from_db()
    assert on_budget.superseded_by == later


def test_a_status_a_person_set_is_never_superseded_and_a_reopened_one_stays_open(series):
    kept = request_in(series, 2020, status=Obligation.Status.IN_PROGRESS, edited_fields=["status"])
    reopened = request_in(series, 2022)
    request_in(series, 2024)
    supersede_in_series(series.pk)
    reopened.refresh_from_db()
    assert reopened.status == Obligation.Status.SUPERSEDED
    reopened.status, reopened.edited_fields = Obligation.Status.OPEN, ["status"]
    reopened.save()
    supersede_in_series(series.pk)  # the next import of the series
    kept.refresh_from_db()
    reopened.refresh_from_db()
    assert (kept.status, reopened.status) == (Obligation.Status.IN_PROGRESS, Obligation.Status.OPEN)


def test_an_answered_request_stays_done(series):
    answered = request_in(series, 2022, status=Obligation.Status.DONE)
    Evidence.objects.create(symbol="A/78/123", obligation=answered)
    request_in(series, 2024)
    supersede_in_series(series.pk)
    answered.refresh_from_db()
    assert answered.status == Obligation.Status.DONE and answered.superseded_by is None


def test_a_superseded_request_is_not_open_overdue_or_reminded(series, settings):
    settings.REMINDER_OFFSETS = [14]
    earlier = request_in(series, 2022)
    request_in(series, 2024)
    supersede_in_series(series.pk)
    assert not Obligation.objects.open().filter(pk=earlier.pk).exists()
    assert not Obligation.objects.overdue(date(2026, 1, 1)).filter(pk=earlier.pk).exists()
    assert earlier.pk not in due_today(date(2023, 8, 26)).values_list("pk", flat=True)


def test_the_api_says_superseded_and_by_what(client, users, series):
    earlier, later = request_in(series, 2022), request_in(series, 2024)
    supersede_in_series(series.pk)
    client.force_login(users["viewer"])
    item = client.get(reverse("api:obligation-detail", args=[earlier.pk])).json()
    assert item["status"] == "superseded"
    assert item["superseded_by"] == {"id": later.pk, "resolution": "A/RES/79/161", "paragraph": later.label,
                                     "citation": f"A/RES/79/161, para. {later.label}"}


def test_the_migrations_apply_the_rules_once_to_what_is_stored(series):
    """A database filled before these rules: its due_by and its superseded requests are set."""
    from importlib import import_module

    from django.apps import apps

    earlier, later = request_in(series, 2022, due_date=date(2023, 1, 1), due_precision="year"), request_in(series, 2024)
    Obligation.objects.update(due_by=None)  # as the rows stood before the migrations
    import_module("tracker.migrations.0016_obligation_due_by").fill_due_by(apps, None)
    import_module("tracker.migrations.0017_obligation_superseded").supersede_existing(apps, None)
    earlier.refresh_from_db()
    assert earlier.due_by == date(2023, 12, 31)
    assert (earlier.status, earlier.superseded_by_id) == (Obligation.Status.SUPERSEDED, later.pk)
    assert earlier.changes.filter(field="superseded_by", new=f"A/RES/79/161, para. {later.label}").exists()
