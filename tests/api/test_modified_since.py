"""Incremental sync of places: `modified_since` lists what changed since then, the places withdrawn included."""

from datetime import UTC, datetime

import pytest

from conum.activity.enums import AccessMode
from conum.activity.models import Place
from conum.api.filters import BAD_MOMENT
from conum.steering.opendata import place_id
from tests.activity.factories import PlaceFactory

OLD = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
RECENT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def changed_at(place, moment):
    Place.objects.filter(pk=place.pk).update(updated_at=moment)  # update() leaves auto_now alone


@pytest.fixture
def places(hired_advisor):
    structure = hired_advisor.structure
    found = {
        "unchanged": PlaceFactory(structure=structure, name="Médiathèque de Limoges"),
        "edited": PlaceFactory(structure=structure, name="Mairie de Saint-Junien", commune_id="87154"),
        "archived": PlaceFactory(structure=structure, name="Ancien local", archived_at=RECENT),
        "closed": PlaceFactory(structure=structure, name="Bureau fermé", access_modes=[AccessMode.NO_PUBLIC]),
        "archived_long_ago": PlaceFactory(structure=structure, name="Très ancien local", archived_at=OLD),
    }
    for name, place in found.items():
        changed_at(place, OLD if name in ("unchanged", "archived_long_ago") else RECENT)
    return found


def rows(client, **params):
    response = client.get("/api/v1/places", params)
    assert response.status_code == 200, response.content
    return {row["id"]: row for row in response.json()["results"]}


def test_without_the_filter_only_public_places_each_with_its_time(client, places):
    listed = rows(client)
    assert set(listed) == {place_id(places["unchanged"]), place_id(places["edited"])}
    row = listed[place_id(places["edited"])]
    assert row["removed"] is False and row["updated_at"] == "2026-11-02T09:30:00Z"


def test_changes_since_a_moment_with_the_withdrawn_places_as_removals(client, places):
    listed = rows(client, modified_since="2026-11-01T00:00:00Z")
    assert set(listed) == {place_id(places[name]) for name in ("edited", "archived", "closed")}
    edited = listed[place_id(places["edited"])]
    assert edited["removed"] is False and edited["nom"] == "Mairie de Saint-Junien"
    for name in ("archived", "closed"):
        removal = listed[place_id(places[name])]
        assert removal["removed"] is True and removal["updated_at"] == "2026-11-02T09:30:00Z"
        # Nothing of a place no longer public but its id and time.
        assert removal["nom"] == removal["adresse"] == removal["telephone"] == "" and removal["latitude"] is None


def test_the_moment_itself_is_included_and_later_ones_exclude(client, places):
    assert len(rows(client, modified_since="2026-11-02T09:30:00+00:00")) == 3
    assert rows(client, modified_since="2026-11-02T09:30:01Z") == {}


def test_a_moment_without_time_zone_is_paris_time(client, places):
    # 10:30 in Paris on 2 November is 09:30 UTC: the edit is included; a second later, not.
    assert len(rows(client, modified_since="2026-11-02T10:30:00")) == 3
    assert rows(client, modified_since="2026-11-02T10:30:01") == {}
    assert len(rows(client, modified_since="2026-11-02")) == 3  # a day alone: from its midnight
    assert len(rows(client, modified_since="2026-11-02t09:30:00z")) == 3  # RFC 3339 allows lower case


def test_the_filter_combines_with_the_others(client, places):
    assert set(rows(client, modified_since="2026-11-01", commune="87154")) == {place_id(places["edited"])}
    near = rows(client, modified_since="2026-11-01", lat=45.83, lon=1.26, radius_km=50)
    assert set(near) == {place_id(places[name]) for name in ("edited", "archived", "closed")}
    assert near[place_id(places["edited"])]["distance_km"] > 0 and near[place_id(places["closed"])]["removed"]


@pytest.mark.parametrize(
    "wrong", ["hier", "2026-13-01", "2026-11-01T25:00:00Z", "01/11/2026", "0001-01-01T00:00:00+01:00", " "]
)
def test_a_bad_moment_is_a_422_in_french(client, places, wrong):
    response = client.get("/api/v1/places", {"modified_since": wrong})
    assert response.status_code == 422
    assert response.json() == {"detail": BAD_MOMENT, "errors": [{"field": "modified_since", "message": BAD_MOMENT}]}


def test_an_oversized_moment_is_refused(client, places):
    response = client.get("/api/v1/places", {"modified_since": "2026-11-01T00:00:00Z" + "0" * 50})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "modified_since"


def test_sync_pages_do_not_grow_in_queries(client, hired_advisor, places, django_assert_max_num_queries):
    for index in range(15):
        PlaceFactory(structure=hired_advisor.structure, name=f"Lieu {index}", archived_at=RECENT if index % 2 else None)
    with django_assert_max_num_queries(4):
        listed = rows(client, modified_since="2026-11-01", page_size=100)
    assert len(listed) == 18 and sum(row["removed"] for row in listed.values()) == 9
