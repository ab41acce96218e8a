"""Counts over all obligations are kept in the cache, and never shown after a change they miss."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker.obligations.history import apply_edit
from tracker.obligations.importing import import_text
from tracker.models import Evidence, Obligation, ObligationChange

from .conftest import resolution_text

# Committed as they go, as in production: a transaction's own changes are counted, not kept.
pytestmark = pytest.mark.django_db(transaction=True)


def home_counts(client):
    with CaptureQueriesContext(connection) as queries:
        counts = client.get(reverse("dashboard")).context["counts"]
    counted = any("tracker_obligationtally" in q["sql"] for q in queries.captured_queries)  # lib/tally.py
    return counts, counted


def test_home_counts_are_made_once_and_follow_every_kind_of_change(client_for, users, seeded):
    client = client_for(users["staff"])
    first, counted = home_counts(client)
    assert counted
    again, counted = home_counts(client)
    assert again == first and not counted  # kept: no count over the obligations

    # One obligation saved (the obligation page's edit).
    one = Obligation.objects.open().first()
    apply_edit(one, users["staff"], ObligationChange.Source.STAFF, status=Obligation.Status.DONE)
    after_edit, counted = home_counts(client)
    assert counted and after_edit["done"] == first["done"] + 1 and after_edit["open"] == first["open"] - 1

    # Rows changed in bulk (the list's bulk form).
    two = Obligation.objects.open().exclude(pk=one.pk).first()
    client.post(reverse("obligations_bulk"), {"ids": [two.pk], "status": "done", "owner": "",
                                              "scope": "selected", "query": ""})
    assert home_counts(client)[0]["done"] == first["done"] + 2

    # Evidence answers an overdue request.
    late = Obligation.objects.overdue().first()
    Evidence.objects.create(symbol="A/99/1", obligation=late)
    assert home_counts(client)[0]["overdue"] == after_edit["overdue"] - 1

    # An import adds obligations.
    import_text(resolution_text("1. Requests the Secretary-General to submit a report on it to the "
                                "General Assembly at its seventy-first session;", symbol="70/999"))
    assert home_counts(client)[0]["open"] == after_edit["open"] - 1 + 1


def test_a_lists_total_is_kept_and_follows_a_change(client_for, users, seeded):
    client = client_for(users["viewer"])
    url = reverse("obligations") + "?status=open"
    before = client.get(url).context["page"].paginator.count
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).context["page"].paginator.count == before
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)
    Obligation.objects.filter(pk=Obligation.objects.open().first().pk).update(status=Obligation.Status.DONE)
    assert client.get(url).context["page"].paginator.count == before - 1


def test_a_transaction_that_changed_obligations_keeps_no_count(client_for, users, seeded):
    """Its counts hold what others cannot see yet, and what a rollback takes back."""
    from django.db import transaction

    from tracker.lib import counts

    client = client_for(users["staff"])
    before, _ = home_counts(client)
    with transaction.atomic():
        Obligation.objects.filter(pk=Obligation.objects.open().first().pk).update(status=Obligation.Status.DONE)
        inside = counts.count_once_per_version("home test", lambda: Obligation.objects.filter(status=Obligation.Status.DONE).count())
        transaction.set_rollback(True)
    assert inside == before["done"] + 1
    assert counts.count_once_per_version("home test", lambda: Obligation.objects.filter(status=Obligation.Status.DONE).count()) == before["done"]
    assert home_counts(client)[0] == before


def rows_read(client, url):
    """The list's HTML (its CSRF tokens, masked anew each time, left out), and whether its rows
    were read from the database."""
    with CaptureQueriesContext(connection) as queries:
        html = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", client.get(url).content.decode())
    return html, any('FROM "tracker_obligation"' in q["sql"] and "LIMIT" in q["sql"] for q in queries.captured_queries)


def test_the_lists_rendered_rows_are_kept_and_follow_every_change_they_show(client_for, users, seeded):
    client = client_for(users["staff"])
    url = reverse("obligations") + "?status=open&order=due"
    first, read = rows_read(client, url)
    assert read
    again, read = rows_read(client, url)
    assert again == first and not read  # rendered once for this version of the obligations

    # The obligation's own change (the bulk form), an addressee renamed and a resolution's symbol
    # corrected in the admin, an owner's new username: each is on the next page shown.
    one = Obligation.objects.open().order_by("due_date").first()
    client.post(reverse("obligations_bulk"), {"ids": [one.pk], "owner": users["viewer"].pk, "status": "",
                                              "scope": "selected", "query": ""})
    html, read = rows_read(client, url)
    assert read and 'data-label="Owner">reader<' in html
    users["viewer"].username = "vera"
    users["viewer"].save()
    assert 'data-label="Owner">vera<' in rows_read(client, url)[0]
    actor = one.addressees.first()
    actor.name = "Renamed Office"
    actor.save()
    assert "Renamed Office" in rows_read(client, url)[0]
    resolution = one.resolution
    resolution.symbol = resolution.symbol + "/Corr.1"
    resolution.save()
    assert resolution.symbol in rows_read(client, url)[0]


def test_the_homes_lists_are_kept_and_follow_a_change_and_their_user(client_for, users, seeded):
    client = client_for(users["staff"])
    first, read = rows_read(client, reverse("dashboard"))
    assert read
    again, read = rows_read(client, reverse("dashboard"))
    assert again == first and not read  # the three lists rendered once for this version

    one = Obligation.objects.open().order_by("due_date").first()
    Obligation.objects.filter(pk=one.pk).update(owner=users["staff"])
    html, read = rows_read(client, reverse("dashboard"))
    mine = html.split("<h2>Mine", 1)[1].split("<h2>", 1)[0]
    assert read and f'href="{one.get_absolute_url()}"' in mine
    html, _ = rows_read(client_for(users["viewer"]), reverse("dashboard"))
    assert f'href="{one.get_absolute_url()}"' not in html.split("<h2>Mine", 1)[1].split("<h2>", 1)[0]


def test_the_mandates_page_is_kept_and_follows_a_change(client_for, users):
    from datetime import datetime, timezone as dt_timezone

    import time_machine

    from .conftest import council_text

    import_text(council_text(2900, 2030, "30 April 2030",
                             "1. Decides to extend the mandate of the Mission in Atlantis until 30 April 2031;"))
    with time_machine.travel(datetime(2031, 3, 1, 9, tzinfo=dt_timezone.utc), tick=False):
        client = client_for(users["viewer"])
        url = reverse("mandates") + "?within=90"
        first, read = rows_read(client, url)
        assert read and "S/RES/2900 (2030)" in first and "in 60 days" in first
        again, read = rows_read(client, url)
        assert again == first and not read
        Obligation.objects.filter(kind=Obligation.Kind.MANDATE).update(status=Obligation.Status.IN_PROGRESS)
        html, read = rows_read(client, url)
        assert read and "<td>in progress</td>" in html


def test_each_user_and_each_page_of_the_list_has_its_own_rendering(client_for, users, seeded):
    url = reverse("obligations") + "?order=due"
    staff_html = client_for(users["staff"]).get(url).content.decode()
    viewer_html = client_for(users["viewer"]).get(url).content.decode()
    assert 'name="ids"' in staff_html and 'name="ids"' not in viewer_html  # the bulk form is staff's
    second = client_for(users["staff"]).get(url + "&page=2").context["page"]
    assert f'value="{second.object_list[0].pk}"' in client_for(users["staff"]).get(url + "&page=2").content.decode()
    assert f'value="{second.object_list[0].pk}"' not in staff_html


def test_my_delegation_is_kept_for_the_state_the_user_serves(client_for, users):
    import_text(resolution_text("1. Urges Member States to continue working towards the goals;\n"
                                "2. Calls upon the Government of Iraq to cooperate fully;"))
    iraq = Obligation.objects.get(label="2").get_absolute_url()
    client = client_for(users["viewer"])
    profile = {"first_name": "Vera", "last_name": "L", "member_state": "Iraq"}
    client.post(reverse("profile"), profile)
    html, read = rows_read(client, reverse("my_delegation"))
    assert read and f'href="{iraq}"' in html
    html, read = rows_read(client, reverse("my_delegation"))
    assert not read and f'href="{iraq}"' in html
    client.post(reverse("profile"), {**profile, "member_state": "Ghana"})  # no obligation changed
    html, read = rows_read(client, reverse("my_delegation"))
    assert read and f'href="{iraq}"' not in html


def test_the_shared_redis_cache_keeps_one_client_and_reads_back_what_it_wrote():
    """Production's cache (CACHE_URL): Django's Redis backend, its client made once, not per call."""
    import redis

    from tracker.lib.cache import SharedRedisCache

    from .conftest import need_service

    url = "redis://127.0.0.1:6379/11"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        need_service("Redis (the shared cache)")
    cache = SharedRedisCache(url, {})
    cache.set("counts:test", {"open": 3}, 30)
    assert cache.get("counts:test") == {"open": 3}
    assert cache.add("counts:test", "other", 30) is False and cache.get_or_set("counts:new", lambda: 7, 30) == 7
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=False)
    cache.delete_many(["counts:test", "counts:new"])
    assert cache.get("counts:test") is None


def test_a_lists_total_is_counted_once_for_every_order_and_apart_for_other_filters(client_for, users, seeded):
    client = client_for(users["viewer"])
    url = reverse("obligations")
    by_due = client.get(url + "?status=open&order=due").context["page"].paginator.count
    with CaptureQueriesContext(connection) as queries:
        by_symbol = client.get(url + "?status=open&order=-resolution").context["page"].paginator.count
    assert by_symbol == by_due
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)  # the order changes no total
    reports = client.get(url + "?status=open&kind=report&order=-resolution").context["page"].paginator.count
    assert reports == Obligation.objects.open().filter(kind=Obligation.Kind.REPORT).count() < by_due
    first, second = Obligation.objects.open().order_by("pk")[:2]
    Obligation.objects.filter(pk=first.pk).update(owner=users["viewer"])
    Obligation.objects.filter(pk=second.pk).update(owner=users["staff"])
    Obligation.objects.exclude(pk__in=[first.pk, second.pk]).filter(owner=users["staff"]).update(owner=None)
    mine = client.get(url + "?assigned=mine").context["page"].paginator.count
    assert mine == Obligation.objects.filter(owner=users["viewer"]).count() >= 1
    # The same address for another user: their own rows, counted apart.
    theirs = client_for(users["staff"]).get(url + "?assigned=mine").context["page"].paginator.count
    assert theirs == 1


class VersionReads:
    """The cache, counting how often the obligations' version is read from it."""

    def __init__(self, cache):
        self.cache, self.reads = cache, 0

    def get(self, key, *args, **kwargs):
        from tracker.lib import counts

        self.reads += key == counts.VERSION_KEY
        return self.cache.get(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.cache, name)


def test_a_request_reads_the_obligations_version_once_and_then_what_it_changed(client_for, users, seeded,
                                                                               monkeypatch):
    """A list page's total and its kept parts are of one version, read from the cache once; a
    change made in the request is seen by the rest of it; outside a request it is read each time."""
    from django.core.signals import request_finished, request_started

    from tracker.lib import counts

    reads = VersionReads(counts.cache)
    monkeypatch.setattr(counts, "cache", reads)
    client = client_for(users["staff"])
    client.get(reverse("obligations") + "?status=open&order=due")
    assert reads.reads == 1

    request_started.send(sender=None)
    try:
        before = counts.version()
        Obligation.objects.filter(pk=Obligation.objects.open().first().pk).update(status=Obligation.Status.DONE)
        assert counts.version() != before
    finally:
        request_finished.send(sender=None)
    reads.reads = 0
    counts.version(), counts.version()
    assert reads.reads == 2

