"""The REST API's list of places, as a re-user calls it.

`uv run python -m bench api [--scale national|small]`: `/api/v1/places` for a département (first page, 50
places) and around a point (Paris, 20 km, nearest first), and the naive way for the point: every public place
loaded with its relations, haversine on each, the first page serialised.
"""

from django.db import connection
from django.test import Client, override_settings

from conum.api.places import place_out
from conum.public.search import public_places
from conum.territories.distance import Point, haversine_km

from .public_search import fill
from .scale import scale_from
from .timing import measure, measure_get, ratio, report

PARIS = Point(48.8566, 2.3522)
RADIUS_KM = 20
PAGE_SIZE = 50


def _naive_near(center: Point) -> list[dict]:
    found = []
    for place in public_places().select_related("commune", "structure"):
        distance = haversine_km(center, Point(place.latitude, place.longitude))
        if distance <= RADIUS_KM:
            place.distance_km = distance
            found.append(place)
    found.sort(key=lambda place: place.distance_km)
    return [place_out(place) for place in found[:PAGE_SIZE]]


def run(args):
    scale = scale_from(args)
    fill(scale.places, scale.workshops)
    print(f"database: {connection.vendor}; {public_places().count():,} public places")
    client = Client(SERVER_NAME="localhost")
    with override_settings(API_RATE_LIMIT_PER_MINUTE=1_000_000):
        listed = measure_get(client, "/api/v1/places", {"departement": "75", "page_size": str(PAGE_SIZE)})
        report("GET /api/v1/places?departement=75", *listed[:3])
        near = {"lat": str(PARIS.latitude), "lon": str(PARIS.longitude), "radius_km": str(RADIUS_KM)}
        near_page = measure_get(client, "/api/v1/places", near | {"page_size": str(PAGE_SIZE)})
        report(f"GET /api/v1/places around Paris, {RADIUS_KM} km", *near_page[:3])
    naive = measure(lambda: _naive_near(PARIS), repeat=3)
    report("naive: haversine on every public place, then a page", *naive[:3])
    ratio("API places around a point", naive[0], near_page[0])
