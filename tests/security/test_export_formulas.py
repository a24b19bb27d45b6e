"""Issue 14, item 2: exports never turn a name into a spreadsheet formula.

A structure named like a formula, sent through the public application form, must come out of every XLSX as
text (never a formula or a link) and out of every staff CSV neutralised (a leading apostrophe). The open-data
files follow their national schema verbatim: a phone "+33…" stays as it is.
"""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from conum.core.exports import csv_response
from conum.recruitment import matching
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import Match
from conum.structures.models import HostStructure, StructureApplication, StructureMembership
from tests.activity.factories import PlaceFactory
from tests.factories import CandidateFactory, valid_siret
from tests.structures.builders import form_data

FORMULA_NAME = '=HYPERLINK("http://evil/","x")'
DDE_PAYLOAD = "=cmd|' /C calc'!A0"


@pytest.fixture
def formula_structure(client, programme, django_capture_on_commit_callbacks):
    """A structure whose name is a formula, applied for through the public form as anyone can."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/structures/candidater/", form_data(siret=valid_siret(21370999), name=FORMULA_NAME))
    assert response.status_code == 302
    return HostStructure.objects.get(name=FORMULA_NAME)


def _cells(response):
    """Every cell of the first sheet, read back as a spreadsheet program would."""
    workbook = load_workbook(io.BytesIO(response.content))
    return [cell for row in workbook.worksheets[0].iter_rows() for cell in row]


def _cell_holding(cells, text):
    matching_cells = [cell for cell in cells if cell.value == text]
    assert matching_cells, f"{text!r} missing from the export"
    return matching_cells[0]


def _assert_no_formula_or_link(cells):
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert [cell.coordinate for cell in cells if cell.hyperlink] == []


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_structures_xlsx_writes_a_formula_name_as_text(client, formula_structure, national_staff):
    client.force_login(national_staff)
    cells = _cells(client.get("/structures/export.xlsx", {"status": "all"}))
    name = _cell_holding(cells, FORMULA_NAME)
    assert name.data_type == "s"
    assert _cell_holding(cells, formula_structure.siret).data_type == "s"  # a SIRET stays text, never a number
    _assert_no_formula_or_link(cells)
    row = [cell for cell in cells if cell.row == name.row]
    assert row[8].value == 2 and row[8].data_type == "n"  # posts requested: still a number


def test_steering_structures_xlsx_writes_a_formula_name_as_text(client, formula_structure, national_staff):
    client.force_login(national_staff)
    cells = _cells(client.get("/pilotage/departements/87/structures.xlsx"))
    assert _cell_holding(cells, FORMULA_NAME).data_type == "s"
    _assert_no_formula_or_link(cells)


@pytest.fixture
def candidates(territories, structure_manager):
    """A validated application in Limoges with a shortlisted candidate named like a DDE payload."""
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(structure__commune_id="87085")
    StructureApplication.objects.filter(pk=application.pk).update(status="validated", posts_granted=2)
    StructureMembership.objects.create(structure=application.structure, user=structure_manager)
    CandidateFactory(
        first_name=DDE_PAYLOAD, last_name="@SUM(1+1)", diploma_name="-2+3", phone="+33555123456",
        email="dde@exemple.fr", commune_id="87085", mediation_diploma=True,
    )  # fmt: skip
    matching.run()
    Match.objects.update(status=MatchStatus.SHORTLISTED)
    return application


def test_candidates_xlsx_writes_a_dde_payload_as_text(client, candidates, structure_manager):
    client.force_login(structure_manager)
    cells = _cells(client.get(f"/recrutement/structures/{candidates.pk}/candidats/export.xlsx"))
    assert _cell_holding(cells, DDE_PAYLOAD).data_type == "s"
    assert _cell_holding(cells, "+33555123456").data_type == "s"
    _assert_no_formula_or_link(cells)


def test_candidates_csv_neutralises_formula_cells(client, candidates, structure_manager):
    client.force_login(structure_manager)
    rows = _csv_rows(client.get(f"/recrutement/structures/{candidates.pk}/candidats/export.csv"))
    row = next(row for row in rows[1:] if "dde@exemple.fr" in row)
    assert row[:2] == ["'" + DDE_PAYLOAD, "'@SUM(1+1)"]
    assert row[9] == "'-2+3"  # diploma name
    assert row[11:] == ["'+33555123456", "dde@exemple.fr"]
    assert row[4] == "0,00"  # the distance, a number, is left as it is


def test_structures_csv_neutralises_a_formula_name(client, formula_structure, national_staff):
    client.force_login(national_staff)
    rows = _csv_rows(client.get("/structures/export.csv", {"status": "all"}))
    row = next(row for row in rows[1:] if row[0] == formula_structure.siret)
    assert row[1] == "'" + FORMULA_NAME
    assert row[8] == "2"


@pytest.mark.django_db  # csv_response asks the database whether it answers before streaming
def test_csv_cells_starting_with_tab_or_carriage_return_are_neutralised_numbers_are_not():
    response = csv_response(
        "f", ["a"], [["\tx", "\rx", "-5", "+5", "@x", "=x", -5, Decimal("-2.50"), "texte"]], neutralise_formulas=True
    )
    assert _csv_rows(response)[1] == ["'\tx", "'\rx", "'-5", "'+5", "'@x", "'=x", "-5", "-2,50", "texte"]


def test_open_data_keeps_schema_values_verbatim(client, formula_structure):
    PlaceFactory(structure=formula_structure, phone="+33555021717", name="-Espace numérique")
    text = b"".join(client.get("/donnees-ouvertes/lieux-de-mediation-numerique.csv").streaming_content).decode()
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["telephone"], row["nom"]) == ("+33555021717", "-Espace numérique")
