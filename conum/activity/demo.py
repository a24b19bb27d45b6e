"""Demo data: places for every advisor, workshops with registrations, and ~200,000 activity reports over 24
months with realistic distributions (more smartphone, e-mail and administrative help; seniors
over-represented; quieter in August and at Christmas). Reports are bulk-inserted, then the rollups are
summed by the same `rollups.contribution` as live updates (`conum rebuild_rollups` finds no difference).
"""

import itertools
import random
import time
import uuid
from datetime import datetime, timedelta
from datetime import time as day_time

from django.db import transaction
from django.utils import timezone

from conum.activity.appointments import demo as appointments_demo
from conum.activity.beneficiaries import demo as beneficiaries_demo
from conum.activity.enums import (
    AccessMode,
    AccompanimentMode,
    AdministrativeTheme,
    AgeBand,
    Autonomy,
    Equipment,
    Fee,
    Location,
    NationalProgramme,
    PlacePublic,
    PlaceService,
    PlaceTypology,
    Redirection,
    RegistrationStatus,
    ReportKind,
    SocialStatus,
    Theme,
    WorkshopLevel,
)
from conum.activity.models import (
    ActivityReport,
    ActivityRollup,
    DepartementMonthRollup,
    DepartementRollup,
    Place,
    Registration,
    Workshop,
)
from conum.activity.places.inputs import PlaceInput
from conum.activity.places.services import new_place
from conum.activity.reports import rollups
from conum.activity.reports.inputs import ReportInput
from conum.activity.workshops.inputs import SessionInput
from conum.core.demo import insert_all, progress, scaled
from conum.core.french import de
from conum.recruitment.models import Advisor
from conum.territories.models import Commune

REPORTS = 200_000  # times CONUM_DEMO_SCALE (conum/core/demo.py)
MONTHS = 24
OPENING_HOURS = [
    "Mo-Fr 09:00-12:00,14:00-17:00",
    "Tu-Sa 10:00-12:30,14:00-18:00",
    "Mo,We,Fr 09:00-12:00; Tu,Th 14:00-18:30",
    "Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00",
    "We 14:00-18:00; Sa 09:30-12:30",
    "Mo-Fr 09:00-17:00; Sa 09:00-12:00",
]
PLACE_KINDS = [
    (PlaceTypology.LIBRARY, "Médiathèque {}"),
    (PlaceTypology.TOWN_HALL, "Mairie {} — espace numérique"),
    (PlaceTypology.FRANCE_SERVICES, "France Services {}"),
    (PlaceTypology.THIRD_PLACE, "Tiers-lieu numérique {}"),
    (PlaceTypology.SOCIAL_CENTRE, "Centre social {}"),
]
WORKSHOPS = [
    ("Bien utiliser son smartphone", [Theme.EQUIPMENT], WorkshopLevel.BEGINNER),
    ("Créer et utiliser son adresse e-mail", [Theme.EMAIL], WorkshopLevel.BEGINNER),
    ("Faire ses démarches en ligne", [Theme.ADMINISTRATIVE, Theme.BROWSING], WorkshopLevel.INTERMEDIATE),
    ("Repérer les arnaques en ligne", [Theme.SECURITY], WorkshopLevel.BEGINNER),
    ("Ranger et partager ses photos", [Theme.CONTENTS], WorkshopLevel.INTERMEDIATE),
    ("Découvrir l'intelligence artificielle", [Theme.AI, Theme.CULTURE], WorkshopLevel.ADVANCED),
    ("Prendre rendez-vous chez le médecin sur internet", [Theme.HEALTH], WorkshopLevel.BEGINNER),
    ("Tableur : faire son budget", [Theme.OFFICE], WorkshopLevel.INTERMEDIATE),
]  # fmt: skip
STREETS = ["place de la Mairie", "rue Jean Jaurès", "avenue de la Gare", "rue Victor Hugo"]
PLACE_PRESENTATION = "Un conseiller numérique vous accompagne gratuitement : smartphone, e-mail, démarches en ligne."
WORKSHOP_DESCRIPTION = "Un atelier en petit groupe, à votre rythme, avec votre propre appareil si vous en avez un."
WHAT_TO_BRING = "Votre smartphone ou votre tablette, chargé."
FIRST_NAMES = ["Jeanne", "Michel", "Monique", "Alain", "Nicole", "Bernard", "Yasmina", "Kevin", "Odette", "Paul"]
LAST_INITIALS = "ABCDGLMPRT"


