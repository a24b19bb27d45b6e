"""The whole programme's data at a scale: `uv run python -m bench generate [--scale national|small]`.

Stages, each resumable (a stage tops its rows up to the scale and skips what is there, so an interrupted run
starts again where it stopped), each printing its duration and rows per second:

1. territories: the 35,014 communes of the reference file;
2. host structures with validated applications and confirmed candidates, placed by population (bench.matching);
3. advisors in post in their own structures (bench.statistics);
4. places of activity and upcoming workshops (bench.public_search);
5. past workshop sessions and registrations up to the scale's total;
6. activity reports over 24 months by season and time in post (COPY on PostgreSQL, bench.statistics);
7. appointments and beneficiary files: availability rules, appointments, files, one in five individual reports
   linked to a file by set-based UPDATEs (bench.follow_up): before the rollups, which count the "returning"
   answers that the links set;
8. rollups with the SQL of `rollups.rebuild`, then planner statistics.
"""

import random
import time
from datetime import datetime, timedelta
from datetime import time as day_time

from django.db import connection
from django.utils import timezone

from conum.activity.enums import RegistrationStatus, Theme, WorkshopLevel
from conum.activity.models import Appointment, AvailabilityRule, Beneficiary, Place, Registration, Workshop
from conum.territories.models import Commune

from . import follow_up, matching, public_search, statistics
from .population import communes_by_population
from .scale import Scale, scale_from

PAST_MARK = "Atelier passé (banc d'essai)"
BATCH = 20_000
PAST_STATUSES = (
    [RegistrationStatus.ATTENDED] * 70 + [RegistrationStatus.ABSENT] * 15 + [RegistrationStatus.CANCELLED] * 15
)
THEMES = [Theme.EQUIPMENT, Theme.ADMINISTRATIVE, Theme.SECURITY, Theme.BROWSING, Theme.EMAIL]


def _territories(scale: Scale) -> None:
    communes_by_population("code")
    print(f"  {Commune.objects.count():,} communes")


def _past_workshops(scale: Scale) -> None:
    """Sessions of the last 24 months given by the advisors in post at public places near their structure's
    département (any public place of the département, else any)."""
    past = Workshop.objects.filter(title=PAST_MARK)
    missing = scale.past_workshops - past.count()
    if missing <= 0:
        print(f"  {scale.past_workshops:,} past sessions already there")
        return
    rng = random.Random(past.count() + 11)
    advisors = statistics.advisors_in_post(scale)
    places_by_departement = {}
    for pk, departement in public_search.search.public_places().values_list("pk", "departement_id"):
        places_by_departement.setdefault(departement, []).append(pk)
    every_place = [pk for pks in places_by_departement.values() for pk in pks]
    departement_of = dict(Commune.objects.values_list("code", "departement_id"))
    today = timezone.localdate()
    started, created = time.monotonic(), 0
    while created < missing:
        rows = []
        for advisor, structure, commune, since in rng.choices(advisors, k=min(BATCH, missing - created)):
            day = today - timedelta(days=rng.randint(1, max(1, (today - since).days)))
            start = timezone.make_aware(datetime.combine(day, day_time(rng.choice([9, 10, 14, 15]))))
            places = places_by_departement.get(departement_of[commune]) or every_place
            rows.append(
                Workshop(
                    advisor_id=advisor,
                    structure_id=structure,
                    place_id=rng.choice(places),
                    title=PAST_MARK,
                    description="-",
                    themes=[rng.choice(THEMES)],
                    level=rng.choice(WorkshopLevel.values),
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                    capacity=rng.choice([8, 10, 12]),
                    registration_opens_at=start - timedelta(days=30),
                    registration_closes_at=start - timedelta(hours=2),
                )  # fmt: skip
            )
        Workshop.objects.bulk_create(rows, batch_size=5000)
        created += len(rows)
        print(f"  {created:>9,} past sessions   {created / (time.monotonic() - started):9,.0f} rows/s", flush=True)


def _registrations(scale: Scale) -> None:
    """Registrations to past sessions (attended, absent, cancelled) up to the scale's total."""
    missing = scale.registrations - Registration.objects.count()
    if missing <= 0:
        print(f"  {Registration.objects.count():,} registrations already there")
        return
    rng = random.Random(missing)
    sessions = list(Workshop.objects.filter(title=PAST_MARK).values_list("pk", "capacity", "starts_at"))
    started, created = time.monotonic(), 0
    while created < missing:
        rows = []
        for pk, capacity, starts_at in rng.choices(sessions, k=min(BATCH, missing - created) // 8 + 1):
            for _ in range(min(capacity, 8, missing - created - len(rows))):
                rows.append(
                    Registration(
                        workshop_id=pk,
                        first_name="-",
                        last_name="-",
                        status=rng.choice(PAST_STATUSES),
                        consent_at=starts_at - timedelta(days=rng.randint(1, 20)),
                    )  # fmt: skip
                )
        Registration.objects.bulk_create(rows, batch_size=5000)
        created += len(rows)
        print(f"  {created:>9,} registrations   {created / (time.monotonic() - started):9,.0f} rows/s", flush=True)


def _analyze(scale: Scale) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Place, Workshop, Registration, AvailabilityRule, Appointment, Beneficiary):
                cursor.execute(f"ANALYZE {model._meta.db_table}")


STAGES = [
    ("territories", _territories),
    ("structures and candidates", lambda scale: matching.fill(scale.structures, scale.candidates)),
    ("advisors in post", statistics.advisors_in_post),
    ("places and upcoming workshops", lambda scale: public_search.fill(scale.places, scale.workshops)),
    ("past workshop sessions", _past_workshops),
    ("registrations", _registrations),
    ("activity reports", lambda scale: statistics.load(scale, scale.reports)),
    ("appointments and beneficiary files", follow_up.fill),
    ("rollups and planner statistics", lambda scale: (statistics.prepare(), _analyze(scale))),
]


def generate(scale: Scale) -> None:
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}); scale {scale.name}")
    overall = time.monotonic()
    for number, (label, stage) in enumerate(STAGES, start=1):
        print(f"[{number}/{len(STAGES)}] {label}", flush=True)
        started = time.monotonic()
        stage(scale)
        print(f"[{number}/{len(STAGES)}] {label}: {time.monotonic() - started:.1f} s", flush=True)
    print(f"generated in {time.monotonic() - overall:.1f} s")


def run(args):
    generate(scale_from(args))
