"""Demo data: about 3,000 candidates spread by population, a matching run, then hires (demo_hires)."""

import random
from datetime import date, timedelta

from django.utils import timezone

from conum.core.demo import scaled
from conum.recruitment import demo_hires, matching
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import Candidate, Match, territory_of
from conum.territories.models import Commune

CANDIDATES = 3000  # times CONUM_DEMO_SCALE (conum/core/demo.py)
LIMOGES_AREA = 40
FIRST_NAMES = [
    "Emma",
    "Louis",
    "Jade",
    "Gabriel",
    "Louise",
    "Raphaël",
    "Ambre",
    "Arthur",
    "Alice",
    "Jules",
    "Lina",
    "Adam",
    "Chloé",
    "Nathan",
    "Mila",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Leroy",
    "Roux",
]
MOBILITY = [(5, 5), (10, 15), (15, 15), (20, 25), (40, 25), (100, 10), (0, 5)]


def populate(out):
    _candidates(out)
    demo_hires.populate(out)


def _candidates(out):
    if Candidate.objects.exists():
        out.write(f"✓ Candidats déjà présents ({Candidate.objects.count()})")
        return
    rng = random.Random(2027)
    communes = list(
        Commune.objects.with_coordinates().values_list("code", "departement_id", "population", "latitude", "longitude")
    )
    picked = rng.choices(communes, weights=[max(1, c[2]) for c in communes], k=scaled(CANDIDATES))
    # A few more around Limoges, where the demo structure account recruits.
    haute_vienne = [c for c in communes if c[1] == "87"]
    picked += rng.choices(haute_vienne, weights=[max(1, c[2]) for c in haute_vienne], k=LIMOGES_AREA)
    now, today = timezone.now(), date.today()
    rows = []
    for index, (code, departement, _population, lat, lon) in enumerate(picked):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        rows.append(
            Candidate(
                first_name=first,
                last_name=last,
                email=f"{first}.{last}.{index}@candidat-demo.fr".lower(),
                phone=f"+336{rng.randint(10000000, 99999999)}",
                commune_id=code,
                latitude=lat,
                longitude=lon,
                territory=territory_of(departement),
                mobility_km=rng.choices([km for km, _ in MOBILITY], weights=[w for _, w in MOBILITY])[0],
                available=rng.random() < 0.9,
                available_from=today + timedelta(days=rng.randint(-60, 90)),
                job_seeker=rng.random() < 0.6,
                employed=rng.random() < 0.3,
                in_training=rng.random() < 0.1,
                has_experience=rng.random() < 0.3,
                mediation_diploma=rng.random() < 0.1,
                motivation="J'aime transmettre et aider les personnes éloignées du numérique.",
                pix_level_1=rng.choice([None, 1, 2, 3]),
                pix_level_2=rng.choice([None, 1, 2, 3]),
                pix_level_3=rng.choice([None, 1, 2, 3]),
                email_confirmed_at=now if rng.random() < 0.95 else None,
            )  # fmt: skip
        )
    Candidate.objects.bulk_create(rows, batch_size=1000)
    report = matching.run()
    # The structures have started to sort their lists.
    proposals = list(Match.objects.filter(status=MatchStatus.NEW).values_list("pk", flat=True))
    rng.shuffle(proposals)
    shortlisted, declined = proposals[: len(proposals) // 6], proposals[len(proposals) // 6 : len(proposals) // 4]
    Match.objects.filter(pk__in=shortlisted).update(status=MatchStatus.SHORTLISTED)
    Match.objects.filter(pk__in=declined).update(status=MatchStatus.DECLINED)
    out.write(f"✓ Candidats de démonstration : {len(rows)} ; {report}")
