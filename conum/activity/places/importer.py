"""`conum import_places`: places of the national schema (CSV or JSON, a file or a URL) into Conum, in one pass.

Each row is read by `inputs.parse_place(…, imported=True)`, the place form's own rules (less what the schema
does not require). A value that breaks a rule in a field the place can do without (hours, phone, an address,
the coordinates…) is left out with a warning; a row without a valid name, address, commune, postal code or
pivot is refused. Every message names the row ("ligne 12" of a CSV, "élément 3" of a JSON array).

Then, for each row (source, id): the place imported before is updated in place (or left as it is when nothing
changed); one changed in Conum since its last import is kept unless `force`; a new one is merged into a certain
duplicate or created, and a doubtful pair goes to the national team's review queue (dedup.py). Imported places
belong to no host structure: they show on the citizen site, the API and the open data like any other, and their
producer stays their author (a re-import refreshes them); the national team reviews their duplicates.

Places without coordinates are geocoded together (activity/places/geocoding.locate_many: the Base Adresse
Nationale's CSV endpoint, the commune's centre when it is off or finds nothing).

Writes are bulk (bulk_create, bulk_update) in one transaction; a dry run does everything, then rolls it back.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from conum.activity.enums import GeocodingPrecision
from conum.activity.models import Place, PlaceDuplicateCandidate
from conum.activity.places import dedup, geocoding, schema_rows
from conum.activity.places.inputs import PLACE_FIELDS, parse_place
from conum.core.inputs import InvalidInput
from conum.territories.models import Commune
from conum.territories.text import search_key

BATCH = 1000
CONUM_SOURCE = "Conum"  # what Conum's own open data writes in `source` (steering.opendata)
CONUM_ID = re.compile(r"^conum-lieu-([1-9]\d{0,17})$")  # steering.opendata.place_id of a place made in Conum
# A row is refused when one of these breaks a rule; any other field is left out, with a warning.
ESSENTIAL = {"name", "address", "commune", "postal_code", "siret", None}
LABELS = {
    "typology": "typologie", "other_typologies": "typologie", "phone": "téléphone", "email": "courriels",
    "other_emails": "courriels", "website": "site web", "other_websites": "site web", "opening_hours": "horaires",
    "latitude": "coordonnées", "longitude": "coordonnées", "short_presentation": "présentation résumée",
    "long_presentation": "présentation détaillée", "address_complement": "complément d'adresse",
    "appointment_url": "prise de rendez-vous", "accesslibre_url": "fiche Acceslibre",
    "other_training_labels": "autres formations et labels",
}  # fmt: skip
# Fields of an imported place that the row sets (beyond PLACE_FIELDS).
SOURCE_FIELDS = ["source", "source_id", "parent_structure", "source_updated_on", "departement",
                 "geocoding_precision", "geocoding_score"]  # fmt: skip
LOOKUP_FIELDS = ["source", "source_id", "other_sources", "name", "address", "commune", "siret", "latitude",
                 "longitude", "archived_at"]  # fmt: skip
WRITTEN_FIELDS = [*PLACE_FIELDS, *SOURCE_FIELDS, "other_sources", "imported_at", "updated_at"]


class _DryRun(Exception):
    pass


@dataclass
class Line:
    where: str
    source: str
    source_id: str
    values: dict  # model attribute -> value
    commune: Commune
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    location: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    merged: int = 0
    unchanged: int = 0
    kept: int = 0
    doubtful: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (where, what): merges, kept places, warnings

    def summary(self) -> str:
        return (
            f"{self.created} créé(s), {self.updated} mis à jour, {self.merged} fusionné(s) avec un doublon certain, "
            f"{self.unchanged} inchangé(s), {self.kept} conservé(s), {len(self.refused)} refusé(s) ; "
            f"{self.doubtful} doublon(s) possible(s) à examiner par l'équipe nationale"
        )


def import_places(location: str, *, dry_run=False, force=False, default_source="Import") -> Report:
    """Import the file or URL `location` (schema_rows.SourceError when it cannot be read as a whole)."""
    report = Report(location, dry_run)
    rows = schema_rows.read(location)
    lines = _parsed(rows, report, default_source)
    _locate(lines)
    try:
        with transaction.atomic():
            _apply(lines, report, force)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


# ---- reading ---------------------------------------------------------------------------------------


def _parsed(rows, report: Report, default_source: str) -> list[Line]:
    communes = {commune.code: commune for commune in Commune.objects.all()}
    by_postal: dict[str, list[Commune]] = {}
    for commune in communes.values():
        for code in commune.postal_codes.split():
            by_postal.setdefault(code, []).append(commune)
    seen: dict[tuple[str, str], str] = {}
    lines = []
    for row in rows:
        source, source_id = row.text("source") or default_source, row.text("id")
        problem = _identity_problem(source, source_id, seen)
        commune, commune_problem = _commune(row, communes, by_postal)
        if problem or commune_problem:
            report.refused.append((row.where, problem or commune_problem))
            continue
        seen[(source, source_id)] = row.where
        line = _line(row, source, source_id, commune, report)
        if line is not None:
            lines.append(line)
    return lines


def _identity_problem(source: str, source_id: str, seen: dict) -> str:
    if not source_id:
        return "Identifiant (id) manquant."
    if len(source_id) > 200 or len(source) > 100:
        return "Identifiant (200 caractères au plus) ou source (100 au plus) trop long."
    if (source, source_id) in seen:
        return f"Identifiant « {source_id} » déjà donné ({seen[(source, source_id)]})."
    return ""


def _commune(row, communes: dict, by_postal: dict) -> tuple[Commune | None, str]:
    code = row.text("code_insee")
    if code:
        found = communes.get(code)
        return (found, "") if found else (None, f"Code INSEE {code} inconnu.")
    postal, name = row.text("code_postal"), row.text("commune")
    candidates = by_postal.get(postal, [])
    if len(candidates) == 1:
        return candidates[0], ""
    key = search_key(name)
    named = [commune for commune in candidates if commune.search_name == key]
    if len(named) == 1:
        return named[0], ""
    return None, f"Commune « {name} » introuvable sous le code postal « {postal} » : indiquez son code INSEE."


def _line(row, source: str, source_id: str, commune: Commune, report: Report) -> Line | None:
    raw = schema_rows.raw_values(row, commune)
    warnings = []
    try:
        values = parse_place(raw, imported=True)
    except InvalidInput as refusal:
        essential = [message for key in refusal.errors if key in ESSENTIAL for message in refusal.errors[key]]
        if essential:
            report.refused.append((row.where, " ".join(essential)))
            return None
        for key, messages in refusal.errors.items():  # left out, and the row read again without them
            warnings.append(f"{LABELS.get(key, key)} ignoré(e)s : {' '.join(messages)}")
            for dropped in ("latitude", "longitude") if key in ("latitude", "longitude") else (key,):
                raw[dropped] = [] if isinstance(raw.get(dropped), list) else None
        try:
            values = parse_place(raw, imported=True)
        except InvalidInput as again:
            report.refused.append((row.where, " ".join(again.messages)))
            return None
    place_values = {key: getattr(values, key) for key in PLACE_FIELDS if key != "commune"}
    place_values |= {
        "commune_id": commune.code,
        "departement_id": commune.departement_id,
        "source": source,
        "source_id": source_id,
        "parent_structure": row.text("structure_parente")[:300],
        "source_updated_on": _day(row.text("date_maj"), warnings),
        "geocoding_precision": GeocodingPrecision.MANUAL,
        "geocoding_score": None,
    }
    line = Line(row.where, source, source_id, place_values, commune, warnings)
    report.notes.extend((row.where, warning) for warning in warnings)
    return line


def _day(text: str, warnings: list[str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        warnings.append(f"date_maj ignorée : « {text[:20]} » n'est pas une date AAAA-MM-JJ.")
        return None


def _locate(lines: list[Line]) -> None:
    """Coordinates for the rows without: their addresses geocoded at once (commune centre as fallback)."""
    missing = [line for line in lines if line.values["latitude"] is None]
    if not missing:
        return
    rows = [(line.values["address"], line.commune, line.values["postal_code"]) for line in missing]
    for line, position in zip(missing, geocoding.locate_many(rows), strict=True):
        line.values |= {
            "latitude": position.latitude,
            "longitude": position.longitude,
            "geocoding_precision": position.precision,
            "geocoding_score": position.score,
        }


# ---- deciding and writing ----------------------------------------------------------------------------


def _apply(lines: list[Line], report: Report, force: bool) -> None:
    now = timezone.now()
    by_key, natives, index = {}, set(), dedup.Index()
    for place in Place.objects.only(*LOOKUP_FIELDS).iterator(chunk_size=5000):  # what finding a place needs
        if place.source_id:
            by_key[(place.source, place.source_id)] = place.pk
        else:
            natives.add(place.pk)
        for pair in place.other_sources:
            by_key.setdefault(tuple(pair), place.pk)
        if place.archived_at is None:
            index.add(_entry(place, place.source, place.pk))
    full = _Places({by_key[key] for key in ((line.source, line.source_id) for line in lines) if key in by_key})
    created, changed, doubts = [], {}, []
    for line in lines:
        pk = by_key.get((line.source, line.source_id))
        if pk is not None:
            _known(full[pk], line, report, force, now, changed)
            continue
        native = CONUM_ID.match(line.source_id)
        if native and int(native[1]) in natives:
            if line.source == CONUM_SOURCE:
                report.kept += 1
                report.notes.append((line.where, "Lieu créé dans Conum même : conservé tel quel."))
            else:
                report.refused.append((line.where, f"L'identifiant « {line.source_id} » est celui d'un lieu de Conum."))
            continue
        entry = _entry(Place(**line.values), line.source, None)
        target = index.certain(entry)
        if target is not None:
            _merge(full[target.pk] if target.pk else target.payload, line, now, changed, report)
            continue
        doubts.extend((other, entry) for other in index.doubtful(entry))
        entry.payload.imported_at = now
        created.append(entry.payload)
        index.add(entry)
    _write(created, changed, now)
    report.created += len(created)
    pairs = [_pair(doubt, entry) for doubt, entry in doubts]
    PlaceDuplicateCandidate.objects.bulk_create(pairs, batch_size=BATCH, ignore_conflicts=True)
    report.doubtful += len(pairs)


class _Places(dict):
    """Whole places by pk: those the rows name, read BATCH at a time; a merge target, when asked."""

    def __init__(self, pks):
        super().__init__()
        pks = sorted(pks)
        for start in range(0, len(pks), BATCH):
            self.update(Place.objects.in_bulk(pks[start : start + BATCH]))

    def __missing__(self, pk):
        self[pk] = Place.objects.get(pk=pk)
        return self[pk]


def _entry(place: Place, source: str, pk) -> dedup.Entry:
    return dedup.Entry(source, place.name, place.address, place.commune_id, place.siret, place.latitude,
                       place.longitude, pk=pk, payload=place)  # fmt: skip


def _known(place: Place, line: Line, report: Report, force: bool, now, changed: dict) -> None:
    """A row whose (source, id) Conum holds: the place itself, or one it was merged into."""
    if [place.source, place.source_id] != [line.source, line.source_id]:
        _merge(place, line, now, changed, report)
        return
    edited = place.archived_at is not None or place.imported_at is None or place.updated_at > place.imported_at
    if edited and not force and place.pk is not None:
        report.kept += 1
        report.notes.append((line.where, "Lieu modifié dans Conum depuis son dernier import : conservé (--force "
                                         "pour le remplacer)."))  # fmt: skip
        return
    differs = [name for name, value in line.values.items() if getattr(place, name) != value]
    if not differs:
        report.unchanged += 1
        return
    for name in differs:
        setattr(place, name, line.values[name])
    place.updated_at = place.imported_at = now
    changed[id(place)] = place
    report.updated += 1


def _merge(place: Place, line: Line, now, changed: dict, report: Report) -> None:
    filled = dedup.fill_empty(place, line.values)
    added = dedup.add_source(place, line.source, line.source_id)
    if not (filled or added):
        report.unchanged += 1
        return
    if place.pk is not None:  # a place of this import is written with the new ones
        place.updated_at = now
        if place.imported_at is not None:
            place.imported_at = now
        changed[id(place)] = place
    report.merged += 1
    name = f"« {place.name} »" + (f" ({place.source_id or f'conum-lieu-{place.pk}'})" if place.pk else "")
    report.notes.append((line.where, f"Même pivot dans la même commune que {name} : fusionné."))


def _write(created: list[Place], changed: dict, now) -> None:
    Place.objects.bulk_create(created, batch_size=BATCH)
    # bulk_create stamped updated_at itself (auto_now), a moment after `now`: the import's time is that one.
    Place.objects.filter(imported_at=now).update(imported_at=F("updated_at"))
    if changed:
        Place.objects.bulk_update(list(changed.values()), WRITTEN_FIELDS, batch_size=BATCH)


def _pair(doubt: dedup.Doubt, entry: dedup.Entry) -> PlaceDuplicateCandidate:
    return PlaceDuplicateCandidate(place=doubt.entry.payload, other=entry.payload, name_score=doubt.name_score,
                                   address_score=doubt.address_score, distance_m=doubt.distance_m)  # fmt: skip
