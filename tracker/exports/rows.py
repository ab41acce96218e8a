"""What the exports write: their columns, the filtered rows as plain values, and cells a spreadsheet will not run.

An export reads thousands of rows: it asks the database for the columns it writes and the
addressees of each chunk in one query, and builds no model instances.
"""
import csv
import io
from itertools import chain, islice

from django.db.models import F, Lookup
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse

from ..obligations.current import CurrentFirst
from .excel import Sheet
from ..obligations.wording import deadline_phrase, due_for_export

CHUNK = 2000

EXPORT_COLUMNS = ["body", "resolution", "paragraph", "verb", "verb class", "addressees", "kind", "action",
                  "due", "precision", "deadline", "deadline words", "recurrence", "status", "owner", "overdue",
                  "link"]
DUE_COLUMN = EXPORT_COLUMNS.index("due")

_FIELDS = ("pk", "resolution__body", "resolution__symbol", "label", "verb", "verb_class", "kind", "action",
           "due_date", "due_precision", "due_session__body", "due_session__number", "due_text", "recurrence",
           "status", "owner__username", "is_late")


FORMULA_STARTS = frozenset("=+-@\t\r")


def safe_row(values) -> list:
    """Cells a spreadsheet will not run: text opening with = + - @ or a control character is
    quoted."""
    return ["'" + v if isinstance(v, str) and v[:1] in FORMULA_STARTS else v for v in values]


def safe_cell(value):
    """One value as safe_row() makes it."""
    return safe_row((value,))[0]


class AmongIds(Lookup):
    """`column IN (ids)` for a chunk of ids read from the database: PostgreSQL takes them as one
    array, `= ANY(%s)`, where a parameter each would cost Django and psycopg work for every
    id of a chunk; elsewhere an IN list."""

    prepare_rhs = False  # ids the database gave: nothing to convert

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*params, *self.rhs)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, list(self.rhs))


def csv_response(request, listed, filename: str = "obligations.csv") -> StreamingHttpResponse:
    """The obligations of the queryset as CSV, streamed a few hundred rows at a time: the
    list's export and the API's `?format=csv` alike."""

    def lines():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(EXPORT_COLUMNS)
        for count, (row, _due, _precision) in enumerate(export_rows(request, listed), start=1):
            writer.writerow(row)
            if count % 500 == 0:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(request, listed, filename: str = "obligations.xlsx", title: str = "Obligations") -> HttpResponse:
    """The obligations listed as an Excel workbook: a header row, frozen; a day as a date, a month
    or a year only as the text "2026-03" or "2026" (a date would claim a day the text does not give)."""
    widths = (22, 20, 9, 12, 14, 40, 8, 60, 12, 9, 26, 26, 11, 11, 12, 8, 40)
    sheet = Sheet(title, EXPORT_COLUMNS, widths)
    for row, due, precision in export_rows(request, listed):
        if due is not None and precision not in ("month", "year"):  # a date Excel sorts and filters
            row[DUE_COLUMN] = due
        sheet.append(row, {DUE_COLUMN: "d mmm yyyy"})
    return sheet.response(filename)


def export_rows(request, listed):
    """Each obligation listed as (row, due date, precision), in the list's order: a queryset,
    or current work first (read part by part, as CurrentFirst holds it)."""
    from ..models import Obligation

    link = request.build_absolute_uri(reverse("obligation", args=[0]))
    prefix, suffix = link.rsplit("/0/", 1)
    addressees_of = Obligation.addressees.through.objects.order_by("actor__name")
    parts = listed.parts if isinstance(listed, CurrentFirst) else (listed,)
    rows = chain.from_iterable(part.values_list(*_FIELDS).iterator(chunk_size=CHUNK) for part in parts)
    deadlines = {}
    while chunk := list(islice(rows, CHUNK)):
        names = {}
        ids = AmongIds(F("obligation_id"), [r[0] for r in chunk])
        for obligation_id, name in addressees_of.filter(ids).values_list("obligation_id", "actor__name"):
            names.setdefault(obligation_id, []).append(name)
        for (pk, body, symbol, label, verb, verb_class, kind, action, due, precision, session_body, session_number,
             due_text, recurrence, status, owner, late) in chunk:
            deadline = (due, precision, session_body, session_number)
            if deadline not in deadlines:  # a few hundred deadlines for thousands of rows
                deadlines[deadline] = (due_for_export(due, precision), deadline_phrase(*deadline))
            row = [body, symbol, label, verb, verb_class, "; ".join(names.get(pk, ())), kind, action,
                   deadlines[deadline][0], precision, deadlines[deadline][1], due_text, recurrence, status,
                   owner or "", "yes" if late else "", f"{prefix}/{pk}/{suffix}"]
            yield safe_row(row), due, precision
