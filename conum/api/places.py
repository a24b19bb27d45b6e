"""Public places of activity, in the national schema's fields (steering.opendata.place_record)."""

from datetime import datetime

from django.db.models import Q
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from pydantic import create_model

from conum.activity.enums import PlaceService
from conum.activity.models import Place
from conum.api.errors import ApiError, documented
from conum.api.filters import MODIFIED_SINCE, narrowed, since
from conum.api.pagination import PageParams, page_schema, paginate
from conum.core.model_fields import has_value
from conum.public.search import nearby, public_places
from conum.steering.opendata import COLUMNS, PLACE_ID_PREFIX, place_pk, place_record
from conum.territories.distance import Point

router = Router(tags=["Lieux"])

MAX_RADIUS_KM = 100
DEPARTEMENT_PATTERN = r"^(\d{2}|2[AB]|97\d)$"
COMMUNE_PATTERN = r"^(\d{5}|2[AB]\d{3})$"
# The open-data identifier (steering.opendata.place_id: conum-lieu-12, or an imported place's own), or the bare
# number the first clients stored.
PLACE_ID = Path(
    ..., pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$",
    description=f"Identifiant du lieu, celui des données ouvertes ({PLACE_ID_PREFIX}12, ou l'identifiant de la source "
    "d'un lieu importé) ou son numéro (12)",
)  # fmt: skip

_FLOATS = {"latitude", "longitude"}
REMOVED = (
    "Lieu retiré (archivé ou ne recevant plus de public) : seuls id et updated_at sont remplis ; n'apparaît "
    "qu'avec modified_since"
)
PlaceOut = create_model(
    "PlaceOut",
    __base__=Schema,
    **{name: (float | None if name in _FLOATS else str, ...) for name in COLUMNS},
    distance_km=(float | None, Field(None, description="Distance au point demandé (recherche autour d'un point)")),
    updated_at=(datetime, Field(..., description="Dernière modification du lieu (date et heure)")),
    removed=(bool, Field(False, description=REMOVED)),
)


PlacePage = page_schema("PlacePage", PlaceOut)


class PlaceFilters(PageParams):
    departement: str | None = Field(None, pattern=DEPARTEMENT_PATTERN, description="Code du département (87, 2A…)")
    commune: str | None = Field(None, pattern=COMMUNE_PATTERN, description="Code INSEE de la commune")
    service: PlaceService | None = Field(None, description="Un service du schéma national")
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude du point (avec lon et radius_km)")
    lon: float | None = Field(None, ge=-180, le=180, description="Longitude du point")
    radius_km: float | None = Field(None, gt=0, le=MAX_RADIUS_KM, description="Rayon autour du point, en km")
    modified_since: str | None = MODIFIED_SINCE


# What each set filter keeps (api.filters.narrowed); lat, lon and radius_km make the point.
PLACE_CONDITIONS = {
    "departement": "departement_id",
    "commune": "commune_id",
    "service": lambda service: has_value("services", service),
}


def place_out(place: Place, removed: bool = False) -> dict:
    """The place's national-schema record; a removed place (incremental sync) keeps only its id and time."""
    record = place_record(place)
    if removed:
        record = dict.fromkeys(COLUMNS, "") | {"id": record["id"]}
    for name in _FLOATS:
        if record[name] == "":
            record[name] = None
    record["distance_km"] = round(place.distance_km, 2) if hasattr(place, "distance_km") and not removed else None
    return record | {"updated_at": place.updated_at, "removed": removed}


def _rows(filters: PlaceFilters):
    """The places listed: those open to the public; with modified_since, every place changed since then, the
    ones no longer public included (to be removed by the client)."""
    moment = since(filters.modified_since)
    rows = public_places() if moment is None else Place.objects.filter(updated_at__gte=moment)
    return narrowed(rows, filters, PLACE_CONDITIONS), moment is not None


def _build(shown: list[Place], with_removed: bool) -> list[dict]:
    """The rows of a page; with removed places, those of the page still public are read in one query."""
    if not with_removed or not shown:
        return [place_out(place) for place in shown]
    public = set(public_places().filter(pk__in=[place.pk for place in shown]).values_list("pk", flat=True))
    return [place_out(place, removed=place.pk not in public) for place in shown]


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
    `distance_km` ; sinon dans l'ordre de leur identifiant. Avec `modified_since` (synchronisation
    incrémentale) : les lieux modifiés depuis ce moment, ceux retirés depuis avec `removed` à true."""
    rows, with_removed = _rows(filters)
    point = _point(filters)
    full = Place.objects.select_related("commune", "structure")
    if point is None:
        page = paginate(request, full.filter(pk__in=rows).order_by("pk"), filters.page, filters.page_size)
        page["results"] = _build(page["results"], with_removed)
        return page
    found = nearby(rows, *point)  # (pk, distance) tuples: a city has thousands of places within the radius
    start = (filters.page - 1) * filters.page_size
    shown = found[start : start + filters.page_size]
    by_pk = full.in_bulk([place.pk for place in shown])
    for place in shown:
        by_pk[place.pk].distance_km = place.distance_km
    page = paginate(request, found, filters.page, filters.page_size)
    page["results"] = _build([by_pk[place.pk] for place in shown], with_removed)
    return page


@router.get("/places/{place_id}", response={200: PlaceOut, **documented(404, 422, 429)}, url_name="place")
def place(request, place_id: str = PLACE_ID):
    """Un lieu d'activité ouvert au public, par l'identifiant des données ouvertes (`conum-lieu-12`) ou son
    numéro (`12`)."""
    # An imported place answers to its producer's id, as the open data writes it; a Conum place to conum-lieu-<pk>.
    same_id = Q(source_id=place_id)
    if (pk := place_pk(place_id)) is not None:
        same_id |= Q(pk=pk, source_id="")
    found = public_places().select_related("commune", "structure").filter(same_id).order_by("pk").first()
    if found is None:
        raise Http404
    return place_out(found)
