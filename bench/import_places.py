"""`conum import_places` at the national cartography's scale: 20,000 places in the national schema, imported.

`uv run python -m bench import_places [--rows N]`: writes a schema CSV of N rows (20,000 by default) under
var/bench/, from the communes with coordinates (seeded): one place in 50 is a second source's entry of another
place (same pivot, same commune: a certain duplicate, merged) and one in 50 a nearby, similarly named entry (a
doubtful pair, queued). The places of earlier runs are deleted first, then the file is imported three times:
the first run creates the places, the second proves nothing changes, the third is a dry run. The geocoding
service is switched off (every row has coordinates; nothing leaves the machine). The naive way beside it: one
`update_or_create` per row and a comparison of every new place with every other for duplicates, timed on 50
rows and extrapolated (it grows with the square of the places).
"""

import csv
import os
import random
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from rapidfuzz import fuzz

from conum.activity.enums import AccessMode, Fee, PlaceService
from conum.activity.models import Place, PlaceDuplicateCandidate
from conum.activity.places.importer import import_places
from conum.activity.places.schema_rows import COLUMNS
from conum.territories.distance import Point, haversine_km
from conum.territories.loader import load_territories
from conum.territories.models import Commune

KINDS = ["Médiathèque", "Espace numérique", "France Services", "Centre social", "Tiers-lieu", "Mairie"]
STREETS = ["rue de la République", "place de la Mairie", "avenue Jean Jaurès", "rue Victor Hugo", "rue du Stade"]


def _row(index: int, commune: Commune, rng: random.Random) -> dict:
    return {
        "id": f"bench-{index}",
        "source": "Bench",
        "pivot": f"{rng.randrange(10**13, 10**14)}",
        "nom": f"{rng.choice(KINDS)} {commune.name} {index}",
        "commune": commune.name,
        "code_postal": commune.main_postal_code,
        "code_insee": commune.code,
        "adresse": f"{rng.randrange(1, 200)} {rng.choice(STREETS)}",
        "latitude": round(commune.latitude + rng.uniform(-0.01, 0.01), 6),
        "longitude": round(commune.longitude + rng.uniform(-0.01, 0.01), 6),
        "typologie": "ASSO|TIERS_LIEUX",
        "telephone": "+33555123456",
        "courriels": f"contact{index}@exemple.fr|accueil{index}@exemple.fr",
        "horaires": "Mo-Fr 09:00-12:00,14:00-17:00",
        "date_maj": "2025-06-01",
        "services": f"{PlaceService.PROCEDURES}|{PlaceService.EVERYDAY_TOOLS}",
        "frais_a_charge": Fee.FREE,
        "modalites_acces": AccessMode.WALK_IN,
        "itinerance": "Fixe",
    }


def write_file(path: Path, rows: int) -> None:
    rng = random.Random(18)
    communes = [c for c in Commune.objects.with_coordinates().exclude(postal_codes="") if " " not in c.postal_codes]
    written = []
    for index in range(rows):
        if index % 50 == 25 and written:  # a second source's entry of an earlier place: certain duplicate
            written.append(dict(written[-1], id=f"autre-{index}", source="Autre source", nom="Lieu"))
        elif index % 50 == 40 and written:  # a nearby entry with a close name: doubtful pair
            base = written[-1]
            written.append(dict(base, id=f"autre-{index}", source="Autre source", pivot=f"W{index:09d}",
                                nom=base["nom"].upper(), latitude=round(base["latitude"] + 0.0003, 6)))  # fmt: skip
        else:
            written.append(_row(index, rng.choice(communes), rng))
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        for row in written:
            writer.writerow(dict.fromkeys(COLUMNS, "") | row)


def _naive(path: Path, sample: int) -> float:
    """Seconds per row: update_or_create one at a time, then each new place compared with every place."""
    with path.open(encoding="utf-8") as file:
        rows = [row for _, row in zip(range(sample), csv.DictReader(file), strict=False)]
    started = time.perf_counter()
    with transaction.atomic():
        for row in rows:
            commune = Commune.objects.get(code=row["code_insee"])
            place, _ = Place.objects.update_or_create(
                source="Naive", source_id=row["id"],
                defaults={"name": row["nom"], "address": row["adresse"], "commune": commune,
                          "postal_code": row["code_postal"], "siret": row["pivot"], "latitude": float(row["latitude"]),
                          "longitude": float(row["longitude"])},
            )  # fmt: skip
            point = Point(place.latitude, place.longitude)
            for name, latitude, longitude in Place.objects.exclude(pk=place.pk).values_list(
                "name", "latitude", "longitude"
            ):
                if haversine_km(point, Point(latitude, longitude)) < 0.2:
                    fuzz.token_set_ratio(place.name, name)
        transaction.set_rollback(True)
    return (time.perf_counter() - started) / len(rows)


def run(args):
    rows = int(args[args.index("--rows") + 1]) if "--rows" in args else 20_000
    settings.GEOCODING_ENABLED = False
    if Commune.objects.count() < 30_000:
        load_territories()
    print(f"database: {connection.vendor}")
    path = Path(os.environ["CONUM_VAR_DIR"]) / "import_places.csv"  # set by bench/__main__.py
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, rows)
    print(f"{rows:,} rows written to {path} ({path.stat().st_size / 1e6:.1f} MB)")
    PlaceDuplicateCandidate.objects.all().delete()
    Place.objects.filter(structure__isnull=True).exclude(source="").delete()
    for label, options in [("first import", {}), ("second import (nothing changes)", {}),
                           ("dry run", {"dry_run": True})]:  # fmt: skip
        started = time.perf_counter()
        report = import_places(str(path), **options)
        print(f"{label:<34} {time.perf_counter() - started:6.1f} s   {report.summary()}")
    per_row = _naive(path, 50)
    print(f"naive: update_or_create + every pair, {per_row * 1000:.1f} ms per row, about {per_row * rows:,.0f} s for "
          f"{rows:,} (and growing with the square of the places)")  # fmt: skip