class Weights(dict):
    """Values and their weights, with the cumulative weights that random.choices would otherwise sum at each of
    the millions of draws (the same draws: choices accumulates the weights it is given)."""

    def __init__(self, weights):
        super().__init__(weights)
        self.population, self.cum_weights = list(self), list(itertools.accumulate(self.values()))


# Weights of the realistic distributions.
KINDS = Weights({ReportKind.INDIVIDUAL: 55, ReportKind.ONE_OFF: 27, ReportKind.WORKSHOP: 18})
LOCATIONS = Weights({Location.PLACE: 80, Location.REMOTE: 9, Location.HOME: 5, Location.OTHER: 6})
DURATIONS = Weights({15: 10, 30: 25, 45: 20, 60: 25, 90: 12, 120: 8})
AGES = Weights({
    AgeBand.UNDER_12: 1, AgeBand.FROM_12_TO_17: 3, AgeBand.FROM_18_TO_24: 6, AgeBand.FROM_25_TO_39: 11,
    AgeBand.FROM_40_TO_59: 19, AgeBand.FROM_60_TO_69: 25, AgeBand.OVER_70: 30, AgeBand.UNKNOWN: 5,
})  # fmt: skip
THEMES = Weights({
    Theme.EQUIPMENT: 24, Theme.EMAIL: 20, Theme.ADMINISTRATIVE: 22, Theme.BROWSING: 10, Theme.CONTENTS: 8,
    Theme.SECURITY: 6, Theme.HEALTH: 5, Theme.BANKING: 5, Theme.OFFICE: 5, Theme.SOCIAL_NETWORKS: 4,
    Theme.DIAGNOSTIC: 4, Theme.MAINTENANCE: 3, Theme.EMPLOYMENT: 3, Theme.CULTURE: 2, Theme.AI: 2,
    Theme.PARENTING: 1, Theme.SCHOOL: 1, Theme.CREATION: 1, Theme.BUSINESS: 1,
})  # fmt: skip
ADMINISTRATIVE = Weights({
    AdministrativeTheme.MONEY: 20, AdministrativeTheme.SOCIAL: 20, AdministrativeTheme.PAPERS: 18,
    AdministrativeTheme.WORK: 12, AdministrativeTheme.HOUSING: 10, AdministrativeTheme.FAMILY: 8,
    AdministrativeTheme.TRANSPORT: 6, AdministrativeTheme.FOREIGNERS: 3, AdministrativeTheme.JUSTICE: 1,
    AdministrativeTheme.LEISURE: 1, AdministrativeTheme.ASSOCIATIONS: 1,
})  # fmt: skip
EQUIPMENT = Weights(
    {Equipment.PHONE: 45, Equipment.COMPUTER: 32, Equipment.TABLET: 10, Equipment.NONE: 8, Equipment.OTHER: 5}
)
OTHER_STATUSES = Weights({SocialStatus.EMPLOYED: 40, SocialStatus.UNEMPLOYED: 40, SocialStatus.UNKNOWN: 20})
SEASON = {1: 1.0, 2: 1.0, 3: 1.1, 4: 1.0, 5: 0.9, 6: 1.0, 7: 0.7, 8: 0.4, 9: 1.1, 10: 1.1, 11: 1.0, 12: 0.7}


def _pick(rng, weights: dict, k=1):
    if not isinstance(weights, Weights):
        weights = Weights(weights)
    return rng.choices(weights.population, cum_weights=weights.cum_weights, k=k)


def _distinct(rng, weights: dict, count: int) -> list:
    chosen = []
    while len(chosen) < count:
        value = _pick(rng, weights)[0]
        if value not in chosen:
            chosen.append(value)
    return chosen


