"""One identifier for a place in the API and the open-data files: `conum-lieu-<n>`, the bare number still read."""

import json
import re

import pytest

from conum.activity.enums import AccessMode
from conum.activity.models import Place
from conum.steering.opendata import place_id, place_pk
from tests.activity.factories import PlaceFactory, WorkshopFactory


@pytest.fixture
def places(hired_advisor):
    structure = hired_advisor.structure
    return {
        "open": PlaceFactory(structure=structure, name="Médiathèque de Limoges"),
        "closed": PlaceFactory(structure=structure, name="Bureau fermé", access_modes=[AccessMode.NO_PUBLIC]),
    }


def test_the_id_is_written_and_read_back_by_one_pair_of_functions(places):
    place = places["open"]
    assert place_id(place) == f"conum-lieu-{place.pk}"
    assert place_pk(place_id(place)) == place.pk and place_pk(str(place.pk)) == place.pk
    for other in ("", "conum-lieu-", "conum-lieu-0", "conum-lieu-012", "lieu-1", "conum-lieu-1a", "١٢", "-3"):
        assert place_pk(other) is None, other


def test_the_api_and_the_open_data_give_a_place_the_same_id(client, places):
    place = places["open"]
    published = json.loads(b"".join(client.get("/donnees-ouvertes/lieux-de-mediation-numerique.json")))
    open_data_id = next(row["id"] for row in published if row["nom"] == "Médiathèque de Limoges")
    listed = client.get("/api/v1/places").json()["results"]
    assert [row["id"] for row in listed] == [open_data_id]
    by_id = client.get(f"/api/v1/places/{open_data_id}")
    assert by_id.status_code == 200 and by_id.json()["id"] == open_data_id and by_id.json()["nom"] == place.name
    # The number alone, as the first clients stored it, names the same place.
    by_number = client.get(f"/api/v1/places/{place.pk}")
    assert by_number.status_code == 200 and by_number.json()["id"] == open_data_id


def test_a_workshops_place_carries_the_same_id(client, hired_advisor, places):
    WorkshopFactory(advisor=hired_advisor, place=places["open"])
    row = client.get("/api/v1/workshops").json()["results"][0]
    assert row["place"]["id"] == place_id(places["open"])
    assert client.get(f"/api/v1/places/{row['place']['id']}").json()["nom"] == "Médiathèque de Limoges"


@pytest.mark.parametrize("wrong", ["-1", "conum lieu 1", "lieu-é", ".cache", "x" * 201])
def test_a_malformed_id_is_a_422_in_french(client, places, wrong):
    response = client.get(f"/api/v1/places/{wrong}")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("Les données envoyées sont invalides")
    assert body["errors"][0]["field"] == "place_id" and "format invalide" in body["errors"][0]["message"]


def test_an_unknown_or_non_public_place_is_a_404(client, places):
    for missing in (place_id(places["closed"]), str(places["closed"].pk), "conum-lieu-999999999", "conum-lieu-0",
                    "conum-lieu-01", "lieu-1", "abc"):  # fmt: skip
        response = client.get(f"/api/v1/places/{missing}")
        assert response.status_code == 404 and response.json() == {"detail": "Ressource introuvable.", "errors": []}


def test_the_documentation_describes_the_string_id(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameter = schema["paths"]["/api/v1/places/{place_id}"]["get"]["parameters"][0]
    assert parameter["schema"]["type"] == "string" and "conum-lieu-12" in parameter["description"]
    assert re.fullmatch(parameter["schema"]["pattern"], "structure-1")


def test_an_imported_place_answers_to_its_producers_id(client, places):
    """The id the open data writes for an imported place (its source's) opens it in the API; its Conum number does
    not stand for it under conum-lieu-<pk>, which another producer's place may carry."""
    imported = places["open"]
    Place.objects.filter(pk=imported.pk).update(source="Hubik", source_id="structure-1")
    imported.refresh_from_db()
    assert place_id(imported) == "structure-1"
    assert client.get("/api/v1/places/structure-1").json()["id"] == "structure-1"
    assert client.get(f"/api/v1/places/conum-lieu-{imported.pk}").status_code == 404
