"""The counts' tally: written by the database with the obligations, so the home page's counts and
a list's total stay right whatever writes them, and read in rows that do not grow with them."""
import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from tracker.lib import tally
from tracker.models import Evidence, Obligation, ObligationTally, Resolution

from .factories import ObligationFactory

pytestmark = pytest.mark.django_db

KEY = ("status", "kind", "answered", "due_by")


def counted_from_rows() -> Counter:
    return Counter({tuple(row[k] for k in KEY): row["n"]
                    for row in Obligation.objects.order_by().values(*KEY).annotate(n=Count("pk"))})


def counted_from_tally() -> Counter:
    totals = Counter()
    for row in ObligationTally.objects.values(*KEY, "delta"):
        totals[tuple(row[k] for k in KEY)] += row["delta"]
    return +totals  # groups summing to nothing dropped


@pytest.fixture
def many():
    """Obligations of every status and kind, due around today, some undated."""
    rng, today = random.Random(3), timezone.localdate()
    return [ObligationFactory(status=rng.choice(Obligation.Status.values), kind=rng.choice(Obligation.Kind.values),
                              due_date=rng.choice([None, today + timedelta(days=rng.randint(-90, 90))]))
            for _ in range(40)]


def test_the_tally_follows_every_way_of_writing_obligations(many):
    assert counted_from_tally() == counted_from_rows()
    one = many[0]
    one.status, one.due_date = Obligation.Status.DONE, date(2030, 1, 1)
    one.save()  # one row
    Obligation.objects.filter(kind=Obligation.Kind.REPORT).update(status=Obligation.Status.SUPERSEDED)  # many
    Evidence.objects.create(obligation=many[1], symbol="A/80/1")  # answered
    Obligation.objects.filter(pk=many[2].pk).delete()
    Resolution.objects.filter(pk=many[3].resolution_id).delete()  # its obligations go with it
    assert counted_from_tally() == counted_from_rows()


def test_a_rollback_takes_its_counts_back(many):
    before = counted_from_tally()
    with pytest.raises(RuntimeError), transaction.atomic():
        Obligation.objects.update(status=Obligation.Status.WITHDRAWN)
        raise RuntimeError
    assert counted_from_tally() == before == counted_from_rows()


def test_compacting_folds_the_changes_into_a_row_a_group(many):
    Obligation.objects.update(status=Obligation.Status.IN_PROGRESS)
    Obligation.objects.update(status=Obligation.Status.OPEN)
    written = ObligationTally.objects.count()
    left = tally.compact()
    assert ObligationTally.objects.count() == left == len(counted_from_rows()) < written
    assert counted_from_tally() == counted_from_rows()


def test_triggers_lost_with_a_rebuilt_table_are_put_back_and_the_tally_counted_again(many):
    with connection.cursor() as cursor:
        for name in ("insert", "update", "delete"):
            on = " ON tracker_obligation" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER tracker_tally_{name}{on}")
    ObligationFactory(status=Obligation.Status.OPEN)
    assert counted_from_tally() != counted_from_rows()
    tally.install()
    ObligationFactory(status=Obligation.Status.OPEN)
    assert counted_from_tally() == counted_from_rows()


def test_the_home_counts_are_those_of_the_rows(client_for, users, many):
    Evidence.objects.create(obligation=Obligation.objects.overdue().first(), symbol="A/80/2")
    today = timezone.localdate()
    counts = client_for(users["staff"]).get(reverse("dashboard")).context["counts"]
    assert counts == {
        "open": Obligation.objects.open().count(),
        "due_soon": Obligation.objects.open().filter(due_by__range=(today, today + timedelta(days=30))).count(),
        "overdue": Obligation.objects.overdue(today).count(),
        "done": Obligation.objects.filter(status=Obligation.Status.DONE).count(),
    }


@pytest.mark.parametrize("params, from_tally", [
    ({}, True),
    ({"kind": "report", "status": ["open", "done"], "order": "due"}, True),
    ({"overdue": "true"}, True),
    ({"history": "true", "due_from": "2000-01-01"}, True),
    ({"addressee": "Secretary-General"}, False),
    ({"recurring": "true"}, False),
])
def test_a_lists_total_is_read_from_the_tally_only_where_it_holds_the_filters(client_for, users, many, params,
                                                                                from_tally):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = client_for(users["staff"]).get(reverse("obligations"), params).context["page"]
    listed = page.paginator.object_list
    assert page.paginator.count == len(list(listed))
    assert any("tracker_obligationtally" in q["sql"] for q in queries.captured_queries) == from_tally
