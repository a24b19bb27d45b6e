"""The spatial index against a full scan where open structures are few and far apart (end of a campaign)."""

import random
from datetime import date, timedelta

import pytest

from conum.recruitment import matching, matching_index
from conum.recruitment.matching import OpenApplication, _haversine, compute

TODAY = date(2026, 12, 1)
# (territory, latitude range, longitude range)
AREAS = [
    ("metro", (42.3, 51.0), (-4.7, 8.2)),
    ("974", (-21.4, -20.9), (55.2, 55.8)),  # La Réunion
    ("971", (15.9, 16.5), (-61.8, -61.0)),  # Guadeloupe
    ("987", (-27.6, -8.9), (-154.7, -134.9)),  # Polynésie française: thousands of kilometres across
]


def brute_force(candidates, applications, wanted):
    expected = {}
    for pk, lat, lon, territory, mobility, available_from in candidates:
        if lat is None:
            continue
        pairs = sorted(
            (_haversine(lat, lon, a.latitude, a.longitude), a.id)
            for a in applications
            if a.territory == territory and available_from <= a.latest_availability
        )
        pairs = [(d, app) for d, app in pairs if not mobility or d <= mobility][:wanted]
        expected |= {(pk, app): d for d, app in pairs}
    return expected


def scatter(rng, count, start=0, per_area=None):
    rows = []
    for index in range(count):
        territory, (lat0, lat1), (lon0, lon1) = per_area or rng.choice(AREAS)
        rows.append((start + index, round(rng.uniform(lat0, lat1), 4), round(rng.uniform(lon0, lon1), 4), territory))
    return rows


@pytest.mark.parametrize("first_k", [matching_index.FIRST_K, 2])
def test_few_open_structures_far_apart_equal_a_full_scan(monkeypatch, first_k):
    monkeypatch.setattr(matching_index, "FIRST_K", first_k)  # 2: most candidates need the larger k
    rng = random.Random(17)
    applications = [
        OpenApplication(pk, lat, lon, territory, TODAY + timedelta(days=rng.randint(30, 120)))
        for pk, lat, lon, territory in scatter(rng, 60, start=1)
    ]
    # Equidistant structures (one commune) beyond what a candidate is proposed to, in reverse id order.
    applications += [OpenApplication(pk, 45.83, 1.26, "metro", TODAY + timedelta(days=60)) for pk in range(99, 69, -1)]
    candidates = [
        (pk, lat, lon, territory, rng.choice([0, 0, 0, 5, 40, 100]), TODAY + timedelta(days=rng.randint(-30, 120)))
        for pk, lat, lon, territory in scatter(rng, 800)
    ]
    candidates.append((900, None, None, "metro", 0, TODAY))  # no commune centre: never matched
    candidates.append((901, 4.9, -52.3, "973", 0, TODAY))  # Guyane: no open structure there
    result = compute(candidates, applications)
    assert result == brute_force(candidates, applications, matching.MAX_STRUCTURES_PER_CANDIDATE)
    assert any(pk in {c[0] for c in candidates if c[3] == "987"} for pk, _app in result)


def test_a_lone_open_structure_is_proposed_to_every_available_france_entiere_candidate():
    applications = [OpenApplication(5, 48.85, 2.35, "metro", TODAY + timedelta(days=40))]
    rng = random.Random(3)
    candidates = [
        (pk, lat, lon, territory, 0, TODAY + timedelta(days=rng.randint(0, 80)))
        for pk, lat, lon, territory in scatter(rng, 200, per_area=AREAS[0])
    ]
    result = compute(candidates, applications)
    assert result == brute_force(candidates, applications, matching.MAX_STRUCTURES_PER_CANDIDATE)
    assert {pk for pk, _app in result} == {
        pk for pk, *_rest, available in candidates if available <= TODAY + timedelta(40)
    }
