"""The database's distances, count and pages are those of a brute-force scan in Python (haversine_km on every
public place): same places, same order (ties by id), same floats, the radius boundary included."""

import math
import random
import re

import pytest

from conum.activity.enums import AccessMode, Fee, PlaceService
from conum.activity.models import Place
from conum.public import search
from conum.territories.distance import Point, haversine_km

SAINT_JUNIEN = Point(45.90245, 0.88786)
HOURS = ["Mo-Fr 09:00-12:00", "Tu-Sa 10:00-18:00", "Sa 09:00-12:00", "", "not hours"]


@pytest.fixture
def crowd(network, hired_advisor):
    """300 places scattered up to 40 km around Saint-Junien, a third of them sharing a point with another (equal
    distances), a few archived or closed to the public."""
    rng = random.Random(17)
    points = []
    for index in range(300):
        if points and index % 3 == 0:
            points.append(rng.choice(points))
        else:
            points.append(
                (SAINT_JUNIEN.latitude + rng.uniform(-0.36, 0.36), SAINT_JUNIEN.longitude + rng.uniform(-0.5, 0.5))
            )
    rows = [
        Place(
            structure=hired_advisor.structure, name=f"Lieu {index}", address="1 rue de la Paix", commune_id="87154",
            postal_code="87200", departement_id="87", siret="21870085600013", typology="MUNI",
            latitude=latitude, longitude=longitude, opening_hours=rng.choice(HOURS),
            services=[rng.choice([PlaceService.PROCEDURES, PlaceService.LEISURE])],
            fees=[rng.choice([Fee.FREE, Fee.PAID])],
            access_modes=[AccessMode.NO_PUBLIC] if index % 29 == 0 else [AccessMode.WALK_IN],
            archived_at=None if index % 31 else network["saint_junien"].created_at,
        )
        for index, (latitude, longitude) in enumerate(points)
    ]  # fmt: skip
    Place.objects.bulk_create(rows)


def brute_force(center, radius_km, filters=None):
    filters = filters or search.PlaceFilters()
    found = []
    for place in search._filtered(filters):
        distance = haversine_km(center, Point(place.latitude, place.longitude))
        if distance <= radius_km and (not filters.open_saturday or search.opens_on(place.opening_hours, 5)):
            found.append((distance, place.pk))
    return [(pk, distance) for distance, pk in sorted(found)]


def pairs(found):
    return [(place.pk, place.distance_km) for place in found]


@pytest.mark.parametrize(
    "filters",
    [
        search.PlaceFilters(),
        search.PlaceFilters(service=PlaceService.PROCEDURES, free_only=True),
        search.PlaceFilters(open_saturday=True),
    ],
)
@pytest.mark.parametrize("radius_km", [5, 20, 50])
def test_same_places_order_and_distances_as_a_scan(crowd, filters, radius_km):
    expected = brute_force(SAINT_JUNIEN, radius_km, filters)
    assert len(expected) >= (20 if radius_km == 50 else 1)
    if radius_km == 50 and filters == search.PlaceFilters():
        assert len({distance for _pk, distance in expected}) < len(expected) - 50  # ties, ordered by id
    found = search.find_places(SAINT_JUNIEN, radius_km, filters)
    assert len(found) == len(expected)
    assert pairs(found) == expected
    for start in (0, 20, len(expected) - 5):  # a page read alone, as the results page reads it
        assert (
            pairs(search.find_places(SAINT_JUNIEN, radius_km, filters)[start : start + 20])
            == expected[start : start + 20]
        )


def test_the_radius_boundary_is_the_scan_s(crowd):
    inside = brute_force(SAINT_JUNIEN, 20)
    pk, boundary = inside[-1]  # the farthest place within 20 km: a radius of exactly its distance keeps it
    assert pairs(search.find_places(SAINT_JUNIEN, boundary)) == inside
    just_below = math.nextafter(boundary, 0)
    closer = [row for row in inside if row[1] < boundary]  # that place and any other at the same point
    assert pk not in dict(closer) and pairs(search.find_places(SAINT_JUNIEN, just_below)) == closer


def test_a_page_and_its_count_in_one_query(crowd, django_assert_num_queries):
    expected = brute_force(SAINT_JUNIEN, 50)
    found = search.find_places(SAINT_JUNIEN, 50)
    with django_assert_num_queries(1):
        assert pairs(found.read(40, 60)) == expected[40:60]
        assert len(found) == len(expected)
        assert pairs(found[40:60]) == expected[40:60]
    with django_assert_num_queries(1):  # past the end: no row, so the count is asked for
        assert found.read(len(expected) + 20, len(expected) + 40) == []
    last = len(expected) - len(expected) % 20
    with django_assert_num_queries(1):
        assert pairs(found[last : last + 20]) == expected[last:]
    assert (found[0].pk, found[0].distance_km) == expected[0]
    assert pairs(found[-2:]) == expected[-2:]
    with pytest.raises(IndexError):
        found[len(expected)]  # noqa: B018
    nothing = search.find_places(Point(43.3, 5.4), 5)  # Marseille
    with django_assert_num_queries(1):
        assert nothing.read(0, 20) == [] and len(nothing) == 0


def test_result_pages_list_the_scan_s_places(client, crowd):
    expected = brute_force(SAINT_JUNIEN, 30)
    names = dict(Place.objects.values_list("pk", "name"))
    for number in (1, 2, len(expected) // 20 + 1, 999):  # a page past the end shows the last one
        response = client.get("/aide-numerique/", {"commune": "Saint-Junien", "distance": "30", "page": number})
        html = response.content.decode()
        shown = re.findall(r'<h3 class="fr-card__title"><a href="/aide-numerique/lieux/(\d+)/">', html)
        page = min(number, len(expected) // 20 + 1)
        assert [int(pk) for pk in shown] == [pk for pk, _km in expected[(page - 1) * 20 : page * 20]]
        assert names[int(shown[0])] in html


@pytest.mark.parametrize("number", ["10000000000000000000000000", "-3", "abc", "2.5", "0"])
def test_any_page_number_shows_a_page(client, crowd, number):
    response = client.get("/aide-numerique/", {"commune": "Saint-Junien", "distance": "30", "page": number})
    assert response.status_code == 200
    assert re.search(r'<h3 class="fr-card__title"><a href="/aide-numerique/lieux/\d+/">', response.content.decode())
