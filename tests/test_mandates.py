"""Mandates: renewed by a later resolution, listed by when they end, reminded of early."""
from datetime import date, datetime, timezone as dt_timezone

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from resolutions.models import Resolution
from tracker.obligations.importing import import_text
from tracker.models import Obligation, Reminder
from tracker.reminders.schedule import sweep
from tracker.tasks import send_reminder

from .conftest import council_text, resolution_text

pytestmark = pytest.mark.django_db

FIRST = council_text(2900, 2030, "30 April 2030", """
1. Decides to extend the mandate of the United Nations Verification Mission in Atlantis (UNVMA) until 30 April 2031;
2. Requests the Secretary-General to report to the Council every 90 days;
3. Decides to remain seized of the matter.""")
RENEWAL = council_text(2960, 2031, "28 April 2031", """
1. Decides to extend the mandate of UNVMA until 30 April 2032;
2. Decides to remain seized of the matter.""", recalls="2900 (2030)")


def on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=dt_timezone.utc), tick=False)


def test_a_renewal_closes_the_mandate_it_renews_with_the_renewing_resolution_as_evidence():
    import_text(FIRST)
    first = Obligation.objects.get(kind="mandate")
    assert (first.due_date, first.addressees.get().name, first.status) == (date(2031, 4, 30), "Security Council", "open")
    result = import_text(RENEWAL)
    assert result.renewed == ["S/RES/2900 (2030)"]
    first.refresh_from_db()
    assert first.status == "done" and [e.symbol for e in first.evidence.all()] == ["S/RES/2960 (2031)"]
    renewal = Obligation.objects.get(kind="mandate", resolution__symbol="S/RES/2960 (2031)")
    assert (renewal.status, renewal.due_date) == ("open", date(2032, 4, 30))
    assert Resolution.objects.get(symbol="S/RES/2960 (2031)").series == first.resolution.series
    import_text(RENEWAL)  # a re-import renews nothing twice
    assert first.evidence.count() == 1


def test_another_mandate_of_the_same_body_is_not_closed():
    import_text(FIRST)
    import_text(council_text(2961, 2031, "28 April 2031",
                             "1. Decides to extend the mandate of the Panel of Experts until 1 May 2032;"))
    assert Obligation.objects.get(kind="mandate", resolution__symbol="S/RES/2900 (2030)").status == "open"


def test_a_renewal_reads_whole_only_the_mandates_it_renews():
    """Every open mandate of the body is looked at for what it is the mandate of; only the
    renewed ones are read whole, as objects (a body has hundreds open)."""
    from django.db.models.signals import post_init

    import_text(FIRST)
    for number in range(2901, 2906):
        import_text(council_text(number, 2030, "1 May 2030",
                                 f"1. Decides to extend the mandate of the Panel of Experts {number} until 1 May 2031;"))
    read = []

    def made(sender, instance, **kwargs):
        read.append(instance.mandate_of)

    post_init.connect(made, sender=Obligation)
    try:
        assert import_text(RENEWAL).renewed == ["S/RES/2900 (2030)"]
    finally:
        post_init.disconnect(made, sender=Obligation)
    assert not [m for m in read if "Panel of Experts" in m]
    assert Obligation.objects.filter(kind="mandate", status="open").count() == 6  # the five panels and the renewal


def test_the_mandates_page_lists_what_ends_soon_by_body_with_its_renewal(client, users):
    import_text(FIRST)
    import_text(RENEWAL)
    with on(date(2031, 3, 1)):
        client.force_login(users["viewer"])
        page = client.get(reverse("mandates"), {"within": 90})
    html = page.content.decode()
    assert page.status_code == 200 and "Security Council" in html
    assert "S/RES/2900 (2030)" in html and "S/RES/2960 (2031)" in html  # set by, renewed by
    assert "30 Apr 2031" in html
    with on(date(2031, 3, 1)):
        later = client.get(reverse("mandates"), {"within": 30}).content.decode()
    assert "S/RES/2900 (2030)" not in later  # ends in 60 days: not within 30


def test_a_mandates_owner_hears_30_days_before_its_end_once(users):
    import_text(FIRST)
    mandate = Obligation.objects.get(kind="mandate")
    mandate.owner = users["staff"]
    mandate.save()
    with on(date(2031, 3, 31)):  # 30 days before 30 April
        for reminder_id in sweep().to_send:
            send_reminder.apply(args=[reminder_id])
        for reminder_id in sweep().to_send:  # a second sweep sends nothing more
            send_reminder.apply(args=[reminder_id])
    assert len(mail.outbox) == 1
    assert "mandate ends in 30 days" in mail.outbox[0].subject
    assert Reminder.objects.get(obligation=mandate).offset == 30


def test_a_reporting_cycle_opens_its_next_occurrence_one_period_after_the_last(users):
    from tracker.obligations.history import apply_edit
    from tracker.models import ObligationChange

    import_text(FIRST)
    cycle = Obligation.objects.get(kind="report")
    assert (cycle.recurrence, cycle.due_date) == ("P90D", date(2030, 7, 29))
    apply_edit(cycle, users["staff"], ObligationChange.Source.STAFF, status=Obligation.Status.DONE)
    assert cycle.next_occurrences.get().due_date == date(2030, 10, 27)


