"""The open-data file of places: the national schema v1.0.1, checked by frictionless; no personal data."""

import csv
import io
import json

import pytest
from frictionless import Resource, Schema, validate

from conum.steering import opendata
from tests.activity.factories import PlaceFactory


@pytest.fixture
def places(hired_advisor):
    structure = hired_advisor.structure
    return [
        PlaceFactory(structure=structure, advisors=[hired_advisor], phone="+33555123456", email="numerique@limoges.fr"),
        PlaceFactory(
            structure=structure,
            name='Espace "numérique", 2e étage',
            address_complement="Bâtiment B, porte 3",
            long_presentation="Ateliers le mardi.\nPermanences le jeudi ; venez avec vos codes.",
            publics=["Seniors", "Jeunes"],
            specific_support=["Langues étrangères (anglais)"],
            fees=["Gratuit", "Payant"],
            accompaniment_modes=["Dans un atelier collectif", "À distance"],
            siret="21870085600021",
        ),
    ]


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def test_places_csv_passes_the_national_schema(client, places, tmp_path):
    text = _download(client, "/donnees-ouvertes/lieux-de-mediation-numerique.csv")
    path = tmp_path / opendata.file_name("csv")
    path.write_text(text, encoding="utf-8")
    schema = Schema.from_descriptor(json.loads(opendata.SCHEMA_PATH.read_text()))
    report = validate(Resource(path=path.name, basepath=str(tmp_path), schema=schema))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == opendata.COLUMNS and len(opendata.COLUMNS) == 32
    assert rows[0]["dispositif_programmes_nationaux"] == "Conseillers numériques"
    assert rows[1]["frais_a_charge"] == "Gratuit|Payant"
    assert rows[1]["structure_parente"] == places[1].structure.siret  # the place has a SIRET of its own
    # The check can fail: a national phone number breaks the schema's pattern.
    path.write_text(text.replace("+33555123456", "05 55 12 34 56"), encoding="utf-8")
    assert not validate(Resource(path=path.name, basepath=str(tmp_path), schema=schema)).valid


def test_the_file_is_named_as_the_schema_asks(client, places):
    response = client.get("/donnees-ouvertes/lieux-de-mediation-numerique.csv")
    assert f'filename="{opendata.file_name("csv")}"' in response["Content-Disposition"]
    assert opendata.file_name("csv").endswith("_conum_lieux-de-mediation-numerique_france.csv")


def test_json_variant_has_the_same_records(client, places):
    records = json.loads(_download(client, "/donnees-ouvertes/lieux-de-mediation-numerique.json"))
    assert [list(record) for record in records] == [opendata.COLUMNS] * 2
    assert records[1]["nom"] == 'Espace "numérique", 2e étage'


def test_no_personal_data_and_archived_places_left_out(client, places, hired_advisor):
    from django.utils import timezone

    places[1].archived_at = timezone.now()
    places[1].save()
    text = _download(client, "/donnees-ouvertes/lieux-de-mediation-numerique.csv")
    assert hired_advisor.candidate.last_name not in text and hired_advisor.candidate.email not in text
    assert len(list(csv.DictReader(io.StringIO(text)))) == 1


def test_open_data_page_is_public(client):
    response = client.get("/donnees-ouvertes/")
    assert (
        response.status_code == 200
        and "standard de données des lieux de médiation numérique" in response.content.decode()
    )
