"""Open data: the places of activity in the national schema "standard de données des lieux de médiation
numérique" v1.0.1 (data/standard-mediation-num), as CSV (comma, UTF-8, "." decimals, multi-valued fields
joined by "|") and as JSON with the same keys. No personal data: places only, never advisors' names.
"""

import csv
import json
from itertools import islice
from pathlib import Path

from django.utils import timezone

from conum.activity.models import Place

SCHEMA_PATH = Path(__file__).parent / "data" / "standard-mediation-num" / "schema-v1.0.1.json"
PRODUCER_ID = "conum"
COLUMNS = [field["name"] for field in json.loads(SCHEMA_PATH.read_text())["fields"]]


def file_name(extension: str, territory: str = "france") -> str:
    """The schema's naming: YYYY-MM-DD_<producer>_lieux-de-mediation-numerique_<territory>.<ext>."""
    return f"{timezone.localdate():%Y-%m-%d}_{PRODUCER_ID}_lieux-de-mediation-numerique_{territory}.{extension}"


def published_places():
    # Of the joined commune and structure, only what the schema needs: 20,000 rows read in one pass.
    fields = [field.name for field in Place._meta.concrete_fields]
    return (
        Place.objects.filter(archived_at__isnull=True)
        .select_related("commune", "structure")
        .only(*fields, "commune__name", "structure__siret")
        .order_by("pk")
    )


PLACE_ID_PREFIX = f"{PRODUCER_ID}-lieu-"


def place_id(place) -> str:
    """A place's identifier in the open-data files and the API alike: `conum-lieu-<pk>`; an imported place keeps
    its producer's (conum import_places), as the national cartography does."""
    return place.source_id or f"{PLACE_ID_PREFIX}{place.pk}"


def place_pk(identifier: str) -> int | None:
    """The primary key that `place_id` wrote into `identifier` (`conum-lieu-12`, or `12` alone); None otherwise."""
    digits = identifier.removeprefix(PLACE_ID_PREFIX)
    return int(digits) if digits.isascii() and digits.isdigit() and not digits.startswith("0") else None


def _joined(values) -> str:
    return "|".join(values)


def _first_and_others(first: str, others) -> str:
    return _joined([value for value in [first, *others] if value])


def _parent(place) -> str:
    """What the source said for an imported place; else the structure's SIRET when the place has its own."""
    if place.parent_structure or place.structure is None:
        return place.parent_structure
    return place.structure.siret if place.structure.siret != place.siret else ""


def _updated_on(place) -> str:
    """An imported place unchanged since its import keeps its source's date."""
    unchanged = place.imported_at is not None and place.updated_at <= place.imported_at
    return (place.source_updated_on if unchanged and place.source_updated_on else place.updated_at.date()).isoformat()


def place_record(place) -> dict:
    """One place as the schema's 32 fields (empty strings for what Conum does not hold)."""
    record = dict.fromkeys(COLUMNS, "")
    record |= {
        "id": place_id(place),
        "pivot": place.siret,
        "nom": place.name,
        "commune": place.commune.name,
        "code_postal": place.postal_code,
        "code_insee": place.commune_id,
        "adresse": place.address,
        "complement_adresse": place.address_complement,
        "latitude": round(place.latitude, 6) if place.latitude is not None else "",
        "longitude": round(place.longitude, 6) if place.longitude is not None else "",
        "typologie": _first_and_others(place.typology, place.other_typologies),
        "telephone": place.phone,
        "courriels": _first_and_others(place.email, place.other_emails),
        "site_web": _first_and_others(place.website, place.other_websites),
        "horaires": place.opening_hours,
        "presentation_resume": place.short_presentation,
        "presentation_detail": place.long_presentation,
        "source": place.source or "Conum",
        "itinerance": _joined(place.mobility),
        "structure_parente": _parent(place),
        "date_maj": _updated_on(place),
        "services": _joined(place.services),
        "publics_specifiquement_adresses": _joined(place.publics),
        "prise_en_charge_specifique": _joined(place.specific_support),
        "frais_a_charge": _joined(place.fees),
        "dispositif_programmes_nationaux": _joined(place.national_programmes),
        "modalites_acces": _joined(place.access_modes),
        "modalites_accompagnement": _joined(place.accompaniment_modes),
        "formations_labels": _joined(place.training_labels),
        "autres_formations_labels": place.other_training_labels,
        "fiche_acces_libre": place.accesslibre_url,
        "prise_rdv": place.appointment_url,
    }
    return record


class _Echo:
    def write(self, value):
        return value


def _records(places):
    return map(place_record, (places if places is not None else published_places()).iterator(chunk_size=2000))


# The first chunk of each file holds its first row: the query has answered before anything is sent, so that a
# database already down is a 503 (core.availability.started), never a 200 with the header alone.
def csv_lines(places=None):
    """The CSV file, line by line (for a streaming response)."""
    writer = csv.DictWriter(_Echo(), fieldnames=COLUMNS, quoting=csv.QUOTE_MINIMAL)
    records = _records(places)
    yield writer.writeheader() + "".join(writer.writerow(record) for record in islice(records, 1))
    for record in records:
        yield writer.writerow(record)


def _json(record) -> str:
    if record["latitude"] == "":
        record["latitude"] = record["longitude"] = None
    return json.dumps(record, ensure_ascii=False)


def json_chunks(places=None):
    """The JSON variant: an array of objects with the CSV's keys, streamed."""
    records = _records(places)
    yield "[" + "".join(_json(record) for record in islice(records, 1))
    for record in records:
        yield "," + _json(record)
    yield "]"
