"""A full matching run at national scale: 10,000 validated structures × 100,000 candidates.

`uv run python -m bench matching [--scale national|small]` fills a throw-away database (bulk inserts,
communes weighted by population, mobility and availability spread as in the programme), then times
`matching.run()` twice: the first run creates the matches, the second one checks that nothing changes. Then
`matching.compute` beside the comparator of issue 17 (a plain k-d tree with a Python loop per candidate), with
all the open applications and with 500 of them (the end of a campaign), their pairs checked identical.
"""

import math
import random
import time
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone
from scipy.spatial import cKDTree

from conum.recruitment import matching, matching_index
from conum.recruitment.models import Candidate, Match, territory_of
from conum.structures.models import HostStructure, StructureApplication
from conum.territories.distance import Point, haversine_km

from . import timing
from .population import bench_structure, communes_by_population
from .scale import scale_from

NAIVE_SAMPLE = 300  # candidates timed the naive way (every pair), extrapolated to all
SPARSE_APPLICATIONS = 500  # open applications left at the end of a campaign
MOBILITY = [(5, 5), (10, 15), (15, 15), (20, 25), (40, 25), (100, 10), (0, 5)]  # (km, % of candidates)


def fill(structures, candidates):
    if HostStructure.objects.count() >= structures and Candidate.objects.count() >= candidates:
        return
    rng = random.Random(1)
    communes, weights = communes_by_population("code", "departement_id", "latitude", "longitude")
    started = time.monotonic()
    picked = rng.choices(communes, weights=weights, k=structures)
    HostStructure.objects.bulk_create(
        [
            bench_structure("B", index, "Structure", "@bench.example", code, departement)
            for index, (code, departement, *_rest) in enumerate(picked)
        ],
        batch_size=2000,
    )
    now, today = timezone.now(), date.today()
    StructureApplication.objects.bulk_create(
        [
            StructureApplication(
                structure=structure,
                status="validated",
                posts_requested=2,
                posts_granted=rng.choice([1, 1, 2, 3]),
                mission_start=today + timedelta(days=rng.randint(0, 90)),
                motivation="-",
                commitments_accepted_at=now,
            )  # fmt: skip
            for structure in HostStructure.objects.filter(siret__startswith="B")
        ],
        batch_size=2000,
    )
    print(f"{structures} structures in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    mobilities = rng.choices([km for km, _ in MOBILITY], weights=[share for _, share in MOBILITY], k=candidates)
    rows = []
    for index, ((code, departement, lat, lon), mobility) in enumerate(
        zip(rng.choices(communes, weights=weights, k=candidates), mobilities, strict=True)
    ):
        rows.append(
            Candidate(
                first_name="-",
                last_name=f"C{index}",
                email=f"c{index}@bench.example",
                phone="+33600000000",
                commune_id=code,
                latitude=lat,
                longitude=lon,
                territory=territory_of(departement),
                mobility_km=mobility,
                available_from=today + timedelta(days=rng.randint(-30, 120)),
                motivation="-",
                email_confirmed_at=now,
                available=rng.random() < 0.9,
            )  # fmt: skip
        )
    Candidate.objects.bulk_create(rows, batch_size=5000)
    print(f"{candidates} candidates in {time.monotonic() - started:.1f} s")


def _naive_proposals(candidate, applications):
    """One candidate's proposals the naive way: the distance to every open structure, filtered, sorted."""
    pk, lat, lon, territory, mobility, available_from = candidate
    reachable = []
    for application in applications:
        if application.territory != territory or available_from > application.latest_availability:
            continue
        distance = haversine_km(Point(lat, lon), Point(application.latitude, application.longitude))
        if not mobility or distance <= mobility:
            reachable.append((distance, application.id))
    return sorted(reachable)[: matching.MAX_STRUCTURES_PER_CANDIDATE]


def kdtree_compute(candidates, applications):
    """The comparator of issue 17: a plain k-d tree (scipy cKDTree on unit vectors, one per territory) and a
    Python loop per candidate for availability, the exact haversine and ties by id; same result as compute."""
    wanted_count, slack = matching.MAX_STRUCTURES_PER_CANDIDATE, matching_index.CHORD_EPSILON
    trees = {}
    for territory, pool in matching_index.by_territory(applications, lambda a: a.territory).items():
        points = matching_index.unit_vectors([a.latitude for a in pool], [a.longitude for a in pool])
        trees[territory] = (cKDTree(points), pool)
    wanted = {}
    for pk, lat, lon, territory, mobility, available_from in candidates:
        if lat is None or lon is None or territory not in trees:
            continue
        tree, pool = trees[territory]
        point = matching_index.unit_vectors([lat], [lon])[0]
        bound = float(matching_index.chord_of_km(mobility)) + slack if mobility else math.inf
        k = min(2 * wanted_count, len(pool))
        while True:  # the k nearest within the mobility, k doubled until the nearest suitable ones are all in
            chords, near = tree.query(point, k=k, distance_upper_bound=bound)
            chords, near = ([chords], [near]) if k == 1 else (chords.tolist(), near.tolist())
            within = [(c, i) for c, i in zip(chords, near, strict=True) if c != math.inf]
            near = [i for _c, i in within]
            found = [c for c, i in within if available_from <= pool[i].latest_availability]
            if chords[-1] == math.inf or k == len(pool):
                break
            if len(found) >= wanted_count and chords[-1] > found[wanted_count - 1] + slack:
                break
            k = min(2 * k, len(pool))
        pairs = []
        for index in near:
            application = pool[index]
            if available_from > application.latest_availability:
                continue
            distance = matching._haversine(lat, lon, application.latitude, application.longitude)
            if not mobility or distance <= mobility:
                pairs.append((distance, application.id))
        pairs.sort()
        for distance, application_id in pairs[:wanted_count]:
            wanted[(pk, application_id)] = distance
    return wanted


def _side_by_side(label, candidates, applications):
    """compute() and the k-d tree comparator on the same rows, best of three, pairs checked identical."""
    timings = {}
    for name, function in (("matching.compute", matching.compute), ("k-d tree comparator", kdtree_compute)):
        durations = []
        for _ in range(1 if timing.QUICK else 3):
            started = time.monotonic()
            result = function(candidates, applications)
            durations.append(time.monotonic() - started)
        timings[name] = (min(durations), result)
        print(f"{label}, {name}: {min(durations):.2f} s (best of {len(durations)}), {len(result):,} pairs")
    (fast, ours), (comparator, theirs) = timings["matching.compute"], timings["k-d tree comparator"]
    if ours != theirs:
        raise SystemExit(f"{label}: the comparator's pairs differ from compute's ({len(set(ours) ^ set(theirs))})")
    print(f"  pairs identical; compute / comparator: {fast / comparator:.2f}×")
    return fast


def run(args):
    scale = scale_from(args)
    print(f"database: {connection.vendor}; {scale.structures} structures × {scale.candidates} candidates")
    fill(scale.structures, scale.candidates)
    durations = []
    for label in ("first full run", "second full run (idempotent)"):
        started = time.monotonic()
        outcome = matching.run()
        durations.append(time.monotonic() - started)
        print(f"matching.run(), {label}: {durations[-1]:.1f} s — {outcome}")
    print(f"matches stored: {Match.objects.count()}")
    applications = matching.open_applications()
    candidates = list(matching._candidate_rows(Candidate.objects.all()))
    print(f"{len(applications):,} open applications, {len(candidates):,} matchable candidates")
    everyone = _side_by_side(f"all {len(applications):,} open applications", candidates, applications)
    # The end of a campaign: few open structures, far apart (the same candidates look farther).
    sparse = random.Random(5).sample(applications, min(SPARSE_APPLICATIONS, len(applications)))
    few = _side_by_side(f"{len(sparse):,} open applications", candidates, sparse)
    print(f"  {len(sparse):,} open applications / all: {few / everyone:.2f}× the time")
    sample = random.Random(3).sample(candidates, min(NAIVE_SAMPLE, len(candidates)))
    started = time.monotonic()
    for candidate in sample:
        _naive_proposals(candidate, applications)
    per_candidate = (time.monotonic() - started) / len(sample)
    naive = per_candidate * len(candidates)
    print(
        f"naive: every candidate × every open structure ({len(applications):,}), haversine on each pair: "
        f"{per_candidate * 1000:.2f} ms per candidate over {len(sample):,}, "
        f"so {naive:.0f} s for the {len(candidates):,} matchable candidates (the database work left aside)"
    )
    print(f"  ratio naive / second full run: {naive / durations[1]:,.1f}×")
