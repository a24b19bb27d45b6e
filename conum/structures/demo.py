"""Demo data: about 300 host structures across France, in every status, built through the workflow
(so quotas and the envelope hold), with opinions from regional prefecture accounts, committee
decisions, subsidy agreements and payments."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone
from stdnum import luhn
from tqdm import tqdm

from conum.accounts.models import User
from conum.core.demo import scaled
from conum.core.roles import Role
from conum.territories.models import Commune, Region

from . import subsidies, workflow
from .digest import send_prefecture_digests
from .enums import ApplicationStatus, NationalNetwork, StructureType, Verdict
from .models import HostStructure, PrefectOpinion, StructureApplication, StructureMembership

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
            return f"Mairie de {commune.name}"
        case StructureType.EPCI:
            return commune.epci.name if commune.epci else f"Communauté de communes de {commune.name}"
        case StructureType.DEPARTEMENT:
            return f"Conseil départemental — {commune.departement.name}"
        case StructureType.REGION:
            return f"Région — antenne de {commune.name}"
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


def populate(out):
    if HostStructure.objects.exists():
        out.write(f"✓ Structures déjà présentes ({HostStructure.objects.count()})")
        return
    rng = random.Random(2026)
    staff = User.objects.get(email="equipe-nationale@demo.conum.fr")
    agents = _regional_agents()
    communes = _communes(rng)
    today = date.today()
    # Committees held every month of the past year.
    committees = [(f"COSELEC-{n}", today - timedelta(days=30 * (13 - n))) for n in range(1, 14)]
    counts = {}
    # E-mails of the workflow are not printed during the set-up.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for index, commune in enumerate(tqdm(communes, desc="Structures de démonstration", unit=" structures")):
            status = _pick(rng, STATUSES)
            application = _create(rng, index, commune, today, recent=status == "submitted" and rng.random() < 0.15)
            try:
                with transaction.atomic():
                    _advance(rng, index, application, status, staff, agents, committees)
            except workflow.RuleViolation:
                status = "submitted (dotation ou enveloppe pleine)"
            counts[status] = counts.get(status, 0) + 1
    _attach_demo_manager()
    out.write(f"✓ Récapitulatif quotidien des préfectures : {send_prefecture_digests()} e-mail(s) (affichés ci-dessus)")
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    out.write(f"✓ Structures de démonstration : {len(communes)} ({summary})")


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
