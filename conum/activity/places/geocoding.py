"""Where a place is on the map: its address geocoded by the Base Adresse Nationale, else its commune's centre.

`locate` (one place, at save) and `locate_many` (imports) never fail: when the service is off, does not answer,
or finds nothing precise enough in the commune, the place goes to the commune's centre with the precision
"municipality", and the page says so ("Position : au centre de la commune").
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from conum.activity.enums import GeocodingPrecision
from conum.core import geocoding
from conum.core.reference_http import GEOCODING, ServiceUnavailable
from conum.territories.models import Commune

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Position:
    latitude: float | None
    longitude: float | None
    precision: str
    score: float | None = None
    service_down: bool = False  # the commune centre because the service did not answer: the page says so


def commune_centre(commune: Commune, *, service_down: bool = False) -> Position:
    return Position(commune.latitude, commune.longitude, GeocodingPrecision.MUNICIPALITY, service_down=service_down)


def locate(address: str, commune: Commune, postal_code: str = "") -> Position:
    """The address's position in `commune` (one call to the service, cached), else the commune's centre."""
    try:
        found = geocoding.geocode(address, commune.code, postal_code)
    except ServiceUnavailable as error:
        logger.info("Lieu placé au centre de la commune : %s", error)
        return commune_centre(commune, service_down=GEOCODING.enabled)
    return _position(found, commune)


def locate_many(rows: Sequence[tuple[str, Commune, str]]) -> list[Position]:
    """Each (address, commune, postal code)'s position, in order (one CSV call per 2,000 uncached addresses)."""
    try:
        found = geocoding.geocode_many([(address, commune.code, postal_code) for address, commune, postal_code in rows])
    except ServiceUnavailable as error:
        logger.info("Lieux placés au centre de leur commune : %s", error)
        down = GEOCODING.enabled
        return [commune_centre(commune, service_down=down) for _, commune, _ in rows]
    return [_position(match, commune) for match, (_, commune, _) in zip(found, rows, strict=True)]


def _position(found: geocoding.Geocoded | None, commune: Commune) -> Position:
    # The service's own "municipality" match is a commune centre too: ours, the one every page uses.
    if found is None or found.precision == GeocodingPrecision.MUNICIPALITY:
        return commune_centre(commune)
    return Position(found.latitude, found.longitude, found.precision, found.score)
