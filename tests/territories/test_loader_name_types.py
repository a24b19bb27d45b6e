"""The loader reads INSEE's TNCC (the article of each name), or the name itself where the file gives none."""

import csv
import shutil

from conum.territories.loader import DATA_DIR, load_territories
from conum.territories.models import Commune, Departement, Region


def test_insee_types_are_loaded(territories):
    assert Commune.objects.get(code="87059").name_type == 2  # Le Dorat
    assert Commune.objects.get(code="87002").name_type == 1  # Ambazac
    assert Departement.objects.get(code="87").name_type == 3  # (la) Haute-Vienne
    assert Departement.objects.get(code="01").name_type == 5  # (l')Ain
    assert Region.objects.get(code="75").name_type == 3  # (la) Nouvelle-Aquitaine


def test_a_missing_type_is_read_from_the_name(db, tmp_path):
    for name in ("regions.csv", "departements.csv", "epci.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    with open(DATA_DIR / "communes.csv", encoding="utf-8", newline="") as source:
        rows = [row for row in csv.DictReader(source) if row["code_departement"] == "87"]
    for row in rows:
        if row["code_insee"] in ("87059", "87002"):  # Le Dorat, Ambazac
            row["tncc"] = ""
    with open(tmp_path / "communes.csv", "w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    load_territories(data_dir=tmp_path, departements=["87"])
    assert Commune.objects.get(code="87059").name_type == 2
    assert Commune.objects.get(code="87002").name_type == 1
    assert not Commune.objects.filter(name_type__isnull=True).exists()
