import time

import pytest

from conum.territories.enums import EpciType
from conum.territories.loader import load_territories
from conum.territories.models import Commune, Departement, Epci, PostalCode, Region


@pytest.fixture
def full_territories(db):
    started = time.monotonic()
    report = load_territories()
    print(f"\nfull territory load: {time.monotonic() - started:.1f} s")  # measured, not asserted
    return report


def test_full_load_counts(full_territories):
    assert Commune.objects.count() == 35014
    assert Departement.objects.count() == 109
    assert Region.objects.count() == 18
    # 1,254 EPCI with their own taxation, plus the Métropole de Lyon (a collectivity with a special status).
    assert Epci.objects.exclude(type=EpciType.MET69).count() == 1254
    assert Epci.objects.count() == 1255
    assert full_territories.counts == {"régions": 18, "départements": 109, "EPCI": 1255, "communes": 35014}
    # overseas collectivities have no région
    assert Departement.objects.filter(zone="com", region__isnull=True).count() == 8
    assert Departement.objects.get(code="87").region.name == "Nouvelle-Aquitaine"
    # communes without coordinates are null, never (0, 0)
    assert Commune.objects.filter(latitude__isnull=True).count() == 56
    assert not Commune.objects.filter(latitude=0, longitude=0).exists()


def test_second_load_changes_nothing(full_territories):
    postal_codes = PostalCode.objects.count()
    saint_junien = Commune.objects.values().get(code="87154")
    report = load_territories()
    assert report.postal_codes_added == 0 and report.postal_codes_removed == 0
    assert PostalCode.objects.count() == postal_codes
    assert Commune.objects.count() == 35014
    assert Commune.objects.values().get(code="87154") == saint_junien


def test_reference_commune(territories):
    commune = Commune.objects.select_related("departement", "epci").get(code="87154")
    assert commune.name == "Saint-Junien"
    assert commune.postal_codes == "87200"
    assert (commune.latitude, commune.longitude) == (45.90245, 0.88786)
    assert commune.population > 10000
    assert commune.departement.code == "87"


def test_partial_load_then_full_load_adds_missing(db):
    load_territories(departements=["23"])
    assert set(Commune.objects.values_list("departement", flat=True).distinct()) == {"23"}
    load_territories(departements=["87"])
    assert set(Commune.objects.values_list("departement", flat=True).distinct()) == {"23", "87"}
