"""Exports: exactly the filtered rows, any text, typed dates, and no formula a spreadsheet would run."""
import io
from datetime import date

import pytest
from django.urls import reverse

from tracker.models import Obligation
from tracker.obligations.importing import import_text

from .conftest import resolution_text

pytestmark = pytest.mark.django_db


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
    assert row["due"].value == "2031-03"  # a month only: no day claimed
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

