"""Bulk loader of the reference geography shipped in conum/territories/data/.

Idempotent: rows are upserted by their INSEE/SIREN code, so a second run changes
nothing, and a new vintage of the files updates names, populations and coordinates.
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from conum.core.french import name_type

from .models import Commune, Departement, Epci, PostalCode, Region
from .text import search_key

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH_SIZE = 2000


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)
    postal_codes_added: int = 0
    postal_codes_removed: int = 0


def _rows(data_dir: Path, name: str) -> list[dict]:
    with open(data_dir / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _float_or_none(value: str) -> float | None:
    return float(value) if value.strip() else None


def _name_type(row: dict) -> int:
    """INSEE's TNCC (the name's article); read from the name where INSEE gives none (some overseas communes)."""
    value = row.get("tncc", "").strip()
    return int(value) if value else name_type(row["nom"])


def _upsert(model, objects: list, update_fields: list[str], on_batch: Callable[[int], None] | None = None) -> int:
    for start in range(0, len(objects), BATCH_SIZE):
        batch = objects[start : start + BATCH_SIZE]
        model.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=[model._meta.pk.name], update_fields=update_fields
        )
        if on_batch:
            on_batch(len(batch))
    return len(objects)


def load_territories(
    data_dir: Path = DATA_DIR,
    departements: Iterable[str] | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> LoadReport:
    """Load régions, départements, EPCI and communes; `departements` limits the communes (tests)."""
    wanted = set(departements) if departements else None
    report = LoadReport()
    with transaction.atomic():
        regions = [
            Region(code=r["code_region"], name=r["nom"], name_type=_name_type(r), zone=r["zone"])
            for r in _rows(data_dir, "regions.csv")
            if r["zone"] != "com"  # overseas collectivities are not régions
        ]
        report.counts["régions"] = _upsert(Region, regions, ["name", "name_type", "zone"])
        region_codes = {r.code for r in regions}

        departements_rows = [
            Departement(
                code=d["code_departement"],
                name=d["nom"],
                name_type=_name_type(d),
                region_id=d["code_region"] if d["code_region"] in region_codes else None,
                zone=d["zone"],
                chef_lieu_code=d["chef_lieu"],
            )
            for d in _rows(data_dir, "departements.csv")
        ]
        report.counts["départements"] = _upsert(
            Departement, departements_rows, ["name", "name_type", "region", "zone", "chef_lieu_code"]
        )

        epcis = [
            Epci(siren=e["code_epci"], name=e["nom"], type=e["type"], population=int(e["population"] or 0))
            for e in _rows(data_dir, "epci.csv")
        ]
        report.counts["EPCI"] = _upsert(Epci, epcis, ["name", "type", "population"])
        epci_codes = {e.siren for e in epcis}

        communes = [
            Commune(
                code=c["code_insee"],
                name=c["nom"],
                search_name=search_key(c["nom"]),
                name_type=_name_type(c),
                departement_id=c["code_departement"],
                epci_id=c["code_epci"] if c["code_epci"] in epci_codes else None,
                postal_codes=c["codes_postaux"].strip(),
                population=int(c["population"] or 0),
                latitude=_float_or_none(c["latitude"]),
                longitude=_float_or_none(c["longitude"]),
            )
            for c in _rows(data_dir, "communes.csv")
            if wanted is None or c["code_departement"] in wanted
        ]
        report.counts["communes"] = _upsert(
            Commune,
            communes,
            [
                "name",
                "search_name",
                "name_type",
                "departement",
                "epci",
                "postal_codes",
                "population",
                "latitude",
                "longitude",
            ],
            on_batch,
        )
        scope = PostalCode.objects.all()
        if wanted is not None:
            scope = scope.filter(commune__departement_id__in=wanted)
        _sync_postal_codes(communes, scope, report)
    return report


def _sync_postal_codes(communes: list[Commune], scope, report: LoadReport) -> None:
    """Make the PostalCode rows of `scope` (a PostalCode queryset) match the communes' codes."""
    wanted = {(code, c.code) for c in communes for code in c.postal_codes.split()}
    existing = {(code, commune_id): pk for pk, code, commune_id in scope.values_list("pk", "code", "commune_id")}
    missing = [PostalCode(code=code, commune_id=commune_id) for code, commune_id in wanted - existing.keys()]
    PostalCode.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    stale = [existing[key] for key in existing.keys() - wanted]
    for start in range(0, len(stale), BATCH_SIZE):
        PostalCode.objects.filter(pk__in=stale[start : start + BATCH_SIZE]).delete()
    report.postal_codes_added = len(missing)
    report.postal_codes_removed = len(stale)
