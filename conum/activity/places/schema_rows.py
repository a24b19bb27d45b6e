"""Rows of the national schema of places ("standard de données des lieux de médiation numérique" v1.0.1) read
from a file or a URL, CSV or JSON, and turned into what `inputs.parse_place` reads.

CSV: comma, UTF-8 (a BOM is allowed), multi-valued fields joined by "|"; JSON: an array of objects with the same
keys (lists may also be JSON arrays, coordinates numbers). Each row keeps its place in the file ("ligne 12" for a
CSV, counting the header as line 1; "élément 3" for JSON) for the messages.
"""

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import requests

# The schema's columns (v1.0.1, in its order).
COLUMNS = [
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "latitude",
    "longitude", "typologie", "telephone", "courriels", "site_web", "horaires", "presentation_resume",
    "presentation_detail", "source", "itinerance", "structure_parente", "date_maj", "services",
    "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
    "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
]  # fmt: skip
REQUIRED_COLUMNS = ["id", "pivot", "nom", "commune", "code_postal", "adresse"]
# Schema column -> PlaceInput key, for the texts read as they are.
TEXTS = {
    "nom": "name",
    "adresse": "address",
    "complement_adresse": "address_complement",
    "code_postal": "postal_code",
    "pivot": "siret",
    "telephone": "phone",
    "horaires": "opening_hours",
    "presentation_resume": "short_presentation",
    "presentation_detail": "long_presentation",
    "autres_formations_labels": "other_training_labels",
    "prise_rdv": "appointment_url",
    "fiche_acces_libre": "accesslibre_url",
}
# Schema column -> PlaceInput key, for the lists of the schema's vocabularies.
LISTS = {
    "services": "services",
    "publics_specifiquement_adresses": "publics",
    "prise_en_charge_specifique": "specific_support",
    "frais_a_charge": "fees",
    "modalites_acces": "access_modes",
    "modalites_accompagnement": "accompaniment_modes",
    "dispositif_programmes_nationaux": "national_programmes",
    "itinerance": "mobility",
    "formations_labels": "training_labels",
}
# Schema column -> (PlaceInput key of the first value, key of the others).
FIRST_AND_OTHERS = {
    "typologie": ("typology", "other_typologies"),
    "courriels": ("email", "other_emails"),
    "site_web": ("website", "other_websites"),
}
URL_TIMEOUT_SECONDS = 30
MAX_BYTES = 200 * 1024 * 1024  # the national cartography's file is about 40 MB


class SourceError(Exception):
    """The file as a whole cannot be read (French message)."""


@dataclass
class Row:
    where: str  # "ligne 12", "élément 3"
    values: dict  # the schema's keys, as read (texts, or lists and numbers from JSON)

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, list):
            return "|".join(str(part) for part in value)
        return str(value).strip()

    def parts(self, key: str) -> list[str]:
        value = self.values.get(key)
        parts = value if isinstance(value, list) else self.text(key).split("|")
        return [str(part).strip() for part in parts if str(part).strip()]


def read(location: str) -> list[Row]:
    """The rows of the file or URL `location`, or SourceError."""
    content, name = _fetch(location) if location.startswith(("http://", "https://")) else _open(location)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(f"Le fichier n'est pas en UTF-8 (octet {error.start}).") from None
    if name.endswith(".json") or text.lstrip().startswith("["):
        return _json_rows(text)
    return _csv_rows(text)


def _open(path: str) -> tuple[bytes, str]:
    file = Path(path)
    if not file.is_file():
        raise SourceError(f"Fichier introuvable : {path}.")
    if file.stat().st_size > MAX_BYTES:
        raise SourceError(f"Fichier trop gros : {MAX_BYTES // 1024 // 1024} Mo au plus.")
    return file.read_bytes(), file.name.lower()


def _fetch(url: str) -> tuple[bytes, str]:
    try:
        response = requests.get(url, timeout=URL_TIMEOUT_SECONDS, stream=True)
        response.raise_for_status()
        chunks, size = [], 0
        for chunk in response.iter_content(1024 * 1024):
            size += len(chunk)
            if size > MAX_BYTES:
                raise SourceError(f"Fichier trop gros : {MAX_BYTES // 1024 // 1024} Mo au plus.")
            chunks.append(chunk)
    except requests.RequestException as error:
        raise SourceError(f"Le fichier n'a pas pu être téléchargé ({type(error).__name__} : {error}).") from None
    kind = response.headers.get("Content-Type", "")
    name = url.split("?")[0].lower()
    return b"".join(chunks), name + (".json" if "json" in kind else "")


def _csv_rows(text: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    _check_columns(reader.fieldnames or [])
    rows = []
    for values in reader:
        if None in values:  # more cells than columns
            values.pop(None)
        rows.append(Row(f"ligne {reader.line_num}", values))
    return rows


def _json_rows(text: str) -> list[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(f"JSON illisible : {error.msg} (ligne {error.lineno}).") from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise SourceError("Le JSON doit être un tableau d'objets, un par lieu, avec les clés du schéma.")
    if data:
        _check_columns(set().union(*(item.keys() for item in data)))
    return [Row(f"élément {index}", item) for index, item in enumerate(data, start=1)]


def _check_columns(names) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise SourceError(f"Colonnes obligatoires du schéma absentes : {', '.join(missing)}.")


def raw_values(row: Row, commune) -> dict:
    """What `parse_place(…, imported=True)` reads from the row, the commune already found."""
    values = {key: row.text(column) for column, key in TEXTS.items()}
    values |= {key: row.parts(column) for column, key in LISTS.items()}
    for column, (first, others) in FIRST_AND_OTHERS.items():
        parts = row.parts(column)
        values[first], values[others] = (parts[0], parts[1:]) if parts else ("", [])
    values["commune"] = commune
    for key in ("latitude", "longitude"):
        values[key] = _number(row.values.get(key))
    return values


def _number(value):
    """A number from a JSON number or a text ("45.83", "45,83"); the text itself when it is none (refused)."""
    if value is None or isinstance(value, int | float):
        return value
    text = str(value).strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return str(value)
