"""Demo data for the citizen site: enough places and upcoming workshops around a few demo cities.

The activity demo puts places where the demo advisors work, so some towns come out nearly empty on the
public search (two places around Saint-Junien, Guéret or Tulle). This tops each city up to MIN_PLACES public
places and MIN_WORKSHOPS upcoming sessions within RADIUS_KM: the town's library and France Services, then
town halls, third places and social centres in the largest communes nearby, run by the nearest advisor in
post (same département first), each with a short weekly series of workshops and some registrations.
Counting what is already there makes it idempotent: a second run adds nothing.
"""

import random
import time
import uuid
from datetime import datetime, timedelta
from datetime import time as day_time

from django.utils import timezone

from conum.activity.demo import FIRST_NAMES, LAST_INITIALS, WHAT_TO_BRING, WORKSHOP_DESCRIPTION, WORKSHOPS
from conum.activity.enums import (
    AccessMode,
    AccompanimentMode,
    Fee,
    NationalProgramme,
    PlacePublic,
    PlaceService,
    PlaceTypology,
    RegistrationStatus,
    SpecificSupport,
)
from conum.activity.models import Place, Registration, Workshop
from conum.activity.places import opening_hours
from conum.activity.places.inputs import PlaceInput
from conum.activity.places.services import new_place
from conum.activity.workshops.inputs import SessionInput
from conum.core.french import de
from conum.recruitment.models import Advisor
from conum.territories.distance import Point, nearest_first, within
from conum.territories.models import Commune

from . import search

CITIES = {
    "87085": "Limoges", "87154": "Saint-Junien", "23096": "Guéret", "19272": "Tulle", "75056": "Paris",
    "69123": "Lyon", "13055": "Marseille", "59350": "Lille", "33063": "Bordeaux",
}  # fmt: skip
RADIUS_KM = 20  # the search page's default distance
NEARBY_KM = 15  # new places go in the town or in the largest communes this close
MIN_PLACES = 6
MIN_WORKSHOPS = 6
# Landline prefixes (after +33) by département of the demo cities: 05 55 in Limousin; 05 elsewhere.
PHONE_PREFIXES = {"87": "555", "23": "555", "19": "555", "75": "14", "69": "47", "13": "49", "59": "32", "33": "55"}
# In the town itself first, then one per nearby commune, largest first.
IN_TOWN = [PlaceTypology.LIBRARY, PlaceTypology.FRANCE_SERVICES]
NEARBY = [PlaceTypology.TOWN_HALL, PlaceTypology.THIRD_PLACE, PlaceTypology.TOWN_HALL, PlaceTypology.SOCIAL_CENTRE]
KINDS = {
    PlaceTypology.LIBRARY: {
        "name": "Médiathèque {}",
        "hours": [
            "Tu 14:00-18:00; We 10:00-12:30,14:00-18:00; Fr 14:00-18:00; Sa 10:00-12:30,14:00-17:00",
            "Tu,Th 14:00-18:30; We,Sa 09:30-12:30,14:00-18:00",
        ],
        "services": [PlaceService.EVERYDAY_TOOLS, PlaceService.ACCESS, PlaceService.LEISURE],
        "access": [AccessMode.WALK_IN, AccessMode.PHONE],
        "presentation": "Postes en accès libre et un conseiller numérique sur rendez-vous ou aux permanences.",
    },
    PlaceTypology.FRANCE_SERVICES: {
        "name": "France Services {}",
        "hours": ["Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00", "Mo-Th 08:30-12:30,13:30-17:00; Fr 08:30-12:30"],
        "services": [PlaceService.PROCEDURES, PlaceService.EVERYDAY_TOOLS, PlaceService.SAFETY],
        "access": [AccessMode.WALK_IN, AccessMode.PHONE, AccessMode.ONLINE_BOOKING],
        "presentation": "Vos démarches en ligne (CAF, impôts, retraite) avec un agent et un conseiller numérique.",
    },
    PlaceTypology.TOWN_HALL: {
        "name": "Mairie {} — espace numérique",
        "hours": ["Mo-Fr 08:30-12:00,13:30-17:00", "Mo,Tu,Th,Fr 09:00-12:00,14:00-17:00; Sa 09:00-11:30"],
        "services": [PlaceService.EVERYDAY_TOOLS, PlaceService.PROCEDURES],
        "access": [AccessMode.PHONE, AccessMode.WALK_IN],
        "presentation": "Une permanence numérique à la mairie : smartphone, e-mail, démarches en ligne.",
    },
    PlaceTypology.THIRD_PLACE: {
        "name": "Tiers-lieu numérique {}",
        "hours": ["We 14:00-19:00; Th,Fr 10:00-12:00,14:00-18:00; Sa 09:30-12:30"],
        "services": [PlaceService.EVERYDAY_TOOLS, PlaceService.UNDERSTANDING, PlaceService.LEISURE],
        "access": [AccessMode.WALK_IN, AccessMode.EMAIL],
        "presentation": "Un lieu convivial pour apprendre ensemble : ateliers, matériel en libre accès, café.",
    },
    PlaceTypology.SOCIAL_CENTRE: {
        "name": "Centre social {}",
        "hours": ["Mo-Fr 09:00-12:00,13:30-18:00", "Mo,Tu,Th 09:00-12:00,14:00-18:00; We 09:00-12:00"],
        "services": [PlaceService.EVERYDAY_TOOLS, PlaceService.EMPLOYMENT, PlaceService.PARENTING],
        "access": [AccessMode.PHONE, AccessMode.WALK_IN],
        "presentation": "Le conseiller numérique du centre social accompagne familles et demandeurs d'emploi.",
    },
}
STREETS = ["place de la Mairie", "rue de la République", "avenue du Général de Gaulle", "rue des Écoles"]


