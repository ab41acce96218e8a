"""What the exports write: their columns, the filtered rows as plain values, and cells a spreadsheet will not run.

An export reads thousands of rows: it asks the database for the columns it writes and the
addressees of each chunk in one query, and builds no model instances.
"""
import io
from itertools import islice

from django.http import HttpResponse
from django.urls import reverse

from .wording import deadline_phrase, due_for_export

CHUNK = 2000

EXPORT_COLUMNS = ["body", "resolution", "paragraph", "verb", "verb class", "addressees", "kind", "action",
                  "due", "precision", "deadline", "deadline words", "recurrence", "status", "owner", "overdue",
                  "link"]
DUE_COLUMN = EXPORT_COLUMNS.index("due")

_FIELDS = ("pk", "resolution__body", "resolution__symbol", "label", "verb", "verb_class", "kind", "action",
           "due_date", "due_precision", "due_session__body", "due_session__number", "due_text", "recurrence",
           "status", "owner__username", "is_late")


def safe_cell(value):
    """A cell a spreadsheet will not run: text opening with = + - @ or a control character is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Sheet:
    """An Excel workbook as the exports write it: one sheet, its header bold and frozen, in
    openpyxl's write-only mode (rows go straight to the file: ten thousand take a fraction
    of the time and memory of a workbook held whole)."""

    def __init__(self, title: str, columns: list[str], widths=()):
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(title[:31])
        self.sheet.freeze_panes = "A2"
        for index, width in enumerate(widths):
            self.sheet.column_dimensions[get_column_letter(index + 1)].width = width
        bold = Font(bold=True)
        self.sheet.append([self.cell(name, font=bold) for name in columns])

    def cell(self, value, **style):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value=value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    def append(self, row) -> None:
        self.sheet.append(row)

    def response(self, filename: str) -> HttpResponse:
        out = io.BytesIO()
        self.book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def export_rows(request, queryset):
    """Each obligation of the queryset as (row, due date, precision), in the queryset's order."""
    from .models import Obligation

    link = request.build_absolute_uri(reverse("obligation", args=[0]))
    prefix, suffix = link.rsplit("/0/", 1)
    addressees_of = Obligation.addressees.through.objects.order_by("actor__name")
    rows = queryset.values_list(*_FIELDS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        names = {}
        for obligation_id, name in addressees_of.filter(obligation_id__in=[r[0] for r in chunk]).values_list(
                "obligation_id", "actor__name"):
            names.setdefault(obligation_id, []).append(name)
        for (pk, body, symbol, label, verb, verb_class, kind, action, due, precision, session_body, session_number,
             due_text, recurrence, status, owner, late) in chunk:
            words = deadline_phrase(due, precision, session_body, session_number)
            row = [body, symbol, label, verb, verb_class, "; ".join(names.get(pk, ())), kind, action,
                   due_for_export(due, precision), precision, words, due_text, recurrence, status, owner or "",
                   "yes" if late else "", f"{prefix}/{pk}/{suffix}"]
            yield [safe_cell(v) for v in row], due, precision
