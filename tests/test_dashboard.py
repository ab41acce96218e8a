"""The staff dashboard: pages, roles, filters, CSV, the status change and its history."""
import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from tracker.obligations.importing import import_text
from tracker.models import Evidence, Obligation

from .conftest import resolution_text

pytestmark = pytest.mark.django_db



def pages(obligation):
    return [
        reverse("dashboard"), reverse("obligations"), reverse("obligations_csv"),
        reverse("obligation", args=[obligation.pk]), reverse("resolution", args=[obligation.resolution_id]),
        reverse("series", args=[obligation.resolution.series_id]), reverse("calendar"), reverse("feed_settings"),
        reverse("password_change"),
    ]


def test_anonymous_reaches_only_the_login_page(client, seeded):
    obligation = Obligation.objects.first()
    for url in pages(obligation) + [reverse("import")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("password_reset")).status_code == 200


@pytest.mark.parametrize("role", ["viewer", "staff", "admin"])
def test_every_page_opens_for_every_role(client_for, users, seeded, role):
    client = client_for(users[role])
    for url in pages(Obligation.objects.first()):
        assert client.get(url).status_code == 200, url


def test_a_page_asks_once_whether_its_user_may_edit_and_hears_of_a_change_on_the_next(client_for, users, seeded):
    """The list asks in its view and in its menu; one lookup of the staff group serves both,
    and a user put in or out of the group sees it on the next page."""
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users["viewer"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("obligations"))
    assert sum('"auth_group"' in q["sql"] for q in queries.captured_queries) == 1
    assert page.context["bulk_form"] is None
    users["viewer"].groups.add(Group.objects.get_or_create(name="staff")[0])
    assert client.get(reverse("obligations")).context["bulk_form"] is not None


def test_import_page_is_for_staff_only(client_for, users):
    assert client_for(users["viewer"]).get(reverse("import")).status_code == 403
    assert client_for(users["staff"]).get(reverse("import")).status_code == 200


def test_admin_site_only_for_admins(client_for, users):
    assert client_for(users["staff"]).get(reverse("admin:index")).status_code == 302
    assert client_for(users["admin"]).get(reverse("admin:index")).status_code == 200


def test_viewer_who_posts_a_change_gets_403_and_nothing_changes(client_for, users, seeded):
    obligation = Obligation.objects.first()
    response = client_for(users["viewer"]).post(reverse("obligation", args=[obligation.pk]), {
        "status": "done", "owner": "", "due_date": "", "note": "mine now", "version": obligation.updated_at.isoformat(),
    })
    assert response.status_code == 403
    obligation.refresh_from_db()
    assert (obligation.status, obligation.thread.count()) == ("open", 0)
    assert not obligation.changes.exists()


def post_edit(client, obligation, **values):
    data = {"status": obligation.status, "owner": obligation.owner_id or "", "note": "",
            "due_date": obligation.due_date.isoformat() if obligation.due_date else "",
            "version": obligation.updated_at.isoformat()}
    data.update(values)
    return client.post(reverse("obligation", args=[obligation.pk]), data)


def test_staff_change_status_owner_notes_and_see_it_in_the_history(client_for, users, seeded):
    client = client_for(users["staff"])
    obligation = Obligation.objects.filter(kind="report").first()
    response = post_edit(client, obligation, status="in_progress", owner=users["staff"].pk, note="Drafting.")
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert (obligation.status, obligation.owner) == ("in_progress", users["staff"])
    assert [(n.text, n.author) for n in obligation.thread.all()] == [("Drafting.", users["staff"])]
    page = client.get(reverse("obligation", args=[obligation.pk])).content.decode()
    history = page[page.index('id="history"'):]
    assert "Status</strong>: open → in progress" in history and "desk" in history
    assert "Drafting." in page[page.index('id="notes"'):]


def test_two_notes_on_one_obligation_both_remain_newest_first(client_for, users, seeded):
    obligation = Obligation.objects.first()
    post_edit(client_for(users["staff"]), obligation, note="First word.")
    obligation.refresh_from_db()
    post_edit(client_for(users["admin"]), obligation, note="Second word.")
    assert [n.text for n in obligation.thread.all()] == ["Second word.", "First word."]
    page = client_for(users["viewer"]).get(reverse("obligation", args=[obligation.pk])).content.decode()
    notes = page[page.index('id="notes"'):page.index('id="history"')]
    assert notes.index("Second word.") < notes.index("First word.")