def populate(out):
    started = time.monotonic()
    rng = random.Random(2030)
    now = timezone.now()
    advisors = list(Advisor.objects.in_post().select_related("structure__commune"))
    places, sessions, people, towns = 0, 0, 0, []
    for code, commune in Commune.objects.in_bulk(list(CITIES)).items():
        if commune.latitude is None or not advisors:
            continue
        center = Point(commune.latitude, commune.longitude)
        added = _places(rng, commune, center, advisors)
        planned = [session for place in added for session in _series(rng, place, place.advisor, now)]
        missing = MIN_WORKSHOPS - len(search.find_workshops(center, RADIUS_KM, now=now)) - len(planned)
        runners = _runners(search.find_places(center, RADIUS_KM)) if missing > 0 else []
        for index in range(len(runners) * 10):  # nearest places first, round after round
            if missing <= 0:
                break
            more = _series(rng, *runners[index % len(runners)], now)
            planned, missing = planned + more, missing - len(more)
        if not planned:
            continue
        created = Workshop.objects.bulk_create(planned)
        places, sessions, people = places + len(added), sessions + len(created), people + _registrations(rng, created)
        towns.append(CITIES[code])
    if not towns:
        out.write(f"✓ Site public : lieux et ateliers déjà présents autour des {len(CITIES)} villes de démonstration")
        return
    out.write(
        f"✓ Site public : {places} lieux, {sessions} ateliers à venir et {people} inscriptions ajoutés autour de "
        f"{', '.join(towns)} ; en {time.monotonic() - started:.1f} s"
    )


def _nearest_advisor(advisors, commune, center):
    """The advisor in post whose structure is nearest, in the same département if there is one."""
    same = [advisor for advisor in advisors if advisor.structure.departement_id == commune.departement_id]
    fields = ("structure__commune__latitude", "structure__commune__longitude")
    nearest = nearest_first(same or advisors, center, 1500, *fields, limit=1)
    return nearest[0] if nearest else None


def _places(rng, commune, center, advisors) -> list[Place]:
    """New public places until MIN_PLACES are within RADIUS_KM of `commune` (none when there are enough)."""
    missing = MIN_PLACES - len(search.find_places(center, RADIUS_KM))
    advisor = _nearest_advisor(advisors, commune, center) if missing > 0 else None
    if advisor is None:
        return []
    neighbours = [
        other
        for other in sorted(within(Commune.objects.all(), center, NEARBY_KM), key=lambda c: -c.population)
        if other.pk != commune.pk
    ]
    plan = [(commune, kind) for kind in IN_TOWN] + list(zip(neighbours, NEARBY * 3, strict=False))
    existing = set(Place.objects.filter(departement_id=commune.departement_id).values_list("name", flat=True))
    rows = []
    for town, kind in plan:
        name = KINDS[kind]["name"].format(de(town))
        if name in existing:
            continue
        rows.append(_place(rng, advisor, town, kind, name))
        if len(rows) == missing:
            break
    created = Place.objects.bulk_create(rows)
    Place.advisors.through.objects.bulk_create(
        [Place.advisors.through(place_id=place.pk, advisor_id=advisor.pk) for place in created]
    )
    for place in created:
        place.advisor = advisor
    return created


