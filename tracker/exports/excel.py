"""Excel workbooks of one sheet, written by XlsxWriter as the rows come."""
import io
import re
from datetime import date
from decimal import Decimal

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The control characters no cell may hold (a tab and a line break may): left out of the text.
NOT_IN_A_CELL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Sheet:
    """One sheet, its header bold and frozen; dates as dates, in the format each row asks.

    XlsxWriter's constant-memory mode writes each row to a temporary file as it comes, so
    an export of any size holds one row in memory. Text is written as text: never read as
    a formula, a link or a number (a cell a spreadsheet would run is quoted before, by
    safe_row).
    """

    def __init__(self, title: str, columns: list[str], widths=()):
        import xlsxwriter  # imported where a sheet is written: the web processes start without it

        self.out = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.out, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False,
        })
        self.sheet = self.book.add_worksheet(title[:31])
        for column, width in enumerate(widths):
            self.sheet.set_column(column, column, width)
        self.sheet.write_row(0, 0, columns, self.book.add_format({"bold": True}))
        self.sheet.freeze_panes(1, 0)
        self.row = 0
        self.formats = {}

    def date_format(self, number_format: str):
        if number_format not in self.formats:
            self.formats[number_format] = self.book.add_format({"num_format": number_format})
        return self.formats[number_format]

    def append(self, values, formats: dict[int, str] | None = None) -> None:
        """One row: text, numbers, booleans and dates (with formats[column] as their format,
        else yyyy-mm-dd); None leaves the cell empty."""
        self.row += 1
        for column, value in enumerate(values):
            if isinstance(value, str) and not value.isprintable():
                value = NOT_IN_A_CELL.sub("", value)
            if value is None or value == "":
                continue
            if isinstance(value, str):
                self.sheet.write_string(self.row, column, str(value))
            elif isinstance(value, bool):
                self.sheet.write_boolean(self.row, column, value)
            elif isinstance(value, (int, float, Decimal)):
                self.sheet.write_number(self.row, column, value)
            elif isinstance(value, date):
                number_format = (formats or {}).get(column, "yyyy-mm-dd")
                self.sheet.write_datetime(self.row, column, value, self.date_format(number_format))
            else:
                raise TypeError(f"a cell cannot hold {type(value).__name__}")

    def response(self, filename: str) -> HttpResponse:
        self.book.close()
        response = HttpResponse(self.out.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