def populate(out):
    if Place.objects.exists():
        out.write(f"✓ Lieux et activité déjà présents ({ActivityReport.objects.count()} comptes rendus)")
        return
    started = time.monotonic()
    rng = random.Random(2029)
    advisors = list(Advisor.objects.in_post().select_related("structure__commune", "user"))
    # One transaction: on SQLite, each of the thousands of rollup rows written one by one would otherwise be
    # its own commit (a disk sync each).
    with transaction.atomic():
        places = _places(rng, advisors)
        workshops, registrations = _workshops(rng, advisors, places)
        reports, rows = _reports(rng, advisors, places)
        appointments = appointments_demo.populate(advisors, places)
        files = beneficiaries_demo.populate(advisors, places)  # links reports and appointments made above
    out.write(
        f"✓ Activité de démonstration : {len(places)} lieux, {workshops} ateliers, {registrations} inscriptions, "
        f"{appointments} rendez-vous, {files} dossiers de personnes accompagnées, "
        f"{reports} comptes rendus, {rows} lignes d'agrégats quotidiens ; en {time.monotonic() - started:.0f} s"
    )


def _places(rng, advisors) -> dict[int, list[Place]]:
    """One or two places per advisor in its structure's commune; colleagues share the first one."""
    by_structure, created = {}, {}
    for advisor in advisors:
        structure = advisor.structure
        commune = structure.commune
        shared = by_structure.get(structure.pk)
        if shared is None:
            shared = by_structure[structure.pk] = [_place(rng, structure, commune, 0)]
            if rng.random() < 0.4:
                shared.append(_place(rng, structure, commune, 1))
        created[advisor.pk] = shared
    for advisor in advisors:
        for place in created[advisor.pk]:
            place.advisors.add(advisor)
    return created


def _place(rng, structure, commune, index) -> Place:
    typology, name = PLACE_KINDS[(structure.pk + index) % len(PLACE_KINDS)]
    services = _distinct(rng, dict.fromkeys(PlaceService, 1), rng.randint(2, 4))
    if PlaceService.EVERYDAY_TOOLS not in services:
        services.insert(0, PlaceService.EVERYDAY_TOOLS)
    values = PlaceInput(
        name=name.format(de(commune)),
        address=f"{rng.randint(1, 40)} {rng.choice(STREETS)}",
        commune=commune,
        postal_code=commune.main_postal_code or f"{commune.departement_id}000"[:5],
        latitude=(commune.latitude or 0) + rng.uniform(-0.004, 0.004) if commune.latitude else None,
        longitude=(commune.longitude or 0) + rng.uniform(-0.004, 0.004) if commune.longitude else None,
        typology=typology,
        phone=f"+3355{rng.randint(1000000, 9999999)}",
        email=f"numerique{structure.pk}-{index}@lieu-demo.fr",
        opening_hours=rng.choice(OPENING_HOURS),
        services=services,
        publics=_distinct(rng, {PlacePublic.SENIORS: 5, PlacePublic.YOUNG: 2, PlacePublic.FAMILIES: 2}, 1)
        if rng.random() < 0.5
        else [],
        fees=[Fee.FREE] if rng.random() < 0.9 else [Fee.FREE_UNDER_CONDITIONS],
        access_modes=[AccessMode.WALK_IN, AccessMode.PHONE] if rng.random() < 0.6 else [AccessMode.PHONE],
        accompaniment_modes=[AccompanimentMode.INDIVIDUAL, AccompanimentMode.WORKSHOP],
        national_programmes=[NationalProgramme.ADVISORS]
        + ([NationalProgramme.FRANCE_SERVICES] if typology == PlaceTypology.FRANCE_SERVICES else []),
        short_presentation=PLACE_PRESENTATION,
        accessibility="Accès de plain-pied, place de stationnement réservée.",
    )  # fmt: skip
    place = new_place(structure, values)  # its SIRET: the structure's
    place.save()
    return place


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, day_time(hour)))