def _place(rng, advisor, town, kind, name) -> Place:
    """bulk_create skips Place.save(): the département, coordinates and national programme are set here."""
    spec = KINDS[kind]
    prefix = PHONE_PREFIXES.get(town.departement_id, "5")
    values = PlaceInput(
        name=name,
        address=f"{rng.randint(1, 30)} {rng.choice(STREETS)}",
        commune=town,
        postal_code=town.main_postal_code or f"{town.departement_id}000"[:5],
        latitude=town.latitude + rng.uniform(-0.003, 0.003),
        longitude=town.longitude + rng.uniform(-0.003, 0.003),
        typology=kind,
        phone=f"+33{prefix}{rng.randint(0, 10 ** (9 - len(prefix)) - 1):0{9 - len(prefix)}d}",
        email=f"numerique.{town.pk}.{kind}@lieu-demo.fr".lower(),
        opening_hours=rng.choice(spec["hours"]),
        services=list(spec["services"]),
        publics=[PlacePublic.SENIORS] if rng.random() < 0.4 else [],
        specific_support=[SpecificSupport.MOTOR] if rng.random() < 0.5 else [],
        fees=[Fee.FREE_UNDER_CONDITIONS] if kind == PlaceTypology.THIRD_PLACE and rng.random() < 0.5 else [Fee.FREE],
        access_modes=list(spec["access"]),
        accompaniment_modes=[AccompanimentMode.INDIVIDUAL, AccompanimentMode.WORKSHOP],
        national_programmes=[NationalProgramme.ADVISORS]
        + ([NationalProgramme.FRANCE_SERVICES] if kind == PlaceTypology.FRANCE_SERVICES else []),
        short_presentation=spec["presentation"],
        accessibility="Accès de plain-pied." if rng.random() < 0.7 else "",
    )
    place = new_place(advisor.structure, values)  # its SIRET: the structure's
    place.departement_id = town.departement_id
    return place


def _runners(found):
    """(place, advisor) for the places of `found` (nearest first) that an advisor in post of their structure runs."""
    rows = Place.objects.in_bulk([place.pk for place in found])  # find_places reads a few columns only
    runners = []
    for place in (rows[place.pk] for place in found):
        advisor = place.advisors.in_post().filter(structure=place.structure_id).first()
        if advisor:
            runners.append((place, advisor))
    return runners


def _slot(rng, place) -> tuple[int, int, int]:
    """(weekday, hour, minute) of a two-hour session within the place's opening hours."""
    try:
        week = opening_hours.week(place.opening_hours)
    except opening_hours.OpeningHoursError:
        week = {}
    slots = [
        (day, start)
        for day, spans in week.items()
        if day != 6
        for start, end in spans
        if (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) >= 120
    ]
    if not slots:
        return rng.randint(0, 4), 14, 0
    day, start = rng.choice(slots)
    return day, start.hour, start.minute


def _series(rng, place, advisor, now) -> list[Workshop]:
    """A weekly series of two or three sessions (not saved yet) at `place`, starting within two weeks."""
    today = timezone.localdate()
    title, themes, level = rng.choice(WORKSHOPS)
    weekday, hour, minute = _slot(rng, place)
    first = today + timedelta(days=2 + (weekday - today.weekday() - 2) % 7 + 7 * rng.randint(0, 1))
    group, capacity = uuid.uuid4(), rng.choice([6, 8, 10, 12])
    sessions = []
    for week in range(rng.choice([2, 3, 3])):
        start = timezone.make_aware(datetime.combine(first + timedelta(weeks=week), day_time(hour, minute)))
        session = SessionInput(
            title=title, description=WORKSHOP_DESCRIPTION, themes=themes, level=level, place=place, remote_link="",
            starts_at=start, ends_at=start + timedelta(hours=2), capacity=capacity,
            registration_opens_at=min(now, start - timedelta(days=30)),
            registration_closes_at=start - timedelta(hours=2), what_to_bring=WHAT_TO_BRING,
        )  # fmt: skip
        sessions.append(Workshop(advisor=advisor, structure=advisor.structure, series=group, **session.details()))
    return sessions


def _registrations(rng, sessions) -> int:
    """Some people registered: the nearest sessions fill up (one now and then is full, with a waiting list)."""
    now, people = timezone.now(), []
    for workshop in sessions:
        soon = (workshop.starts_at - now).days < 10
        seats = rng.randint(workshop.capacity // 2, workshop.capacity + 2) if soon else rng.randint(0, 4)
        for index in range(seats):
            first = rng.choice(FIRST_NAMES)
            waiting = index >= workshop.capacity
            people.append(
                Registration(
                    workshop=workshop, first_name=first, last_name=f"{rng.choice(LAST_INITIALS)}.",
                    email=f"{first.lower()}.{workshop.pk}.{index}@exemple.fr" if rng.random() < 0.6 else "",
                    phone=f"+336{rng.randint(10000000, 99999999)}" if rng.random() < 0.3 else "",
                    status=RegistrationStatus.WAITLISTED if waiting else RegistrationStatus.CONFIRMED,
                    consent_at=now,
                )
            )  # fmt: skip
    Registration.objects.bulk_create(people)
    return len(people)
