"""Distance search that works on SQLite and PostgreSQL alike.

A bounding box on indexed latitude/longitude columns keeps only a few rows, then the
exact great-circle (haversine) distance is computed on those rows: in Python (`haversine_km`), or in SQL
(`HaversineKm`, the same operations in the same order, so the same floats).
"""

import math
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import F, FloatField, Func

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180


class Point(NamedTuple):
    latitude: float
    longitude: float


def haversine_km(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


class HaversineKm(Func):
    """`haversine_km(center, row)` as a database expression. Each step is the one `haversine_km` takes (the
    center's terms computed here, in Python, as it does), so PostgreSQL and SQLite, which call the same C math
    library, give the very floats Python gives: the radius boundary and the ties stay where they were. One
    expression written as SQL, not a tree of Django functions: compiling thirty nodes cost more than the query."""

    output_field = FloatField()

    def __init__(self, center: Point, lat_field="latitude", lon_field="longitude"):
        super().__init__(F(lat_field), F(lon_field))
        lat1, lon1 = math.radians(center.latitude), math.radians(center.longitude)
        self.terms = (lat1, lon1, math.cos(lat1))

    def as_sql(self, compiler, connection, **extra_context):
        (lat, lat_params), (lon, lon_params) = (compiler.compile(source) for source in self.source_expressions)
        lat1, lon1, cos_lat1 = self.terms
        least = "MIN" if connection.vendor == "sqlite" else "LEAST"  # SQLite's two-argument MIN is a scalar
        sql = (
            f"(%s * ASIN(SQRT({least}(%s, POWER(SIN((RADIANS({lat}) - %s) / %s), %s) "
            f"+ %s * COS(RADIANS({lat})) * POWER(SIN((RADIANS({lon}) - %s) / %s), %s)))))"
        )
        first = [2 * EARTH_RADIUS_KM, 1.0, *lat_params, lat1, 2.0, 2.0]
        return sql, [*first, cos_lat1, *lat_params, *lon_params, lon1, 2.0, 2.0]


def bounding_box(
    center: Point, radius_km: float
) -> tuple[float, float, float, float] | tuple[float, float, None, None]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the circle; longitudes None when it spans the antimeridian
    or a pole, where only the latitude bound is meaningful."""
    delta_lat = radius_km / KM_PER_DEGREE_LATITUDE
    min_lat, max_lat = center.latitude - delta_lat, center.latitude + delta_lat
    cos_lat = math.cos(math.radians(max(abs(min_lat), abs(max_lat))))
    if cos_lat <= 1e-6:
        return max(min_lat, -90.0), min(max_lat, 90.0), None, None
    delta_lon = delta_lat / cos_lat
    min_lon, max_lon = center.longitude - delta_lon, center.longitude + delta_lon
    if min_lon < -180 or max_lon > 180:
        return min_lat, max_lat, None, None
    return min_lat, max_lat, min_lon, max_lon


def box_filters(center: Point, radius_km: float, lat_field="latitude", lon_field="longitude") -> dict:
    """Lookups keeping the rows inside the bounding box (rows without coordinates fail them in SQL)."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(center, radius_km)
    filters = {f"{lat_field}__gte": min_lat, f"{lat_field}__lte": max_lat}
    if min_lon is not None:
        filters |= {f"{lon_field}__gte": min_lon, f"{lon_field}__lte": max_lon}
    return filters


def within(queryset, center: Point, radius_km: float, lat_field="latitude", lon_field="longitude", limit=None):
    """Objects of `queryset` within `radius_km` of `center`, nearest first.

    Each returned object gets a `distance_km` attribute. Rows without coordinates are
    never returned. `lat_field`/`lon_field` may follow relations ("commune__latitude").
    """
    candidates = (
        queryset.filter(**box_filters(center, radius_km, lat_field, lon_field))
        .exclude(**{f"{lat_field}__isnull": True})
        .exclude(**{f"{lon_field}__isnull": True})
    )
    return nearest_first(candidates, center, radius_km, lat_field, lon_field, limit)


def nearest_first(objects: Iterable, center: Point, radius_km: float, lat_field, lon_field, limit=None) -> list:
    found = []
    for obj in objects:
        point = Point(_attribute(obj, lat_field), _attribute(obj, lon_field))
        if point.latitude is None or point.longitude is None:
            continue
        distance = haversine_km(center, point)
        if distance <= radius_km:
            obj.distance_km = distance
            found.append(obj)
    found.sort(key=lambda obj: obj.distance_km)
    return found[:limit] if limit else found


def _attribute(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
        if obj is None:
            return None
    return obj
