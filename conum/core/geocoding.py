"""Addresses to coordinates with the Base Adresse Nationale's API (api-adresse.data.gouv.fr, or the Géoplateforme's
data.geopf.fr/geocodage, which serves the same paths).

- One address: `GET {GEOCODING_API_URL}/search/?q=<address>&citycode=<INSEE>&limit=1&autocomplete=0` answers a
  GeoJSON FeatureCollection (GeoCodeJSON): `features[0].geometry.coordinates` is [longitude, latitude];
  `properties` holds `score` (0 to 1), `type` ("housenumber", "street", "locality", "municipality"), `label`,
  `citycode`.
- Many addresses (imports): `POST {GEOCODING_API_URL}/search/csv/` with the CSV as `data`, the address column
  in `columns` and the INSEE code column in `citycode`; each row comes back with `latitude`, `longitude`,
  `result_score`, `result_type`, `result_label`, `result_citycode` and `result_status` ("ok", "not-found", …).

A match below MIN_SCORE, of an unknown type or in another commune is no match (None): the caller falls back to
the commune's centre. Every failure of the service is `ServiceUnavailable` (conum/core/reference_http.py).
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings

from conum.core import reference_http
from conum.core.reference_http import GEOCODING, ServiceUnavailable

MIN_SCORE = 0.5
PRECISIONS = ("housenumber", "street", "locality", "municipality")
BATCH_SIZE = 2000  # rows per CSV sent: the service refuses files past a few megabytes
NO_MATCH = "no-match"  # cached for an address the service cannot place
# Paris, Marseille and Lyon: the BAN places addresses in their arrondissements (75101…, 13201…, 69381…), never in
# the commune itself; for them the postal code filters and the arrondissement's code is accepted.
ARRONDISSEMENT_PREFIXES = {"75056": "751", "13055": "132", "69123": "6938"}


class Address(NamedTuple):
    """What `geocode_many` reads from each row: number and street, the commune's INSEE code, the postal code."""

    street: str
    citycode: str
    postcode: str = ""


@dataclass(frozen=True)
class Geocoded:
    latitude: float
    longitude: float
    precision: str  # one of PRECISIONS
    score: float
    label: str


def geocode(street: str, citycode: str, postcode: str = "") -> Geocoded | None:
    """The best match of the address in the commune `citycode`, or None; ServiceUnavailable when the service is
    off or does not answer."""
    address = Address(" ".join(street.split()), citycode, postcode)
    if not address.street:
        return None
    key = _key(address)
    kept = reference_http.remembered(key)
    if kept is not None:
        return None if kept == NO_MATCH else kept
    params = {"q": address.street, "limit": 1, "autocomplete": 0} | _filters(address)
    _, payload = reference_http.get_json(GEOCODING, "/search/", params)
    try:
        found = _from_feature(payload["features"][0], citycode) if payload["features"] else None
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise ServiceUnavailable(GEOCODING, f"réponse inattendue ({type(error).__name__})") from error
    reference_http.keep(key, found or NO_MATCH)
    return found


def geocode_many(rows: Iterable[Sequence[str]]) -> list[Geocoded | None]:
    """Each row's match (None: no match), in the rows' order; rows are `Address`es or (street, INSEE code[, postal
    code]) tuples. Addresses already geocoded come from the cache; the others go by CSV, BATCH_SIZE at a time.
    ServiceUnavailable when the service is off or does not answer."""
    addresses = [Address(" ".join(row[0].split()), *row[1:]) for row in rows]
    keys = [_key(address) if address.street else None for address in addresses]  # None: nothing to ask
    kept = reference_http.remembered_many([key for key in keys if key])
    results: list[Geocoded | None] = [None if kept.get(key) == NO_MATCH else kept.get(key) for key in keys]
    missing = [index for index, key in enumerate(keys) if key and key not in kept]
    for start in range(0, len(missing), BATCH_SIZE):
        chunk = missing[start : start + BATCH_SIZE]
        answered = _batch([addresses[i] for i in chunk])
        # Rows the answer left out (a CSV cut short) stay without a match and uncached: the next import asks again.
        for position, found in answered.items():
            results[chunk[position]] = found
        reference_http.keep_many({keys[chunk[position]]: found or NO_MATCH for position, found in answered.items()})
    return results


def _batch(addresses: list[Address]) -> dict[int, Geocoded | None]:
    """The match of each address the CSV answered, by its position in `addresses`."""
    sent = io.StringIO()
    writer = csv.writer(sent, lineterminator="\n")
    writer.writerow(["ligne", "adresse", "code_insee", "code_postal"])
    for index, address in enumerate(addresses):
        filters = _filters(address)  # an empty filter cell filters nothing
        writer.writerow([index, address.street, filters.get("citycode", ""), filters.get("postcode", "")])
    text = reference_http.post_file(
        GEOCODING,
        "/search/csv/",
        files={"data": ("adresses.csv", sent.getvalue().encode(), "text/csv")},
        data={"columns": "adresse", "citycode": "code_insee", "postcode": "code_postal"},
        batch_timeout=settings.REFERENCE_API_BATCH_TIMEOUT_SECONDS,
    )
    found: dict[int, Geocoded | None] = {}
    try:
        for row in csv.DictReader(io.StringIO(text)):
            index = int(row["ligne"])
            found[index] = _from_row(row, addresses[index].citycode)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise ServiceUnavailable(GEOCODING, f"CSV inattendu ({type(error).__name__})") from error
    return found


def _from_feature(feature: dict, citycode: str) -> Geocoded | None:
    properties = feature["properties"]
    longitude, latitude = feature["geometry"]["coordinates"][:2]
    return _accepted(
        float(latitude),
        float(longitude),
        properties.get("type"),
        float(properties["score"]),
        properties.get("label") or "",
        properties.get("citycode"),
        citycode,
    )


def _from_row(row: dict, citycode: str) -> Geocoded | None:
    if row.get("result_status", "ok") != "ok" or not row.get("latitude") or not row.get("result_score"):
        return None
    return _accepted(
        float(row["latitude"]),
        float(row["longitude"]),
        row.get("result_type"),
        float(row["result_score"]),
        row.get("result_label") or "",
        row.get("result_citycode"),
        citycode,
    )


def _accepted(latitude, longitude, kind, score, label, found_citycode, citycode) -> Geocoded | None:
    if kind not in PRECISIONS or score < MIN_SCORE or not _same_commune(found_citycode, citycode):
        return None
    return Geocoded(latitude, longitude, kind, round(score, 4), label)


def _filters(address: Address) -> dict:
    if address.citycode in ARRONDISSEMENT_PREFIXES:
        return {"postcode": address.postcode} if address.postcode else {}
    return {"citycode": address.citycode}


def _same_commune(found: str | None, wanted: str) -> bool:
    if not found or found == wanted:
        return True
    prefix = ARRONDISSEMENT_PREFIXES.get(wanted)
    return bool(prefix and found.startswith(prefix))


def _key(address: Address) -> str:
    return reference_http.cache_key(GEOCODING, "search", address.street.lower(), address.citycode)
