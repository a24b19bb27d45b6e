"""Public read endpoints: places in the national schema, upcoming workshops, statistics; errors, rate limit."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from conum.activity.enums import AccessMode
from conum.steering.opendata import COLUMNS
from tests.activity.builders import individual_data, save_report
from tests.activity.factories import PlaceFactory, WorkshopFactory


@pytest.fixture
def places(hired_advisor):
    structure = hired_advisor.structure
    return {
        "limoges": PlaceFactory(structure=structure, name="Médiathèque de Limoges", commune_id="87085"),
        "saint_junien": PlaceFactory(
            structure=structure,
            name="Mairie de Saint-Junien",
            commune_id="87154",
            services=["Loisirs et créations numériques"],
        ),  # fmt: skip
        "gueret": PlaceFactory(structure=structure, name="Tiers-lieu de Guéret", commune_id="23096"),
        "closed": PlaceFactory(structure=structure, name="Bureau fermé", access_modes=[AccessMode.NO_PUBLIC]),
    }


def test_places_have_the_national_schema_fields(client, places):
    body = client.get("/api/v1/places").json()
    assert body["count"] == 3  # not the one closed to the public
    first = body["results"][0]
    assert set(COLUMNS) <= set(first)
    assert first["id"].startswith("conum-lieu-") and first["code_insee"] == "87085"
    assert isinstance(first["latitude"], float) and first["distance_km"] is None


def test_places_filters(client, places):
    def names(**params):
        return sorted(row["nom"] for row in client.get("/api/v1/places", params).json()["results"])

    assert names(departement="23") == ["Tiers-lieu de Guéret"]
    assert names(commune="87154") == ["Mairie de Saint-Junien"]
    assert names(service="Loisirs et créations numériques") == ["Mairie de Saint-Junien"]
    assert names(departement="2A") == []


def test_places_near_a_point(client, places):
    limoges = {"lat": 45.8336, "lon": 1.2611}
    body = client.get("/api/v1/places", {**limoges, "radius_km": 40}).json()
    assert [row["nom"] for row in body["results"]] == ["Médiathèque de Limoges", "Mairie de Saint-Junien"]
    distances = [row["distance_km"] for row in body["results"]]
    assert distances == sorted(distances) and distances[1] > 20
    wide = client.get("/api/v1/places", {**limoges, "radius_km": 100, "page_size": 1, "page": 3}).json()
    assert wide["count"] == 3 and [row["nom"] for row in wide["results"]] == ["Tiers-lieu de Guéret"]
    assert wide["next"] is None and "page=2" in wide["previous"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"radius_km": 101, "lat": 45, "lon": 1}, "radius_km"),
        ({"lat": 45}, "lon"),
        ({"lat": 91, "lon": 1, "radius_km": 5}, "lat"),
        ({"departement": "ABC"}, "departement"),
        ({"commune": "8708"}, "commune"),
        ({"service": "jardinage"}, "service"),
        ({"page": 0}, "page"),
        ({"page_size": "beaucoup"}, "page_size"),
    ],
)
def test_places_bad_parameters_422(client, places, params, field):
    response = client.get("/api/v1/places", params)
    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], str) and field in [error["field"] for error in body["errors"]]


def test_one_place(client, places):
    place = places["limoges"]
    assert client.get(f"/api/v1/places/{place.pk}").json()["nom"] == "Médiathèque de Limoges"
    for missing in (places["closed"].pk, 999999):
        response = client.get(f"/api/v1/places/{missing}")
        assert response.status_code == 404 and response.json() == {"detail": "Ressource introuvable.", "errors": []}


def test_upcoming_workshops(client, hired_advisor, places):
    session = WorkshopFactory(advisor=hired_advisor, place=places["limoges"], capacity=8)
    WorkshopFactory(advisor=hired_advisor, place=places["gueret"], level="intermediaire")
    WorkshopFactory(advisor=hired_advisor, place=places["limoges"], public=False)
    WorkshopFactory(advisor=hired_advisor, place=places["limoges"], cancelled_at=timezone.now())
    body = client.get("/api/v1/workshops").json()
    assert body["count"] == 2
    row = next(row for row in body["results"] if row["id"] == session.pk)
    assert row["seats_left"] == 8 and row["booking"] == "open" and row["place"]["code_insee"] == "87085"
    assert row["url"].endswith(f"/aide-numerique/ateliers/{session.pk}/")
    assert client.get("/api/v1/workshops", {"departement": "23"}).json()["count"] == 1
    assert client.get("/api/v1/workshops", {"level": "intermediaire"}).json()["count"] == 1
    assert client.get("/api/v1/workshops", {"theme": "email"}).json()["count"] == 0
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.get("/api/v1/workshops", {"start": tomorrow, "end": tomorrow}).json()["count"] == 2
    assert client.get("/api/v1/workshops", {"end": timezone.localdate().isoformat()}).json()["count"] == 0
    reversed_period = client.get("/api/v1/workshops", {"start": tomorrow, "end": timezone.localdate().isoformat()})
    assert (
        reversed_period.status_code == 422
        and reversed_period.json()["detail"] == "La fin de la période suit son début."
    )


def test_statistics(client, hired_advisor, advisor, place):
    save_report(hired_advisor, advisor, individual_data(place))
    national = client.get("/api/v1/statistics/national").json()
    assert national["territory"] == "France" and national["reports"] == 1 and national["accompaniments"] == 1
    assert national["advisors_in_post"] == 1
    assert {d["key"] for d in national["distributions"]} >= {"themes", "ages", "kinds"}
    haute_vienne = client.get("/api/v1/statistics/departements/87").json()
    assert (haute_vienne["territory_name"], haute_vienne["reports"], haute_vienne["advisors_in_post"]) == (
        "Haute-Vienne", 1, 1)  # fmt: skip
    creuse = client.get("/api/v1/statistics/departements/23").json()
    assert (creuse["reports"], creuse["advisors_in_post"]) == (0, 0)
    assert client.get("/api/v1/statistics/departements/999").status_code == 404
    assert client.get("/api/v1/statistics/departements/abcd").status_code == 404
    old = client.get("/api/v1/statistics/national", {"start": "2021-01-01", "end": "2021-12-31"}).json()
    assert old["reports"] == 0 and old["start"] == "2021-01-01"
    # Cached for an hour: a new report shows up later.
    save_report(hired_advisor, advisor, individual_data(place))
    assert client.get("/api/v1/statistics/national").json()["reports"] == 1


@override_settings(API_RATE_LIMIT_PER_MINUTE=3)
def test_rate_limit_per_address_and_per_token(client, national_staff, advisor):
    from .conftest import bearer, make_token

    for _ in range(3):
        assert client.get("/api/v1/workshops").status_code == 200
    limited = client.get("/api/v1/workshops")
    assert limited.status_code == 429
    assert limited.json()["detail"] == "Trop de requêtes : patientez avant de réessayer."
    assert 1 <= int(limited["Retry-After"]) <= 60
    # A token has its own allowance, whatever the address.
    token = make_token(national_staff, advisor)
    for _ in range(3):
        assert client.get("/api/v1/reports", **bearer(token)).status_code == 200
    assert client.get("/api/v1/reports", **bearer(token)).status_code == 429


def test_documentation(client):
    assert client.get("/api/v1/docs").status_code == 200
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/places", "/api/v1/workshops", "/api/v1/reports", "/api/v1/statistics/national"} <= set(
        schema["paths"]
    )
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_lists_do_not_grow_in_queries_with_rows(client, hired_advisor, places, django_assert_max_num_queries):
    for index in range(15):
        place = PlaceFactory(structure=hired_advisor.structure, name=f"Lieu {index}")
        WorkshopFactory(advisor=hired_advisor, place=place)
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/places", {"page_size": 100}).json()["results"]) == 18
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/places", {"lat": 45.83, "lon": 1.26, "radius_km": 100}).json()["results"]) == 18
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/workshops", {"page_size": 100}).json()["results"]) == 15