def _workshops(rng, advisors, places) -> tuple[int, int]:
    """Per advisor: a weekly series of 4 upcoming sessions and a few past sessions with attendance."""
    today = timezone.localdate()
    now = timezone.now()
    sessions, people = [], []
    for advisor in advisors:
        place = places[advisor.pk][0]
        title, themes, level = rng.choice(WORKSHOPS)
        series, first = uuid.uuid4(), today + timedelta(days=rng.randint(1, 10))
        hour = rng.choice([10, 14, 15])
        days = [first + timedelta(weeks=n) for n in range(4)] + [
            today - timedelta(days=rng.randint(3, 90)) for _ in range(3)
        ]
        for day in days:
            start = _at(day, hour)
            # Trusted values (past sessions included, which the parser would refuse): the typed input directly.
            session = SessionInput(
                title=title, description=WORKSHOP_DESCRIPTION, themes=themes, level=level, place=place,
                remote_link="", starts_at=start, ends_at=start + timedelta(hours=2),
                capacity=rng.choice([6, 8, 10, 12]), registration_opens_at=start - timedelta(days=30),
                registration_closes_at=start - timedelta(hours=2), public=rng.random() < 0.9,
                what_to_bring=WHAT_TO_BRING,
            )  # fmt: skip
            sessions.append(
                Workshop(
                    advisor=advisor, structure=advisor.structure, series=series if day >= today else None,
                    **session.details(),
                )
            )  # fmt: skip
    Workshop.objects.bulk_create(sessions, batch_size=2000)
    for workshop in Workshop.objects.all():
        past = workshop.starts_at < now
        seats = rng.randint(0, workshop.capacity + (2 if not past else 0))
        for index in range(seats):
            waitlisted = index >= workshop.capacity
            status = (
                RegistrationStatus.WAITLISTED
                if waitlisted
                else (RegistrationStatus.ATTENDED if rng.random() < 0.85 else RegistrationStatus.ABSENT)
                if past
                else RegistrationStatus.CONFIRMED
            )
            first = rng.choice(FIRST_NAMES)
            people.append(
                Registration(
                    workshop=workshop, first_name=first, last_name=f"{rng.choice(LAST_INITIALS)}.",
                    email=f"{first.lower()}.{workshop.pk}.{index}@exemple.fr" if rng.random() < 0.6 else "",
                    status=status, consent_at=now,
                )
            )  # fmt: skip
    Registration.objects.bulk_create(people, batch_size=5000)
    return len(sessions), len(people)


def _reports(rng, advisors, places) -> tuple[int, int]:
    """REPORTS reports spread over the advisors (by seniority) and the last MONTHS months (by season);
    returns (reports, rollup rows)."""
    today = timezone.localdate()
    first_day = today - timedelta(days=30 * MONTHS)
    days = [first_day + timedelta(days=n) for n in range((today - first_day).days + 1)]
    day_weights = [0 if day.weekday() == 6 else SEASON[day.month] * (0.5 if day.weekday() == 5 else 1) for day in days]
    working = [(advisor, max(first_day, advisor.hired_on)) for advisor in advisors if advisor.hired_on <= today]
    advisor_weights = [(today - start).days + 1 for _advisor, start in working]
    reports = scaled(REPORTS)
    picked_days = rng.choices(days, weights=day_weights, k=reports)
    picked_advisors = rng.choices(range(len(working)), weights=advisor_weights, k=reports)
    generated = []
    picked = zip(picked_advisors, picked_days, strict=True)
    for advisor_index, day in progress(picked, "Comptes rendus d'activité", total=reports):
        advisor, start = working[advisor_index]
        if day < start:
            day = start + timedelta(days=rng.randint(0, (today - start).days))
        generated.append(_report(rng, advisor, places[advisor.pk], day))
    insert_all(ActivityReport, progress(generated, "Enregistrement des comptes rendus"))
    return len(generated), _rollups(generated)


