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
from django.urls import path
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


# Column widths in characters: fitted to the longest value (header included), within these bounds.
MIN_WIDTH, MAX_WIDTH = 6, 60
# Excel number formats: the spreadsheet program shows them with its own (French) separators.
NUMBER_FORMATS = {
    "text": "@",  # codes ("01", "2A", SIRET, INSEE) and phones ("+33…") stay text when someone edits them
    "int": "#,##0",
    "decimal": "#,##0.0##",
    "money": "#,##0.00",
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}


def _is_money(label: str) -> bool:
    """A column of amounts says so in its header: "Subvention versée (€)"."""
    return "€" in label


def _kind(value, money: bool) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "text"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, Decimal | float):
        return "money" if money else ("int" if value == int(value) and isinstance(value, Decimal) else "decimal")
    if isinstance(value, int):
        return "money" if money else "int"
    return "text"


def _shown_width(value, kind: str | None) -> int:
    """The characters a cell takes once formatted, to fit its column."""
    if kind is None:
        return 0
    if kind == "date":
        return 10
    if kind == "datetime":
        return 16
    if kind in ("int", "money", "decimal"):
        digits = len(f"{abs(int(value)):,}") + (1 if value < 0 else 0)
        return digits + (3 if kind == "money" else 4 if kind == "decimal" else 0)
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write_cell(worksheet, row: int, column: int, value, kind: str | None, cell_format) -> None:
    """One cell as what it is: text is always written as a string, never a formula or a link."""
    if kind is None:
        worksheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, bool):
        worksheet.write_string(row, column, "oui" if value else "non", cell_format)
    elif kind == "datetime":
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        worksheet.write_datetime(row, column, local.replace(tzinfo=None), cell_format)
    elif kind == "date":
        worksheet.write_datetime(row, column, datetime(value.year, value.month, value.day), cell_format)
    elif kind in ("int", "decimal", "money"):
        worksheet.write_number(row, column, float(value), cell_format)
    else:
        worksheet.write_string(row, column, str(value), cell_format)


def xlsx_response(filename: str, header: list[str], rows: Iterable[list], sheet: str = "Export") -> HttpResponse:
    """A workbook for spreadsheet users: the header row bold, frozen and filterable, each column as wide as its
    content (within MIN_WIDTH and MAX_WIDTH), each cell in the number format of its type (money in the columns
    whose header says "€")."""
    buffer = io.BytesIO()
    # Second guard: even a generic write() would keep "=…" and "http…" as plain strings.
    options = {"constant_memory": True, "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(buffer, options)
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = {kind: workbook.add_format({"num_format": code}) for kind, code in NUMBER_FORMATS.items()}
    formats[None] = None
    money = [_is_money(str(label)) for label in header]
    widths = [min(len(str(label)), MAX_WIDTH) for label in header]
    for column, label in enumerate(header):
        worksheet.write_string(0, column, str(label), bold)
    last_row = 0
    for last_row, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            is_money = money[column] if column < len(money) else False
            kind = _kind(value, is_money)
            _write_cell(worksheet, last_row, column, value, kind, formats[kind])
            if column < len(widths):
                widths[column] = max(widths[column], _shown_width(value, kind))
    for column, width in enumerate(widths):
        worksheet.set_column(column, column, min(max(width + 2, MIN_WIDTH), MAX_WIDTH))
    worksheet.freeze_panes(1, 0)
    if header:
        worksheet.autofilter(0, 0, last_row, len(header) - 1)
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


def export_paths(route: str, view, name: str) -> list:
    """The two URLs of an export view: "<route>.csv" named "<name>_csv" and "<route>.xlsx" named "<name>_xlsx",
    the view receiving the format as `file_format`."""
    return [
        path(f"{route}.{file_format}", view, {"file_format": file_format}, name=f"{name}_{file_format}")
        for file_format in ("csv", "xlsx")
    ]
