"""XLSX exports as spreadsheet users open them: widths, frozen bold header, formats per type, codes as text."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from conum.core.exports import MAX_WIDTH, csv_response, xlsx_response

HEADER = [
    "SIRET", "Département", "Téléphone", "Postes", "Subvention (€)", "Part (%)", "Déposée le", "Décidée le", "Nom",
]  # fmt: skip
ROW = [
    "21370123400018", "01", "+33623456789", 12345, Decimal("150000.50"), 13.9,
    date(2026, 3, 2), datetime(2026, 3, 2, 13, 30, tzinfo=UTC), "=HYPERLINK(\"http://x\")" + "x" * 100,
]  # fmt: skip


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_header_is_bold_frozen_and_filterable():
    sheet = _sheet(xlsx_response("t", HEADER, [ROW]))
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I2"


def test_codes_and_phones_stay_text():
    sheet = _sheet(xlsx_response("t", HEADER, [ROW]))
    siret, departement, phone = sheet["A2"], sheet["B2"], sheet["C2"]
    assert (siret.value, departement.value, phone.value) == ("21370123400018", "01", "+33623456789")
    assert {siret.data_type, departement.data_type, phone.data_type} == {"s"}
    assert siret.number_format == "@" and phone.number_format == "@"


def test_numbers_money_and_dates_have_their_formats():
    sheet = _sheet(xlsx_response("t", HEADER, [ROW]))
    assert (sheet["D2"].value, sheet["D2"].number_format) == (12345, "#,##0")
    assert (sheet["E2"].value, sheet["E2"].number_format) == (150000.5, "#,##0.00")
    assert (sheet["F2"].value, sheet["F2"].number_format) == (13.9, "#,##0.0##")
    assert (sheet["G2"].value, sheet["G2"].number_format) == (datetime(2026, 3, 2), "dd/mm/yyyy")
    # An aware moment is written in Paris time (UTC+1 in March).
    assert (sheet["H2"].value, sheet["H2"].number_format) == (datetime(2026, 3, 2, 14, 30), "dd/mm/yyyy hh:mm")


def test_columns_fit_their_content_within_bounds():
    sheet = _sheet(xlsx_response("t", HEADER, [ROW]))
    width = {letter: sheet.column_dimensions[letter].width for letter in "ABCDI"}
    assert width["A"] >= len("21370123400018") and width["C"] >= len("+33623456789")
    assert width["B"] >= len("Département")  # the header is never cut
    assert 6 <= width["D"] < 15
    assert MAX_WIDTH <= width["I"] < MAX_WIDTH + 1  # a long text is capped (xlsxwriter adds its padding)


def test_a_formula_stays_text():
    cell = _sheet(xlsx_response("t", HEADER, [ROW]))["I2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK") and not cell.hyperlink


def test_empty_export_still_has_its_header():
    sheet = _sheet(xlsx_response("t", HEADER, []))
    assert [cell.value for cell in sheet[1]] == HEADER and sheet.max_row == 1


def test_csv_is_unchanged(db):
    response = csv_response("t", HEADER[:5], [ROW[:5]], neutralise_formulas=True)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1] == "21370123400018;01;'+33623456789;12345;150000,50"
