"""The desk officer's day: deadlines and asks in words, sorting, bulk changes, My delegation,
exports, the calendar, the account pages."""
import io
from datetime import date

import pytest
from django.urls import reverse

from resolutions.models import SessionCalendar
from tracker.obligations.importing import import_text
from tracker.models import Obligation, Profile
from tracker.obligations.wording import ask_sentence, deadline_words

from .conftest import council_text, resolution_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(users):
    import_text(resolution_text(
        "1. Requests the Secretary-General to submit a report to the General Assembly at its seventy-first session;\n"
        "2. Urges Member States to continue working towards the goals;\n"
        "3. Invites the Commission on Narcotic Drugs to consider the matter in March 2017;\n"
        "4. Calls upon the Government of Iraq to cooperate fully;\n"
        "5. Encourages States to act by 2018;\n"
        "6. Invites civil society to take part;"))
    return {o.label: o for o in Obligation.objects.all()}


def test_deadlines_in_words_as_precise_as_known(desk):
    assert deadline_words(desk["1"]) == "13 Sep 2016 · GA 71st session"
    assert deadline_words(desk["3"]) == "March 2017"
    assert deadline_words(desk["5"]) == "by end of 2018"
    row = SessionCalendar.objects.session("commission-on-narcotic-drugs", 60)
    desk["3"].due_session = row
    assert deadline_words(desk["3"]) == "March 2017 · CND 60th session"


def test_the_ask_reads_as_a_sentence(desk):
    def words(o):
        return str(ask_sentence(o, o.addressees.all()))
    assert words(desk["1"]).startswith('<mark class="addressee">Secretary-General</mark> is <mark class="verb">'
                                       'requested</mark> to submit')
    assert '<mark class="addressee">Member States</mark> are <mark class="verb">urged</mark> to continue' \
        in words(desk["2"])
    assert words(desk["6"]).startswith('<mark class="addressee">Civil society</mark> is <mark class="verb">invited')


def test_sorting_by_due_puts_undated_last_both_ways(client, users, desk):
    client.force_login(users["viewer"])
    for order in ("due", "-due"):
        rows = list(client.get(reverse("obligations"), {"order": order}).context["page"].object_list)
        dated = [o.due_date for o in rows if o.due_date]
        assert dated == sorted(dated, reverse=order.startswith("-"))
        assert all(o.due_date is None for o in rows[len(dated):])
    page = client.get(reverse("obligations"), {"order": "due"}).content.decode()
    assert "order=-due" in page  # the header's link reverses the order in force


def test_a_filter_that_cannot_be_read_says_so_and_lists_nothing(client, users, desk):
    client.force_login(users["viewer"])
    response = client.get(reverse("obligations"), {"due_from": "2009-02-30"})
    assert response.context["page"].paginator.count == 0
    assert "Enter a valid date" in response.content.decode()
    csv = b"".join(client.get(reverse("obligations_csv"), {"due_from": "2009-02-30"}).streaming_content).decode()
    assert csv.count("\n") == 1  # the header only


def test_bulk_changes_selected_rows_or_the_filtered_set_in_each_history(client, users, desk):
    client.force_login(users["staff"])
    picked = [desk["1"].pk, desk["2"].pk]
    client.post(reverse("obligations_bulk"), {"ids": picked, "owner": users["staff"].pk, "status": "",
                                              "scope": "selected", "query": ""})
    assert set(Obligation.objects.filter(owner=users["staff"]).values_list("pk", flat=True)) == set(picked)
    assert desk["1"].changes.get(field="owner").user == users["staff"]
    client.post(reverse("obligations_bulk"), {"status": "in_progress", "scope": "filtered",
                                              "query": "kind=action"})
    statuses = dict(Obligation.objects.values_list("kind", "status").distinct())
    assert statuses == {"report": "open", "action": "in_progress"}
    client.force_login(users["viewer"])
    assert client.post(reverse("obligations_bulk"), {"status": "done", "scope": "filtered"}).status_code == 403


