"""A full matching run at national scale: 10,000 validated structures × 100,000 candidates.

`uv run python -m bench matching [structures candidates]` fills a throw-away database (bulk inserts,
communes weighted by population, mobility and availability spread as in the programme), then times
`matching.run()` twice: the first run creates the matches, the second one checks that nothing changes.
"""

import random
import time
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from conum.recruitment import matching
from conum.recruitment.models import Candidate, Match, territory_of
from conum.structures.models import HostStructure, StructureApplication
from conum.territories.loader import load_territories
from conum.territories.models import Commune

MOBILITY = [(5, 5), (10, 15), (15, 15), (20, 25), (40, 25), (100, 10), (0, 5)]  # (km, % of candidates)


def _fill(structures, candidates):
    if not Commune.objects.exists():
        load_territories()
    if HostStructure.objects.count() >= structures and Candidate.objects.count() >= candidates:
        return
    rng = random.Random(1)
    communes = list(
        Commune.objects.with_coordinates().values_list("code", "departement_id", "population", "latitude", "longitude")
    )
    weights = [max(1, population) for _, _, population, _, _ in communes]
    started = time.monotonic()
    picked = rng.choices(communes, weights=weights, k=structures)
    HostStructure.objects.bulk_create(
        [
            HostStructure(
                siret=f"B{index:013d}",
                name=f"Structure {index}",
                type="commune",
                address="-",
                commune_id=code,
                departement_id=departement,
                contact_first_name="-",
                contact_last_name="-",
                contact_role="-",
                contact_email=f"s{index}@bench.example",
                contact_phone="+33500000000",
            )  # fmt: skip
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
    for index, ((code, departement, _population, lat, lon), mobility) in enumerate(
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


def run(args):
    structures, candidates = (int(args[0]), int(args[1])) if len(args) == 2 else (10_000, 100_000)
    print(f"database: {connection.vendor}; {structures} structures × {candidates} candidates")
    _fill(structures, candidates)
    for label in ("first full run", "second full run (idempotent)"):
        started = time.monotonic()
        report = matching.run()
        print(f"matching.run(), {label}: {time.monotonic() - started:.1f} s — {report}")
    print(f"matches stored: {Match.objects.count()}")
