"""The citizen site's searches at national scale: 20,000 places of activity and 20,000 upcoming workshops.

`uv run python -m bench public_search [--scale national|small]` tops up a throw-away database (bulk inserts, places in
communes weighted by population, a small jitter around the commune centre, a few archived or closed to the
public), then times, around five communes at 20 km: the whole results page as the view builds it (a test
client request), `find_places` alone (its first page with the count, as the page reads it, and every place
found), and the naive way (haversine on every public place, in Python), which must find the same places in the
same order with the same distances. The workshop search page and `find_workshops` are timed the same way.
"""

import random
import re
import time
from datetime import date, datetime, timedelta
from datetime import time as day_time

from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from conum.activity.enums import (
    AccessMode,
    AccompanimentMode,
    Fee,
    NationalProgramme,
    PlacePublic,
    PlaceService,
    PlaceTypology,
    RegistrationStatus,
    Theme,
    WorkshopLevel,
)
from conum.activity.models import Place, Registration, Workshop
from conum.public import search
from conum.recruitment.models import Advisor, Candidate, Match, territory_of
from conum.structures.models import HostStructure, StructureApplication
from conum.territories.distance import Point, haversine_km
from conum.territories.models import Commune

from .population import bench_structure, communes_by_population
from .scale import scale_from
from .timing import measure, measure_get, report

CITIES = [("Paris", "75056"), ("Lyon", "69123"), ("Limoges", "87085"), ("Saint-Junien", "87154"), ("Guéret", "23096")]
RADIUS_KM = 20
STRUCTURES = 200
ADVISORS = 10
SIRET_PREFIX = "Q"  # bench/matching.py's structures use "B"
EMAIL_DOMAIN = "@bench-public.example"
KINDS = [
    (PlaceTypology.TOWN_HALL, "Mairie de {}"),
    (PlaceTypology.LIBRARY, "Médiathèque de {}"),
    (PlaceTypology.FRANCE_SERVICES, "France Services de {}"),
    (PlaceTypology.THIRD_PLACE, "Tiers-lieu de {}"),
    (PlaceTypology.SOCIAL_CENTRE, "Centre social de {}"),
]
HOURS = [
    "Mo-Fr 09:00-12:00,14:00-17:00",
    "Tu-Sa 10:00-12:30,14:00-18:00",
    "Mo,We,Fr 09:00-12:00; Tu,Th 14:00-18:30",
    "Mo-Fr 09:00-17:00; Sa 09:00-12:00",
    "",
]
TITLES = [
    ("Bien utiliser son smartphone", [Theme.EQUIPMENT], WorkshopLevel.BEGINNER),
    ("Faire ses démarches en ligne", [Theme.ADMINISTRATIVE], WorkshopLevel.INTERMEDIATE),
    ("Repérer les arnaques en ligne", [Theme.SECURITY], WorkshopLevel.BEGINNER),
]


def _bench_places():
    return Place.objects.filter(structure__siret__startswith=SIRET_PREFIX)


def _structures(rng, communes, weights) -> list[HostStructure]:
    existing = HostStructure.objects.filter(siret__startswith=SIRET_PREFIX).count()
    if existing < STRUCTURES:
        HostStructure.objects.bulk_create(
            [
                bench_structure(SIRET_PREFIX, index, "Structure publique", EMAIL_DOMAIN, code, departement)
                for index, (code, departement, *_rest) in enumerate(
                    rng.choices(communes, weights=weights, k=STRUCTURES - existing), start=existing
                )
            ],
            batch_size=2000,
        )
    return list(HostStructure.objects.filter(siret__startswith=SIRET_PREFIX).order_by("pk"))