def test_a_concurrent_edit_is_not_silently_overwritten_and_what_was_typed_is_kept(client_for, users, seeded):
    obligation = Obligation.objects.first()
    stale_version = obligation.updated_at.isoformat()
    post_edit(client_for(users["admin"]), obligation, status="in_progress")
    obligation.refresh_from_db()
    response = post_edit(client_for(users["staff"]), obligation, status="done", note="My long note.",
                         version=stale_version)
    assert response.status_code == 409
    obligation.refresh_from_db()
    assert obligation.status == "in_progress" and not obligation.thread.exists()
    page = response.content.decode()
    assert "Someone changed this obligation" in page and "My long note." in page
    form = response.context["form"]
    assert form["version"].value() == obligation.updated_at.isoformat()  # saving again applies it


def test_source_paragraph_highlights_verb_and_addressee_and_escapes(client_for, users):
    import_text(resolution_text(
        "1. Requests the Secretary-General to report on <script>alert(1)</script> matters;"
    ))
    obligation = Obligation.objects.get()
    page = client_for(users["viewer"]).get(reverse("obligation", args=[obligation.pk])).content.decode()
    assert '<mark class="verb">Requests</mark>' in page
    assert '<mark class="addressee">Secretary-General</mark>' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_dashboard_counts_link_to_the_filtered_list(client_for, users, seeded):
    client = client_for(users["staff"])
    mine = Obligation.objects.first()
    mine.owner = users["staff"]
    mine.save()
    page = client.get(reverse("dashboard"))
    counts = page.context["counts"]
    assert counts["open"] == Obligation.objects.open().count()
    assert counts["overdue"] == Obligation.objects.overdue().count() > 0
    assert list(page.context["mine"]) == [mine]
    listed = client.get(reverse("obligations") + page.context["links"]["overdue"])
    assert listed.context["page"].paginator.count == counts["overdue"]


def listed(client, **params):
    response = client.get(reverse("obligations"), params)
    assert response.status_code == 200
    return list(response.context["filter"].qs)


def test_filters_alone_and_combined(client_for, users, seeded):
    client = client_for(users["staff"])
    everything = Obligation.objects.open()  # the list shows current work unless asked for history
    sg = everything.filter(addressees__name="Secretary-General").first().addressees.get()
    later = everything.filter(resolution__session=63)
    assert set(listed(client, session=63)) == set(later)
    assert set(listed(client, kind="report")) == set(everything.filter(kind="report"))
    assert set(listed(client, addressee=sg.pk)) == set(everything.filter(addressees=sg))
    assert set(listed(client, addressee="secretary-gen")) == set(everything.filter(addressees=sg))
    assert set(listed(client, addressee=sg.pk, session=63, kind="report")) == set(
        later.filter(addressees=sg, kind="report"))
    assert set(listed(client, verb="urges", verb_class="exhortative")) == set(everything.filter(verb="urges"))
    assert set(listed(client, due_from="2009-01-01", due_to="2009-06-30")) == set(
        everything.filter(due_by__range=(date(2009, 1, 1), date(2009, 6, 30))))
    assert set(listed(client, overdue="true")) == set(everything.overdue())
    assert set(listed(client, q="precursors diversion")) == {  # each word in any of its forms
        o for o in everything if "precursor" in (o.action + o.paragraph.text).lower()
        and "diversion" in (o.action + o.paragraph.text).lower()}
    one = everything.first()
    one.owner = users["staff"]
    one.status = "in_progress"
    one.save()
    assert listed(client, assigned="mine") == [one]
    assert set(listed(client, assigned="unassigned")) == set(everything.exclude(pk=one.pk))
    assert listed(client, owner=users["staff"].pk, status="in_progress") == [one]
    series = one.resolution.series
    assert set(listed(client, series=series.pk, resolution=one.resolution.symbol)) == set(
        everything.filter(resolution=one.resolution))
    assert set(listed(client, resolution="63/197")) == set(everything.filter(resolution__session=63))


