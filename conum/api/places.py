"""Public places of activity, in the national schema's fields (steering.opendata.place_record)."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from pydantic import create_model

from conum.activity.enums import PlaceService
from conum.activity.models import Place
from conum.api.errors import ApiError, documented
from conum.api.filters import narrowed
from conum.api.pagination import ID, PageParams, page_schema, paginate
from conum.core.model_fields import has_value
from conum.public.search import nearby, public_places
from conum.steering.opendata import COLUMNS, place_record
from conum.territories.distance import Point

router = Router(tags=["Lieux"])

MAX_RADIUS_KM = 100
DEPARTEMENT_PATTERN = r"^(\d{2}|2[AB]|97\d)$"
COMMUNE_PATTERN = r"^(\d{5}|2[AB]\d{3})$"

_FLOATS = {"latitude", "longitude"}
PlaceOut = create_model(
    "PlaceOut",
    __base__=Schema,
    **{name: (float | None if name in _FLOATS else str, ...) for name in COLUMNS},
    distance_km=(float | None, Field(None, description="Distance au point demandé (recherche autour d'un point)")),
)


PlacePage = page_schema("PlacePage", PlaceOut)


class PlaceFilters(PageParams):
    departement: str | None = Field(None, pattern=DEPARTEMENT_PATTERN, description="Code du département (87, 2A…)")
    commune: str | None = Field(None, pattern=COMMUNE_PATTERN, description="Code INSEE de la commune")
    service: PlaceService | None = Field(None, description="Un service du schéma national")
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude du point (avec lon et radius_km)")
    lon: float | None = Field(None, ge=-180, le=180, description="Longitude du point")
    radius_km: float | None = Field(None, gt=0, le=MAX_RADIUS_KM, description="Rayon autour du point, en km")


# What each set filter keeps (api.filters.narrowed); lat, lon and radius_km make the point.
PLACE_CONDITIONS = {
    "departement": "departement_id",
    "commune": "commune_id",
    "service": lambda service: has_value("services", service),
}


def place_out(place: Place) -> dict:
    record = place_record(place)
    for name in _FLOATS:
        if record[name] == "":
            record[name] = None
    record["distance_km"] = round(place.distance_km, 2) if hasattr(place, "distance_km") else None
    return record


def _point(filters: PlaceFilters) -> tuple[Point, float] | None:
    given = [filters.lat is not None, filters.lon is not None, filters.radius_km is not None]
    if not any(given):
        return None
    if not all(given):
        missing = [name for name, ok in zip(("lat", "lon", "radius_km"), given, strict=True) if not ok]
        raise ApiError(
            422,
            "Une recherche autour d'un point demande lat, lon et radius_km.",
            [{"field": name, "message": f"{name} : ce paramètre est obligatoire avec les deux autres"}
             for name in missing],
        )  # fmt: skip
    return Point(filters.lat, filters.lon), filters.radius_km


@router.get("/places", response={200: PlacePage, **documented(422, 429)}, url_name="places")
def places(request, filters: Query[PlaceFilters]):
    """Lieux d'activité ouverts au public, avec les champs du schéma national des lieux de médiation
    numérique. Autour d'un point (`lat`, `lon`, `radius_km` ≤ 100) : les plus proches d'abord, avec
    `distance_km` ; sinon dans l'ordre de leur identifiant."""
    rows = narrowed(public_places(), filters, PLACE_CONDITIONS)
    point = _point(filters)
    full = Place.objects.select_related("commune", "structure")
    if point is None:
        return paginate(request, full.filter(pk__in=rows).order_by("pk"), filters.page, filters.page_size,
                        build=place_out)  # fmt: skip
    found = nearby(rows, *point)  # (pk, distance) tuples: a city has thousands of places within the radius
    start = (filters.page - 1) * filters.page_size
    shown = found[start : start + filters.page_size]
    by_pk = full.in_bulk([place.pk for place in shown])
    for place in shown:
        by_pk[place.pk].distance_km = place.distance_km
    page = paginate(request, found, filters.page, filters.page_size)
    page["results"] = [place_out(by_pk[place.pk]) for place in shown]
    return page


@router.get("/places/{place_id}", response={200: PlaceOut, **documented(404, 422, 429)}, url_name="place")
def place(request, place_id: int = ID):
    """Un lieu d'activité ouvert au public."""
    found = get_object_or_404(Place.objects.select_related("commune", "structure").filter(pk__in=public_places()),
                              pk=place_id)  # fmt: skip
    return place_out(found)