def _advisors(structures) -> list[Advisor]:
    """A handful of advisors in post, made straight in the tables (the hiring workflow is not measured here)."""
    ours = Advisor.objects.filter(candidate__email__endswith=EMAIL_DOMAIN)
    now, today = timezone.now(), date.today()
    for index in range(ours.count(), ADVISORS):
        structure = structures[index]
        application = StructureApplication.objects.create(
            structure=structure, status="validated", posts_requested=1, posts_granted=1, mission_start=today,
            motivation="-", commitments_accepted_at=now,
        )  # fmt: skip
        candidate = Candidate.objects.create(
            first_name="-", last_name=f"A{index}", email=f"a{index}{EMAIL_DOMAIN}", phone="+33600000000",
            commune_id=structure.commune_id, territory=territory_of(structure.departement_id), mobility_km=20,
            available_from=today, motivation="-", email_confirmed_at=now,
        )  # fmt: skip
        match = Match.objects.create(candidate=candidate, application=application, status="hired", distance_km=1)
        Advisor.objects.create(
            candidate=candidate, structure=structure, match=match, hired_on=today, training_due_by=today
        )
    return list(ours)


def _places(rng, communes, weights, structures, target) -> None:
    missing = target - _bench_places().count()
    if missing <= 0:
        return
    started = time.monotonic()
    rows = []
    for code, departement, lat, lon, name, postal_codes in rng.choices(communes, weights=weights, k=missing):
        typology, label = rng.choice(KINDS)
        structure = rng.choice(structures)
        rows.append(
            Place(
                structure=structure,
                name=label.format(name),
                address=f"{rng.randint(1, 40)} rue de la Mairie",
                commune_id=code,
                postal_code=(postal_codes.split(" ", 1)[0] if postal_codes else departement)[:5],
                departement_id=departement,
                latitude=lat + rng.uniform(-0.01, 0.01),
                longitude=lon + rng.uniform(-0.01, 0.01),
                siret=structure.siret,
                typology=typology,
                phone=f"+3355{rng.randint(1000000, 9999999)}",
                opening_hours=rng.choice(HOURS),
                services=rng.sample(list(PlaceService.values), rng.randint(1, 4)),
                publics=[rng.choice(PlacePublic.values)] if rng.random() < 0.4 else [],
                fees=[rng.choices(Fee.values, weights=[85, 10, 5])[0]],
                access_modes=[AccessMode.NO_PUBLIC] if rng.random() < 0.03 else [AccessMode.WALK_IN, AccessMode.PHONE],
                accompaniment_modes=[AccompanimentMode.INDIVIDUAL, AccompanimentMode.WORKSHOP],
                national_programmes=[NationalProgramme.ADVISORS],
                archived_at=timezone.now() if rng.random() < 0.02 else None,
            )
        )
    Place.objects.bulk_create(rows, batch_size=2000)
    print(f"{missing} places created in {time.monotonic() - started:.1f} s")


def _workshops(rng, advisors, target) -> None:
    now = timezone.now()
    # Every upcoming session counts (10 % are not public): a second run creates nothing.
    missing = target - Workshop.objects.upcoming(now).filter(place__structure__siret__startswith=SIRET_PREFIX).count()
    if missing <= 0:
        return
    started = time.monotonic()
    places = list(
        search.public_places()
        .filter(structure__siret__startswith=SIRET_PREFIX)
        .order_by("pk")
        .values_list("pk", "structure_id")
    )
    today = timezone.localdate()
    rows = []
    for place_id, structure_id in rng.choices(places, k=missing):
        title, themes, level = rng.choice(TITLES)
        day = today + timedelta(days=rng.randint(1, 60))
        start = timezone.make_aware(datetime.combine(day, day_time(rng.choice([9, 10, 14, 15]))))
        rows.append(
            Workshop(
                advisor=rng.choice(advisors),
                structure_id=structure_id,
                place_id=place_id,
                title=title,
                description="-",
                themes=themes,
                level=level,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                capacity=rng.choice([6, 8, 10, 12]),
                registration_opens_at=start - timedelta(days=30),
                registration_closes_at=start - timedelta(hours=2),
                public=rng.random() < 0.9,
            )
        )
    created = Workshop.objects.bulk_create(rows, batch_size=2000)  # SQLite and PostgreSQL return the ids
    people = [
        Registration(workshop_id=workshop.pk, first_name="-", last_name="-", status=RegistrationStatus.CONFIRMED)
        for workshop in created
        for _ in range(rng.randint(0, 4))
    ]
    Registration.objects.bulk_create(people, batch_size=5000)
    print(f"{missing} upcoming workshops and {len(people)} registrations created in {time.monotonic() - started:.1f} s")


