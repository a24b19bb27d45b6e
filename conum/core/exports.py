"""Table exports for spreadsheet users: CSV (UTF-8 with BOM, semicolons) streamed, and XLSX.

An export is a header row and an iterable of rows; every view that exports applies the
user's scope before calling these.

Formula injection: a name typed by anyone (a public form) must never run as a formula in the
spreadsheet program of the person who opens the export. XLSX cells are written as what they are
(text as text, numbers as numbers), never through xlsxwriter's guessing `write()`. Staff CSV cells
are neutralised by OWASP's rule; files that follow a published schema (open data) are written
verbatim by their own modules and say so.
"""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from .availability import started

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a spreadsheet program reads as the start of a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value):
        return value


def neutralised(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (shown as text)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _csv_value(value, neutralise_formulas: bool):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float):
        return value  # a number, negative ones included, is not a formula
    text = str(value)
    return neutralised(text) if neutralise_formulas else text


def csv_response(
    filename: str, header: list[str], rows: Iterable[list], *, neutralise_formulas: bool
) -> StreamingHttpResponse:
    """A CSV for spreadsheet users. `neutralise_formulas` is required so that each export states its kind:
    True for every file opened by people (staff exports); False only for a file whose values a published
    schema fixes (they must stay verbatim, e.g. a phone "+33…")."""
    writer = csv.writer(_Echo(), delimiter=";")

    def line(values):
        return writer.writerow([_csv_value(value, neutralise_formulas) for value in values])

    def lines():
        yield "\ufeff" + line(header)
        for row in rows:
            yield line(row)

    response = StreamingHttpResponse(started(lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _write_cell(worksheet, row: int, column: int, value, date_format, cell_format=None) -> None:
    """One cell as what it is: text is always written as a string, never a formula or a link."""
    if value is None:
        worksheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, bool):
        worksheet.write_string(row, column, "oui" if value else "non", cell_format)
    elif isinstance(value, datetime | date):
        worksheet.write_datetime(row, column, datetime(value.year, value.month, value.day), date_format)
    elif isinstance(value, Decimal | int | float):
        worksheet.write_number(row, column, float(value), cell_format)
    else:
        worksheet.write_string(row, column, str(value), cell_format)


def xlsx_response(filename: str, header: list[str], rows: Iterable[list], sheet: str = "Export") -> HttpResponse:
    buffer = io.BytesIO()
    # Second guard: even a generic write() would keep "=…" and "http…" as plain strings.
    options = {"constant_memory": True, "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(buffer, options)
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for column, label in enumerate(header):
        _write_cell(worksheet, 0, column, label, date_format, bold)
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            _write_cell(worksheet, index, column, value, date_format)
    workbook.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def staff_export(file_format: str, name: str, header: list[str], rows: Iterable[list], sheet: str):
    """A staff table as XLSX or CSV (formulas neutralised), its file name dated today: "<name>-AAAA-MM-JJ"."""
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}"
    if file_format == "xlsx":
        return xlsx_response(filename, header, rows, sheet=sheet)
    return csv_response(filename, header, rows, neutralise_formulas=True)