def test_list_is_sorted_by_due_date_and_paginated(client_for, users, seeded):
    client = client_for(users["staff"])
    response = client.get(reverse("obligations"), {"order": "due"})
    dates = [o.due_date for o in response.context["page"].object_list]
    dated = [d for d in dates if d]
    assert dated == sorted(dated)
    assert len(response.context["page"].object_list) == 50
    second = client.get(reverse("obligations"), {"order": "due", "page": 2})
    assert second.context["page"].number == 2
    assert "order=due" in second.content.decode()


def test_csv_holds_exactly_the_filtered_set(client_for, users, seeded):
    client = client_for(users["viewer"])
    response = client.get(reverse("obligations_csv"), {"kind": "report", "session": "63"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    expected = Obligation.objects.filter(kind="report", resolution__session=63)
    assert sorted((r["resolution"], r["paragraph"]) for r in rows) == sorted(
        (o.resolution.symbol, o.label) for o in expected)
    assert {(r["kind"], r["body"]) for r in rows} == {("report", "General Assembly")}


def test_resolution_page_lays_out_the_text_with_its_obligations(client_for, users, seeded):
    obligation = Obligation.objects.filter(resolution__symbol="A/RES/63/197", kind="report").first()
    page = client_for(users["viewer"]).get(reverse("resolution", args=[obligation.resolution_id])).content.decode()
    assert "The General Assembly," in page
    assert page.count('class="row preambular"') == 14
    assert 'href="https://undocs.org/en/A/63/111"' in page
    assert obligation.get_absolute_url() in page


def test_series_page_compares_and_shows_answers(client_for, users):
    import_text(resolution_text(
        "Recalling its resolutions,\n1. Urges States to act;\n2. Invites States to share information;\n"
        "3. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report.",
        symbol="70/20", title="Road safety"))
    import_text(resolution_text(
        "Recalling its resolutions,\n1. Urges States to act now;\n"
        "2. Takes note of the report of the Secretary-General,1 and requests a new one;\n"
        "3. Encourages donors to contribute;",
        symbol="71/20", title="Road safety", adopted="15 December 2016") + "1 A/71/333.\n")
    request = Obligation.objects.get(resolution__symbol="A/RES/70/20", label="3")
    response = client_for(users["viewer"]).get(reverse("series", args=[request.resolution.series_id]))
    step = response.context["steps"][0]
    states = [row["state"] for row in step["operative"]]
    assert states.count("changed") == 1 and "new" in states and "dropped" in states
    assert step["preamble"][0]["state"] == "unchanged"
    page = response.content.decode()
    assert "<del>act;</del> <ins>act now;</ins>" in page
    answers = page[page.index('id="answers"'):]
    assert "A/71/333" in answers and Evidence.objects.get().obligation == request


def test_upload_imports_through_the_task_and_shows_the_resolution(client_for, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(users["staff"])
    upload = SimpleUploadedFile("road.txt", resolution_text("1. Urges States to act;").encode())
    response = client.post(reverse("import"), {"file": upload})
    assert response.status_code == 302
    job_page = client.get(response.url)
    assert "imported" in job_page.content.decode()
    status = client.get(response.url, HTTP_ACCEPT="application/json").json()
    assert status["state"] == "done" and status["resolution"]
    assert client.get(status["resolution"]).status_code == 200


def test_upload_checks_type_before_anything(client_for, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(users["staff"]).post(reverse("import"), {"file": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 400 and "Upload a .txt, .pdf or .docx file." in response.content.decode()


def test_calendar_month_shows_deadlines(client_for, users, seeded):
    response = client_for(users["viewer"]).get(reverse("calendar"), {"month": "2009-09"})
    day = dict((d, items) for week in response.context["weeks"] for d, items, _ in week)
    assert {o.label for o in day[date(2009, 9, 15)]} == {"36", "48"}


def test_ical_feed_holds_the_users_deadlines_or_all_of_them(client_for, users, seeded, client):
    from tracker.models import CalendarFeed

    mine = Obligation.objects.exclude(due_date=None).first()
    mine.owner = users["staff"]
    mine.save()
    feed = CalendarFeed.for_user(users["staff"])
    client.logout()
    body = client.get(reverse("calendar_feed", args=[feed.token])).content.decode()
    assert body.startswith("BEGIN:VCALENDAR")
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:obligation-{mine.pk}@mandate-tracker" in body
    assert f"DTSTART;VALUE=DATE:{mine.due_by:%Y%m%d}" in body  # a month-only deadline: its last day
    everything = client.get(reverse("calendar_feed", args=[feed.token]), {"all": "1"}).content.decode()
    assert everything.count("BEGIN:VEVENT") == Obligation.objects.exclude(due_date=None).count()


def test_list_queries_do_not_grow_with_rows(client_for, users, seeded, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users["staff"])
    # 14: the page, the filter's lists (owners, Main Committees) and the staff's bulk form (owners).
    with django_assert_max_num_queries(14), CaptureQueriesContext(connection) as full_page:
        response = client.get(reverse("obligations"), {"order": "due"})
    assert len(response.context["page"].object_list) == 50
    with CaptureQueriesContext(connection) as few_rows:
        response = client.get(reverse("obligations"), {"kind": "agenda", "order": "due"})
    assert len(response.context["page"].object_list) == 1
    assert len(full_page) == len(few_rows)


def test_current_work_is_read_a_part_at_a_time(client_for, users, seeded):
    """Current work first: the rows, their addressees and labels once for each part a page
    shows (upcoming, past, undated), never once a row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users["staff"])
    with CaptureQueriesContext(connection) as ordered:
        client.get(reverse("obligations"), {"order": "due"})
    with CaptureQueriesContext(connection) as current:
        response = client.get(reverse("obligations"))
    page = response.context["page"].object_list
    parts = {(o.due_by is None, o.due_by is not None and o.due_by < date.today()) for o in page}
    assert len(page) == 50 and len(parts) == 2  # past deadlines, then the undated
    assert len(current) == len(ordered) + 3  # the second part's rows, their addressees and labels


def test_password_reset_by_email(client, users, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "desk@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "/accounts/reset/" in mailoutbox[0].body


def test_the_filters_list_a_committee_stored_since_the_last_page(client_for, users, seeded):
    from resolutions.models import Resolution

    client = client_for(users["viewer"])
    Resolution.objects.filter(pk=Resolution.objects.first().pk).update(committee="Fourth Committee")
    page = client.get(reverse("obligations")).content.decode()
    assert '<option value="Fourth Committee"' in page
    assert client.get(reverse("obligations") + "?committee=Fourth+Committee").status_code == 200


def test_filter_sets_alive_at_once_each_filter_for_their_own_user_and_keep_their_own_options(users, seeded):
    """Each filter set copies the class's filters: a filter that calls its filter set's method
    calls its own, and options one filter set changes are not the next one's."""
    from tracker.obligations.filters import ObligationFilter

    first, second = Obligation.objects.open().order_by("pk")[:2]
    Obligation.objects.update(owner=None)
    Obligation.objects.filter(pk=first.pk).update(owner=users["viewer"])
    Obligation.objects.filter(pk=second.pk).update(owner=users["staff"])
    viewers = ObligationFilter({"assigned": "mine"}, queryset=Obligation.objects.all(), user=users["viewer"])
    staffs = ObligationFilter({"assigned": "mine"}, queryset=Obligation.objects.all(), user=users["staff"])
    assert [o.pk for o in viewers.qs] == [first.pk] and [o.pk for o in staffs.qs] == [second.pk]
    viewers.filters["kind"].extra["choices"] = [("report", "report")]
    assert ObligationFilter({}).filters["kind"].extra["choices"] == Obligation.Kind.choices


def test_a_login_survives_the_cache_emptied(client_for, users, seeded):
    from django.core.cache import cache

    client = client_for(users["viewer"])
    assert client.get(reverse("obligations")).status_code == 200
    cache.clear()
    assert client.get(reverse("obligations")).status_code == 200  # still logged in: the row is in the database