def fill(places, workshops):
    rng = random.Random(_bench_places().count() + 7)  # a top-up does not repeat the first draw
    communes, weights = communes_by_population(
        "code", "departement_id", "latitude", "longitude", "name", "postal_codes"
    )
    structures = _structures(rng, communes, weights)
    advisors = _advisors(structures)
    _places(rng, communes, weights, structures, places)
    _workshops(rng, advisors, workshops)
    if connection.vendor == "postgresql":  # planner statistics, as autovacuum keeps them after bulk inserts
        with connection.cursor() as cursor:
            for model in (Place, Workshop, Registration):
                cursor.execute(f"ANALYZE {model._meta.db_table}")


def _naive_places(center, radius_km):
    found = []
    for place in search.public_places().select_related("commune"):
        distance = haversine_km(center, Point(place.latitude, place.longitude))
        if distance <= radius_km:
            place.distance_km = distance
            found.append(place)
    return sorted(found, key=lambda place: (place.distance_km, place.pk))


def _count_shown(words: str, page: str) -> int:
    """The count a results page announces ("2 849 lieux à moins de"; thousands grouped by a narrow space)."""
    shown = re.search(rf"(\d[\d\u202f]*) {words}", page)
    return int(shown[1].replace("\u202f", "")) if shown else 0


def run(args):
    scale = scale_from(args)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    fill(scale.places, scale.workshops)
    now = timezone.now()
    total_public = search.public_places().count()
    print(
        f"places: {Place.objects.count()} ({total_public} public); upcoming public workshops at a place: "
        f"{search.upcoming_workshops(now).count()}"
    )
    client = Client(SERVER_NAME="localhost")
    ratios = []
    for name, code in CITIES:
        commune = Commune.objects.get(code=code)
        center = Point(commune.latitude, commune.longitude)
        params = {"commune": name, "distance": str(RADIUS_KM)}
        print(f"\n{name} ({code}), {RADIUS_KM} km")

        with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):  # every request rendered
            page = measure_get(client, "/aide-numerique/", params, repeat=20)
        # The first request fills the visitors' page cache.
        cached = measure_get(client, "/aide-numerique/", params, repeat=20, floor=False)
        first = measure(lambda c=center: search.find_places(c, RADIUS_KM).read(0, 20), repeat=30)
        fast = measure(lambda c=center: list(search.find_places(c, RADIUS_KM)), repeat=30)
        naive = measure(lambda c=center: _naive_places(c, RADIUS_KM), repeat=3)
        expected = [(p.pk, p.distance_km) for p in naive[3]]
        assert [(p.pk, p.distance_km) for p in fast[3]] == expected, "not the naive scan's places, order, distances"
        assert first[3] == fast[3][:20]
        assert _count_shown(r"lieux? à moins de", page[3]) == len(fast[3]), "the page did not search this commune"
        report(f"  GET /aide-numerique/ (page 1 of {len(fast[3])} places)", *page[:3])
        report("  same page from the visitors' page cache (p95: the miss)", *cached[:3])
        report("  find_places alone, the first page and the count", *first[:3])
        report("  find_places alone, every place found", *fast[:3])
        report(f"  naive haversine on all {total_public} public places", *naive[:3])
        ratios.append(naive[0] / fast[0])
        print(f"  ratio naive / find_places: {ratios[-1]:.0f}x")

        with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
            workshop_page = measure_get(client, "/aide-numerique/ateliers/", params, repeat=20)
        found = measure(lambda c=center: search.find_workshops(c, RADIUS_KM), repeat=30)
        shown = _count_shown(r"ateliers? à moins de", workshop_page[3])
        assert shown == len(found[3]), "the page did not search this commune"
        report(f"  GET /aide-numerique/ateliers/ ({len(found[3])} sessions)", *workshop_page[:3])
        report("  find_workshops alone (ids and distances)", *found[:3])
    print(f"\nratio naive / find_places: {min(ratios):.0f}x to {max(ratios):.0f}x")
