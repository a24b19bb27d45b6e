"""Demo data: about 300 host structures across France, in every status, built through the workflow
(so quotas and the envelope hold), with opinions from regional prefecture accounts, committee
decisions, subsidy agreements and payments."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from stdnum import luhn

from conum.accounts.models import User
from conum.core.demo import national_staff, once, progress, quiet_emails, scaled
from conum.core.formatting import plural, plural_word
from conum.core.french import de
from conum.core.roles import Role
from conum.programme import services as programme
from conum.programme.models import DepartementQuota
from conum.territories.models import Commune, Departement, Region

from . import subsidies, workflow
from .digest import send_prefecture_digests
from .enums import UNDECIDED_STATUSES, ApplicationStatus, NationalNetwork, StructureType, Verdict
from .models import HostStructure, PrefectOpinion, StructureApplication, StructureMembership
from .queues import departement_figures
from .quota_left import quota_left

STRUCTURES = 300  # times CONUM_DEMO_SCALE (conum/core/demo.py)
# (status, share)
STATUSES = [
    ("validated", 0.62),
    ("submitted", 0.12),
    ("opinion_given", 0.10),
    ("further_review", 0.05),
    ("refused", 0.08),
    ("cancelled", 0.02),
    ("duplicate", 0.01),
    ("abandoned", 0.02),
]
# The demo's statuses as the summary line says them ("opinion_given": submitted, with the prefecture's opinion).
STATUS_LABELS = {
    "validated": ("validée", "validées"),
    "submitted": ("déposée", "déposées"),
    "opinion_given": ("avec l'avis du préfet", "avec l'avis du préfet"),
    "further_review": ("en examen complémentaire", "en examen complémentaire"),
    "refused": ("refusée", "refusées"),
    "cancelled": ("annulée", "annulées"),
    "duplicate": ("doublon", "doublons"),
    "abandoned": ("abandonnée", "abandonnées"),
    "full": ("déposée (dotation ou enveloppe pleine)", "déposées (dotation ou enveloppe pleine)"),
}
# Haute-Vienne, where the demo accounts work, holds a fifth of the demo's structures with the other two
# départements of the Limousin: its quota is raised past what the demo grants and asks, so that the committee
# can still validate there (posts moved from the département with most posts left).
ROOM_DEPARTEMENT = "87"
ROOM_POSTS = 10
TYPES = [
    (StructureType.COMMUNE, 0.45),
    (StructureType.EPCI, 0.15),
    (StructureType.PRIVATE, 0.28),
    (StructureType.DEPARTEMENT, 0.05),
    (StructureType.GIP, 0.03),
    (StructureType.REGION, 0.02),
    (StructureType.SPECIAL_STATUS, 0.02),
]
PRIVATE_NAMES = ["Association Numérique pour tous", "Espace de vie sociale", "Tiers-lieu", "Centre social", "Fablab"]
FIRST_NAMES = ["Camille", "Dominique", "Claude", "Sacha", "Alix", "Morgane", "Yanis", "Léa", "Hugo", "Inès"]
LAST_NAMES = ["Martin", "Bernard", "Petit", "Robert", "Richard", "Durand", "Moreau", "Laurent", "Simon", "Michel"]
COMMENTS = [
    "Projet cohérent avec le schéma départemental d'inclusion numérique.",
    "Territoire rural peu couvert, besoin avéré.",
    "Structure déjà engagée dans l'accompagnement aux démarches en ligne.",
    "Projet à préciser : publics et lieux d'intervention peu décrits.",
]


def _siret(n: int) -> str:
    siren = f"{n:08d}" + luhn.calc_check_digit(f"{n:08d}")
    body = siren + "0001"
    return body + luhn.calc_check_digit(body)


def _pick(rng, weighted):
    return rng.choices([value for value, _ in weighted], weights=[share for _, share in weighted])[0]


def _name(structure_type, commune, rng):
    match structure_type:
        case StructureType.COMMUNE:
            return f"Mairie {de(commune)}"
        case StructureType.EPCI:
            return commune.epci.name if commune.epci else f"Communauté de communes {de(commune)}"
        case StructureType.DEPARTEMENT:
            return f"Conseil départemental {de(commune.departement)}"
        case StructureType.REGION:
            return f"Région — antenne {de(commune)}"
        case StructureType.GIP:
            return f"GIP e-services {commune.departement.name}"
        case StructureType.SPECIAL_STATUS:
            return f"Collectivité — {commune.name}"
        case _:
            return f"{rng.choice(PRIVATE_NAMES)} {commune.name}"


def _regional_agents() -> dict[str, User]:
    """One prefecture account per région (not printed: the demo prints one account per role)."""
    agents = {}
    for region in Region.objects.all():
        email = f"prefecture-region-{region.code}@demo.conum.fr"
        agent = User.objects.filter(email=email).first() or User.objects.create_user(
            email, None, role=Role.PREFECTURE_AGENT, region=region, first_name="Agent", last_name=region.name
        )
        agents[region.code] = agent
    return agents


def _communes(rng) -> list[Commune]:
    """Communes weighted by population, a fifth of them in Haute-Vienne, Corrèze and Creuse."""
    candidates = list(
        Commune.objects.with_coordinates()
        .filter(population__gte=1500, departement__region__isnull=False)
        .select_related("departement", "epci")
    )
    local = [c for c in candidates if c.departement_id in ("87", "19", "23")]
    rest = [c for c in candidates if c.departement_id not in ("87", "19", "23")]
    structures = scaled(STRUCTURES)
    chosen = rng.sample(local, k=min(len(local), structures // 5))
    chosen += rng.choices(rest, weights=[c.population for c in rest], k=structures - len(chosen))
    return chosen


@once(HostStructure, "Structures déjà présentes")
def populate(out):
    rng = random.Random(2026)
    staff = national_staff()
    agents = _regional_agents()
    communes = _communes(rng)
    today = date.today()
    # Committees held every month of the past year.
    committees = [(f"COSELEC-{n}", today - timedelta(days=30 * (13 - n))) for n in range(1, 14)]
    counts = {}
    # E-mails of the workflow are not printed during the set-up.
    with quiet_emails():
        for index, commune in enumerate(progress(communes, "Structures de démonstration")):
            status = _pick(rng, STATUSES)
            application = _create(rng, index, commune, today, recent=status == "submitted" and rng.random() < 0.15)
            try:
                with transaction.atomic():
                    _advance(rng, index, application, status, staff, agents, committees)
            except workflow.RuleViolation:
                status = "full"
            counts[status] = counts.get(status, 0) + 1
        digests = send_prefecture_digests()
    _attach_demo_manager()
    by_count = sorted(counts.items(), key=lambda item: -item[1])
    summary = ", ".join(f"{n} {plural_word(n, *STATUS_LABELS[status])}" for status, n in by_count)
    out.write(f"✓ Structures de démonstration : {len(communes)} ({summary})")
    out.write(
        f"✓ Récapitulatif quotidien des préfectures : {plural(digests, 'e-mail')} "
        "(uv run conum send_prefecture_digests les affiche)"
    )
    out.write(f"✓ {_leave_room(staff)}")


def _create(rng, index, commune, today, recent=False) -> StructureApplication:
    structure_type = _pick(rng, TYPES)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    structure = HostStructure.objects.create(
        siret=_siret(21000000 + index * 7),
        name=_name(structure_type, commune, rng),
        type=structure_type,
        address=f"{rng.randint(1, 80)} rue de la République",
        commune=commune,
        contact_first_name=first,
        contact_last_name=last,
        contact_role=rng.choice(["Maire adjoint·e", "Directeur·rice", "Responsable numérique", "Président·e"]),
        contact_email=f"contact{index}@structure-demo.fr",
        contact_phone=f"+3355{rng.randint(1000000, 9999999)}",
        zrr=commune.population < 5000 and rng.random() < 0.6,
        qpv=commune.population > 30000 and rng.random() < 0.4,
        france_services=rng.random() < 0.2,
        network=rng.choice(NationalNetwork.values)
        if structure_type == StructureType.PRIVATE and rng.random() < 0.3
        else "",
    )
    posts = rng.choices([1, 2, 3, 4, 6], weights=[20, 30, 20, 15, 15])[0]
    application = StructureApplication.objects.create(
        structure=structure,
        posts_requested=posts,
        mission_start=today + timedelta(days=rng.randint(15, 120)),
        motivation="Accompagner les habitants dans leurs usages du numérique : démarches en ligne, "
        "smartphone, messagerie, recherche d'emploi, avec des ateliers réguliers et des permanences.",
        commitments_accepted_at=timezone.now(),
    )
    # A few arrived in the last hours: the prefectures' daily digest has something to say.
    age = timedelta(hours=rng.randint(1, 20)) if recent else timedelta(days=rng.randint(5, 360))
    submitted_at = timezone.now() - age
    StructureApplication.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
    return application


def _advance(rng, index, application, status, staff, agents, committees):
    """Take the application through the workflow up to `status`."""
    commune, posts = application.structure.commune, application.posts_requested
    if status in ("submitted", "abandoned"):
        if status == "abandoned":
            StructureApplication.objects.filter(pk=application.pk).update(status=ApplicationStatus.ABANDONED)
        return
    agent = agents[commune.departement.region_id]
    favourable = status not in ("refused",) and rng.random() < 0.9
    opinion = workflow.give_opinion(
        application,
        agent,
        Verdict.FAVOURABLE if favourable else Verdict.UNFAVOURABLE,
        max(1, posts - rng.choice([0, 0, 1])) if favourable else 0,
        rng.choice(COMMENTS),
    )
    # Dates follow each other: submission, opinion a few days later, the next committee, a payment a month on.
    submitted_on = StructureApplication.objects.values_list("submitted_at", flat=True).get(pk=application.pk)
    opinion_at = min(timezone.now(), submitted_on + timedelta(days=rng.randint(3, 20)))
    PrefectOpinion.objects.filter(pk=opinion.pk).update(created_at=opinion_at, updated_at=opinion_at)
    later = [(number, day) for number, day in committees if day >= opinion_at.date()]
    if status == "opinion_given" or not later:
        return
    number, committee_date = later[0]
    granted = opinion.posts_recommended or posts
    workflow.decide(application, staff, status, number, committee_date, posts=granted if status == "validated" else 0)
    StructureApplication.objects.filter(pk=application.pk).update(
        decided_at=timezone.make_aware(datetime.combine(committee_date, time(18)))
    )
    paid_on = committee_date + timedelta(days=30)
    if status == "validated" and paid_on <= date.today() and rng.random() < 0.6:
        agreement = application.agreement
        half = (agreement.amount_eur / 2).quantize(Decimal("0.01"))
        subsidies.record_payment(agreement, staff, paid_on, half, f"MANDAT-{index:04d}")


def _attach_demo_manager():
    """The demo structure account manages a validated structure of Haute-Vienne (the one with most posts)."""
    manager = User.objects.filter(email="structure@demo.conum.fr").first()
    application = (
        StructureApplication.objects.filter(status="validated", structure__departement="87")
        .filter(~Q(structure__type=StructureType.PRIVATE))
        .select_related("structure")
        .order_by("-posts_granted", "pk")
        .first()
    )
    if manager and application:
        StructureMembership.objects.get_or_create(structure=application.structure, user=manager)


def _leave_room(staff) -> str:
    """Raise Haute-Vienne's quota to ROOM_POSTS past the posts granted and asked for there, with posts of the
    département that has most left; say what is left."""
    codes = DepartementQuota.objects.values_list("departement", flat=True)
    figures = {line["code"]: line for line in departement_figures(codes)}
    here = figures.pop(ROOM_DEPARTEMENT)
    waiting = StructureApplication.objects.filter(
        structure__departement=ROOM_DEPARTEMENT, status__in=UNDECIDED_STATUSES
    ).prefetch_related("opinions")
    asked = sum(workflow.posts_for_batch(application) for application in waiting)
    missing = here["granted"] + asked + ROOM_POSTS - here["quota"]
    departement = Departement.objects.get(code=ROOM_DEPARTEMENT)
    moved = ""
    donor = max(figures.values(), key=lambda line: line["available"])
    missing = min(missing, donor["available"])
    if missing > 0:
        donor_departement = Departement.objects.get(code=donor["code"])
        programme.set_quota(donor_departement, donor["quota"] - missing, staff)
        programme.set_quota(departement, here["quota"] + missing, staff)
        moved = f", {plural(missing, 'poste')} pris sur la dotation {de(donor_departement)}"
    return f"{quota_left(departement)} (dont {asked} demandés par les candidatures en attente{moved})"