def test_my_delegation_shows_what_binds_its_state(client, users, desk):
    client.force_login(users["viewer"])
    assert client.get(reverse("my_delegation")).context["page"].paginator.count == 0
    client.post(reverse("profile"), {"first_name": "Vera", "last_name": "L", "member_state": "Iraq"})
    assert Profile.of(users["viewer"]).member_state == "Iraq"
    listed = {o.label for o in client.get(reverse("my_delegation")).context["page"].object_list}
    assert listed == {"2", "4", "5"}  # Member States, the Government of Iraq, States


def test_excel_export_holds_exactly_the_filtered_rows_with_typed_dates(client, users, desk):
    from openpyxl import load_workbook

    client.force_login(users["viewer"])
    response = client.get(reverse("obligations_xlsx"), {"kind": "report"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    assert sheet.freeze_panes == "A2"
    assert [(r["resolution"], r["paragraph"]) for r in rows] == [("A/RES/70/123", "1")]
    assert rows[0]["due"].date() == date(2016, 9, 13)


def test_excel_export_keeps_any_text_a_clause_holds(client, users):
    """Markup characters, the control characters PDF text carries, and a cell past Excel's limit."""
    from openpyxl import load_workbook

    import_text(resolution_text('1. Requests the Secretary-General to report;'))
    Obligation.objects.update(action='Rights & duties <of> "States"\x0b\x0cend ' + "x" * 40_000,
                              due_date=date(2031, 3, 1), due_precision="month")
    client.force_login(users["viewer"])
    response = client.get(reverse("obligations_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2]))
    assert row["action"].value.startswith('Rights & duties <of> "States"end xxx')
    assert len(row["action"].value) == 32_767
    assert (row["due"].value.date(), row["due"].number_format) == (date(2031, 3, 1), "mmmm yyyy")
    assert sheet[1][0].font.b and not row["body"].font.b


def test_excel_keeps_a_texts_outer_spaces_and_any_script():
    """A text keeps its outer spaces and any script; a text of control characters only
    (which no cell may hold) leaves its cell empty."""
    from openpyxl import load_workbook

    from tracker.exports.excel import Sheet

    sheet = Sheet("Texts", ["indented", "plain", "control characters only"])
    sheet.append(["  Côte d’Ivoire ", "中文 — Ελληνικά", "\x0b\x0c"])
    content = sheet.response("texts.xlsx").content
    assert [c.value for c in load_workbook(io.BytesIO(content)).active[2]] == ["  Côte d’Ivoire ", "中文 — Ελληνικά", None]


def test_exports_do_not_write_formulas(client, users):
    import_text(resolution_text('1. Requests the Secretary-General to report;'))
    Obligation.objects.update(action='=HYPERLINK("http://evil.example")')
    client.force_login(users["viewer"])
    csv = b"".join(client.get(reverse("obligations_csv")).streaming_content).decode()
    assert "'=HYPERLINK" in csv
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(client.get(reverse("obligations_xlsx")).content)).active
    assert all(not str(c.value).startswith("=") for row in sheet.iter_rows() for c in row if c.value)


def test_the_calendar_keeps_month_precision_and_jumps_to_the_next_deadline(client, users, desk):
    client.force_login(users["viewer"])
    page = client.get(reverse("calendar"), {"month": "2017-03"})
    html = page.content.decode()
    assert "Due in March 2017, no day given" in html
    assert all(not items for week in page.context["weeks"] for _, items in week)  # not on 1 March
    assert page.context["upcoming"] is None or page.context["upcoming"] >= date.today()


def test_logging_out_says_so_in_the_sites_look(client, users):
    client.force_login(users["viewer"])
    response = client.post(reverse("logout"), follow=True)
    assert "You have been logged out." in response.content.decode()
    reset = client.get(reverse("password_reset")).content.decode()
    assert "Reset your password" in reset and "site.css" in reset


def test_a_reimport_that_changed_nothing_says_unchanged():
    import_text(council_text(2900, 2030, "30 April 2030", "1. Requests the Secretary-General to report;"))
    assert import_text(council_text(2900, 2030, "30 April 2030", "1. Requests the Secretary-General to report;")
                       ).summary == "unchanged"
