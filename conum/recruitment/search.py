"""A structure's own search: the available candidates within a radius of its commune whose mobility covers it.

Same territory rule as matching (an overseas territory only sees its own candidates) and the same mobility rule
(disclosure.covers): a person is found only if the distance they accept reaches the structure, so the radius
stops at the largest mobility offered (100 km; "France entière" people farther away come through matching).
A bounding box on the candidates' indexed coordinates first, then the exact distance on the few rows left,
nearest first.
"""

from conum.core.errors import RuleViolation
from conum.recruitment.disclosure import covers
from conum.recruitment.enums import MatchStatus, Mobility
from conum.recruitment.models import Candidate, Match, territory_of
from conum.territories.distance import Point, bounding_box, haversine_km

# The distances a candidate may declare: beyond the largest, only "France entière" people could be found.
SEARCH_RADII = sorted(mobility.value for mobility in Mobility if mobility.value)
MAX_RADIUS = SEARCH_RADII[-1]
NO_COORDINATES = (
    "La commune de votre structure n'a pas de coordonnées connues : la recherche par distance est impossible."
)


def structure_point(application) -> Point:
    commune = application.structure.commune
    if not commune.has_coordinates:
        raise RuleViolation(NO_COORDINATES)
    return Point(commune.latitude, commune.longitude)


def reachable(application):
    """Matchable candidates of the application's territory (no coordinate or mobility filter yet)."""
    return Candidate.objects.matchable().filter(territory=territory_of(application.structure.departement_id))


def nearby(application, radius_km: int) -> list[tuple[float, int]]:
    """(distance in km, candidate id) within `radius_km` whose mobility covers the structure, nearest first,
    without those already in the list.

    Withdrawn matches do not count: the structure may add those people again.
    """
    radius_km = min(radius_km, MAX_RADIUS)
    center = structure_point(application)
    min_lat, max_lat, min_lon, max_lon = bounding_box(center, radius_km)
    rows = reachable(application).filter(latitude__gte=min_lat, latitude__lte=max_lat)
    if min_lon is not None:
        rows = rows.filter(longitude__gte=min_lon, longitude__lte=max_lon)
    listed = Match.objects.filter(application=application).exclude(status=MatchStatus.WITHDRAWN)
    rows = rows.exclude(pk__in=listed.values("candidate")).values_list("pk", "latitude", "longitude", "mobility_km")
    found = [(haversine_km(center, Point(lat, lon)), pk, mobility) for pk, lat, lon, mobility in rows]
    return sorted(
        (distance, pk) for distance, pk, mobility in found if distance <= radius_km and covers(mobility, distance)
    )