def _rollups(reports) -> int:
    """The rollup rows of `reports` (just inserted), each report counted by `rollups.contribution` as a live
    update counts it, inserted by `insert_all`: rollups.bulk_build's rows, in a fraction of its time (it adds
    to rows that may exist; on a fresh demo none does, else it does the work). Returns the daily rows."""
    if ActivityRollup.objects.exists() or DepartementRollup.objects.exists():
        return rollups.bulk_build(reports)
    daily: dict[rollups.RollupKey, dict[str, int]] = {}
    for report in progress(reports, "Agrégats quotidiens"):
        key, counts = rollups.contribution(report)
        _add_to(daily.setdefault(key, {}), counts)
    communes = {key.commune_id for key in daily}
    departements = dict(Commune.objects.filter(pk__in=communes).values_list("pk", "departement_id"))
    by_day: dict[rollups.DepartementKey, dict[str, int]] = {}
    for key, counts in daily.items():
        _add_to(by_day.setdefault(rollups.DepartementKey(key.date, departements[key.commune_id], key.kind), {}), counts)
    by_month: dict[rollups.MonthKey, dict[str, int]] = {}
    for key, counts in by_day.items():
        _add_to(by_month.setdefault(key.month(), {}), counts)
    insert_all(
        ActivityRollup,
        ({**key.lookup(), "departement_id": departements[key.commune_id], **row} for key, row in daily.items()),
    )
    insert_all(DepartementRollup, ({**key.lookup(), **row} for key, row in by_day.items()))
    insert_all(DepartementMonthRollup, ({**key.lookup(), **row} for key, row in by_month.items()))
    return len(daily)


def _add_to(total: dict[str, int], counts: dict[str, int]) -> None:
    for column, value in counts.items():
        total[column] = total.get(column, 0) + value


def _split(rng, total: int, weights: dict) -> dict:
    counts = dict.fromkeys(weights, 0)
    for value in _pick(rng, weights, k=total):
        counts[value] += 1
    return counts


def _report(rng, advisor, places, day) -> ActivityReport:
    kind = _pick(rng, KINDS)[0]
    location = Location.PLACE if kind == ReportKind.WORKSHOP else _pick(rng, LOCATIONS)[0]
    place = rng.choice(places) if location == Location.PLACE else None
    participants = rng.randint(3, 12) if kind == ReportKind.WORKSHOP else 1
    themes = _distinct(rng, THEMES, rng.choices([1, 2, 3], weights=[55, 35, 10])[0])
    administrative = _distinct(rng, ADMINISTRATIVE, rng.choice([1, 1, 2])) if Theme.ADMINISTRATIVE in themes else []
    ages = _split(rng, participants, AGES)
    seniors = ages[AgeBand.FROM_60_TO_69] + ages[AgeBand.OVER_70]
    young = ages[AgeBand.UNDER_12] + ages[AgeBand.FROM_12_TO_17]
    statuses = {SocialStatus.RETIRED: seniors, SocialStatus.PUPIL: young}
    others = _split(rng, participants - seniors - young, OTHER_STATUSES)
    redirected = rng.random() < 0.08
    duration = rng.choice([90, 120]) if kind == ReportKind.WORKSHOP else _pick(rng, DURATIONS)[0]
    # Trusted values (they keep every rule): the typed input directly, without the parser's queries.
    values = ReportInput(
        date=day, kind=kind, location=location, place=place,
        commune=place.commune if place else advisor.structure.commune, duration_minutes=duration,
        participants=participants, returning_participants=rng.randint(0, participants) if rng.random() < 0.45 else 0,
        ages={f"age_{band}": count for band, count in ages.items()},
        statuses={f"status_{status}": statuses.get(status, 0) + others.get(status, 0) for status in SocialStatus},
        themes=themes, administrative_themes=administrative, equipment=_distinct(rng, EQUIPMENT, 1),
        autonomy=rng.choice(Autonomy.values) if kind == ReportKind.INDIVIDUAL else "",
        redirections=[rng.choice(Redirection.values)] if redirected else [],
        followup_individual=int(rng.random() < 0.25) if participants == 1 else rng.randint(0, 2),
        followup_workshop=int(rng.random() < 0.1), followup_redirected=min(participants, int(redirected)),
    )  # fmt: skip
    columns = values.columns()
    # Ids rather than instances: the report is only inserted and counted (a fifth of the time of a report).
    place, commune, workshop = columns.pop("place"), columns.pop("commune"), columns.pop("workshop")
    return ActivityReport(
        advisor_id=advisor.pk, structure_id=advisor.structure_id, place_id=place.pk if place else None,
        commune_id=commune.pk, workshop_id=workshop.pk if workshop else None, **columns,
    )  # fmt: skip
