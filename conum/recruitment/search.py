"""A structure's own search: every matchable candidate within a radius of its commune, whatever their mobility.

Same territory rule as matching (an overseas territory only sees its own candidates). A bounding box on the
candidates' indexed coordinates first, then the exact distance on the few rows left, nearest first.
"""

from conum.core.errors import RuleViolation
from conum.territories.distance import Point, bounding_box, haversine_km

from .enums import MatchStatus
from .models import Candidate, Match, territory_of

SEARCH_RADII = [5, 10, 20, 40, 100, 200]
NO_COORDINATES = (
    "La commune de votre structure n'a pas de coordonnées connues : la recherche par distance est impossible."
)


def structure_point(application) -> Point:
    commune = application.structure.commune
    if not commune.has_coordinates:
        raise RuleViolation(NO_COORDINATES)
    return Point(commune.latitude, commune.longitude)


def reachable(application):
    """Matchable candidates of the application's territory (no coordinate filter yet)."""
    return Candidate.objects.matchable().filter(territory=territory_of(application.structure.departement_id))


def nearby(application, radius_km: int) -> list[tuple[float, int]]:
    """(distance in km, candidate id) within `radius_km`, nearest first, without those already in the list.

    Withdrawn matches do not count: the structure may add those people again.
    """
    center = structure_point(application)
    min_lat, max_lat, min_lon, max_lon = bounding_box(center, radius_km)
    rows = reachable(application).filter(latitude__gte=min_lat, latitude__lte=max_lat)
    if min_lon is not None:
        rows = rows.filter(longitude__gte=min_lon, longitude__lte=max_lon)
    listed = Match.objects.filter(application=application).exclude(status=MatchStatus.WITHDRAWN)
    rows = rows.exclude(pk__in=listed.values("candidate")).values_list("pk", "latitude", "longitude")
    found = [(haversine_km(center, Point(lat, lon)), pk) for pk, lat, lon in rows]
    return sorted(pair for pair in found if pair[0] <= radius_km)
