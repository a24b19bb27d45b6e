"""An establishment from its SIRET, through the "recherche d'entreprises" API (Sirene's open data).

`GET {SIRENE_API_URL}/search?q=<siret>` answers the legal unit (`results[]`: `nom_raison_sociale`,
`nom_complet`, `nature_juridique`, `siege`) with the searched establishment alone in `matching_etablissements`
(`siret`, `adresse`, `code_postal`, `commune` (INSEE code), `libelle_commune`, `etat_administratif` "A" or "F",
`date_fermeture`). Non-diffusible establishments are not served: an unknown SIRET is not proof that it does not
exist. The legal category (nature juridique) tells public bodies (7xxx) from private ones.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format

from conum.core import reference_http
from conum.core.reference_http import SIRENE, ServiceUnavailable

UNKNOWN = "unknown"  # cached for a SIRET the API does not serve


@dataclass(frozen=True)
class Establishment:
    siret: str
    name: str
    address: str  # number and street, without the postal code and commune
    postal_code: str
    commune_code: str  # INSEE
    city: str
    legal_category: str  # nature juridique, 4 digits
    closed: bool
    closed_on: date | None

    @property
    def public(self) -> bool:
        return self.legal_category.startswith("7")


def lookup(siret: str) -> Establishment | None:
    """The establishment with this SIRET (14 digits), None when the API does not know it; ServiceUnavailable when
    Sirene is off or does not answer."""
    key = reference_http.cache_key(SIRENE, "search", siret)
    kept = reference_http.remembered(key)
    if kept is not None:
        return None if kept == UNKNOWN else kept
    _, payload = reference_http.get_json(SIRENE, "/search", {"q": siret, "page": 1, "per_page": 1})
    try:
        found = _establishment(payload, siret)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ServiceUnavailable(SIRENE, f"réponse inattendue ({type(error).__name__})") from error
    reference_http.keep(key, found or UNKNOWN)
    return found


def closed_message(establishment: Establishment) -> str:
    """Why a closed establishment cannot apply, with its closing date in French."""
    if establishment.closed_on is None:
        return (
            "Cet établissement est fermé dans le répertoire Sirene : indiquez le SIRET d'un établissement en activité."
        )
    day = establishment.closed_on
    shown = date_format(day, "j F Y")
    if day.day == 1:
        shown = "1er" + shown[1:]
    return f"Cet établissement est fermé depuis le {shown} : indiquez le SIRET d'un établissement en activité."


def _establishment(payload, siret: str) -> Establishment | None:
    for unit in payload["results"]:
        candidates = [*(unit.get("matching_etablissements") or []), unit.get("siege") or {}]
        for place in candidates:
            if place.get("siret") == siret:
                return _read(unit, place)
    return None


def _read(unit: dict, place: dict) -> Establishment:
    postal_code = place.get("code_postal") or ""
    city = place.get("libelle_commune") or ""
    closing = place.get("date_fermeture")
    return Establishment(
        siret=place["siret"],
        name=(unit.get("nom_raison_sociale") or unit.get("nom_complet") or "").strip(),
        address=_street(place.get("adresse") or "", postal_code, city),
        postal_code=postal_code,
        commune_code=place.get("commune") or "",
        city=city,
        legal_category=str(unit.get("nature_juridique") or ""),
        closed=place.get("etat_administratif") == "F",
        closed_on=date.fromisoformat(closing[:10]) if closing else None,
    )


def _street(address: str, postal_code: str, city: str) -> str:
    """The API's one-line address without its trailing "<postal code> <commune>"."""
    address = " ".join(address.split())
    tail = f" {postal_code} {city}".upper()
    if postal_code and address.upper().endswith(tail):
        return address[: -len(tail)].strip()
    if postal_code and f" {postal_code} " in f" {address} ":
        return address[: f" {address} ".index(f" {postal_code} ")].strip()
    return address