def test_one_ingest_reads_a_folder_of_every_body(tmp_path, capsys):
    (tmp_path / "council.txt").write_text(FIRST)
    (tmp_path / "assembly.txt").write_text(resolution_text("1. Requests the Secretary-General to act;"))
    (tmp_path / "geneva.txt").write_text(
        "Resolution adopted by the Human Rights Council on 3 April 2026\n\n61/9.\tA topic\n\n"
        "The Human Rights Council,\n\nRecalling its work,\n\n1. Requests the High Commissioner to act;\n")
    (tmp_path / "ecosoc.txt").write_text(
        "Resolution adopted by the Economic and Social Council on 20 July 2031\n\n2031/4.\tA topic\n\n"
        "The Economic and Social Council,\n\nRecalling its work,\n\n1. Requests the Secretary-General to act;\n")
    call_command("ingest", str(tmp_path), "--quiet")
    assert dict(Resolution.objects.values_list("symbol", "body")) == {
        "S/RES/2900 (2030)": "Security Council", "A/RES/70/123": "General Assembly",
        "A/HRC/RES/61/9": "Human Rights Council", "E/RES/2031/4": "Economic and Social Council"}


def test_the_list_filters_by_body_and_an_unknown_body_is_said_on_its_page(client, users):
    import_text(FIRST)
    import_text(resolution_text("1. Requests the Secretary-General to act;"))
    import_text("12/3. A text of no known body\n\nRecalling its work,\n\n1. Requests the Secretary-General to act;\n")
    client.force_login(users["viewer"])
    listed = client.get(reverse("obligations"), {"body": "Security Council"}).context["page"].object_list
    assert {o.resolution.symbol for o in listed} == {"S/RES/2900 (2030)"}
    unknown = client.get(reverse("obligations"), {"body": "unknown"}).context["page"].object_list
    assert {o.resolution.symbol for o in unknown} == {"A/RES/12/3"}
    page = client.get(reverse("resolution", args=[Resolution.objects.get(symbol="A/RES/12/3").pk])).content.decode()
    assert "adopting body could not be told" in page


def test_the_mandates_page_comes_in_pages(client, users, monkeypatch):
    monkeypatch.setattr("tracker.views.mandates.PAGE_SIZE", 1)
    import_text(FIRST)
    import_text(council_text(2901, 2030, "30 April 2030", """
        1. Decides to extend the mandate of the Panel of Experts on Atlantis until 15 April 2031;"""))
    with on(date(2031, 3, 1)):
        client.force_login(users["viewer"])  # inside the travel: a session from today has expired by 2031
        first = client.get(reverse("mandates"), {"within": 90}).content.decode()
        second = client.get(reverse("mandates"), {"within": 90, "page": 2}).content.decode()
    assert Obligation.objects.filter(kind="mandate").count() == 2
    assert "2 found" in first and "page 1 of 2" in first and "page 2 of 2" in second
    assert ("S/RES/2901 (2030)" in first) != ("S/RES/2901 (2030)" in second)  # one a page, each once
    assert ("S/RES/2900 (2030)" in first) != ("S/RES/2900 (2030)" in second)


def test_the_mandates_page_reads_no_resolution_text_and_the_same_queries_for_more_mandates(client, users):
    """The page reads what it shows: not the resolutions' texts (most of their rows), and
    no query more for each mandate listed, renewed or not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries():
        with on(date(2031, 3, 1)):
            client.force_login(users["viewer"])
            with CaptureQueriesContext(connection) as queries:
                html = client.get(reverse("mandates"), {"within": 90}).content.decode()
        return html, [q["sql"] for q in queries.captured_queries]

    import_text(FIRST)
    import_text(RENEWAL)
    html, few = page_queries()
    assert "S/RES/2960 (2031)" in html and "United Nations Verification Mission" in html
    import_text(council_text(2901, 2030, "30 April 2030", """
        1. Decides to extend the mandate of the Panel of Experts on Atlantis until 15 April 2031;"""))
    html, more = page_queries()
    assert "S/RES/2901 (2030)" in html and "2 found" in html
    assert len(more) == len(few)
    assert not [sql for sql in more if "source_text" in sql]


def test_mandates_running_ending_within_any_days_and_lapsed_without_renewal(client, users):
    from .factories import ObligationFactory

    def mandate(ends, **fields):
        return ObligationFactory(kind=Obligation.Kind.MANDATE, due_date=ends, action="to extend the mandate",
                                 addressees=["General Assembly"], **fields)

    with time_machine.travel(date(2026, 12, 6), tick=False):
        soon, next_year, lapsed = mandate(date(2027, 1, 15)), mandate(date(2027, 11, 30)), mandate(date(2026, 6, 30))
        renewed = mandate(date(2026, 3, 31), status=Obligation.Status.DONE)
        today = date(2026, 12, 6)
        assert list(Obligation.objects.mandates("ending", today, 90)) == [soon]
        assert list(Obligation.objects.mandates("ending", today, 365)) == [soon, next_year]
        assert list(Obligation.objects.mandates("running", today)) == [soon, next_year]
        assert list(Obligation.objects.mandates("lapsed", today)) == [lapsed]
        client.force_login(users["viewer"])
        page = client.get(reverse("mandates"), {"show": "lapsed"}).content.decode()
        assert lapsed.get_absolute_url() in page and renewed.get_absolute_url() not in page
        api = client.get(reverse("api:mandate-list"), {"within": 400}).json()
        assert [m["id"] for m in api["results"]] == [soon.pk, next_year.pk]
        assert client.get(reverse("api:mandate-list"), {"show": "nonsense"}).status_code == 400
