"""Demo data: contracts, advisors, renewals, breaks and training records, made through the real workflow.

Every structure's contact gets a manager account, structures shortlist their nearest candidates and record
contracts; the national team validates most of them. Hiring dates spread over the last two years, so that
training and certification states look like a programme in its second year.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Case, Q, When
from django.utils import timezone

from conum.accounts.models import User
from conum.core.dates import add_months
from conum.core.demo import national_staff, once, progress, quiet_emails
from conum.core.errors import RuleViolation
from conum.core.roles import Role
from conum.programme.models import TrainingTrack
from conum.recruitment import breaks, contracts
from conum.recruitment.enums import BreakReason, ContractType, MatchStatus
from conum.recruitment.models import Advisor, Candidate, Match
from conum.structures.enums import ApplicationStatus
from conum.structures.models import StructureApplication, StructureMembership

FILL_RATE = 1.0  # share of granted posts filled with a validated contract
PENDING_CONTRACTS = 25
DEMO_ADVISOR_EMAIL = "conseiller@demo.conum.fr"
DEMO_COORDINATOR_EMAIL = "coordinateur@demo.conum.fr"
DEMO_STRUCTURE_EMAIL = "structure@demo.conum.fr"
DEMO_TEAM_SIZE = 8  # advisors the demo coordinator follows


@once(Advisor, "Conseillers déjà présents")
def populate(out):
    rng = random.Random(2028)
    staff = national_staff()
    managers = _structure_managers()
    counts = {"validated": 0, "proposed": 0, "refused": 0}
    with quiet_emails():
        demo_structure = _hire_demo_advisor(managers, staff)
        # The demo structure account keeps its other posts open, with candidates to shortlist.
        applications = list(
            StructureApplication.objects.filter(status=ApplicationStatus.VALIDATED)
            .exclude(structure=demo_structure)
            .select_related("structure")
        )
        rng.shuffle(applications)
        for application in progress(applications, "Contrats de démonstration"):
            manager = managers[application.structure_id]
            to_fill = round(application.posts_granted * FILL_RATE + rng.uniform(-0.5, 0.5))
            for match in _nearest_open_matches(application, to_fill):
                outcome = _contract(rng, match, manager, staff, pending=counts["proposed"] < PENDING_CONTRACTS)
                if outcome:
                    counts[outcome] += 1
        renewals = _renewals(rng, managers, staff)
        declared = _breaks(rng, managers, staff)
    trained = _training(rng)
    _follow_by_demo_coordinator()
    out.write(
        f"✓ Contrats de démonstration : {counts['validated']} validés, {counts['proposed']} à valider, "
        f"{counts['refused']} refusés, {renewals} renouvellements à valider ; {declared} ruptures ; "
        f"{Advisor.objects.in_post().count()} conseillers en poste ({trained} avec une formation renseignée)"
    )


def _follow_by_demo_coordinator() -> None:
    """The demo coordinator follows the demo advisor and the advisors in post nearest to it: in Haute-Vienne,
    then in Nouvelle-Aquitaine, then elsewhere (a reduced demo has few advisors per département)."""
    coordinator = User.objects.filter(email=DEMO_COORDINATOR_EMAIL).first()
    if coordinator is None:
        return
    nearest = Case(When(structure__departement="87", then=0), When(structure__departement__region="75", then=1),
                   default=2)  # fmt: skip
    others = Advisor.objects.in_post().exclude(user__email=DEMO_ADVISOR_EMAIL).order_by(nearest, "pk")
    chosen = list(others.values_list("pk", flat=True)[: DEMO_TEAM_SIZE - 1])
    Advisor.objects.filter(Q(user__email=DEMO_ADVISOR_EMAIL) | Q(pk__in=chosen)).update(coordinator=coordinator)


def _structure_managers() -> dict[int, User]:
    """Each validated structure's contact has an account (the demo structure account keeps its own)."""
    applications = StructureApplication.objects.filter(status=ApplicationStatus.VALIDATED).select_related("structure")
    managers = {m.structure_id: m.user for m in StructureMembership.objects.select_related("user")}
    unusable = make_password(None)
    for application in applications:
        structure = application.structure
        if structure.pk not in managers:
            user = User.objects.create(
                email=structure.contact_email.lower(),
                role=Role.STRUCTURE_MANAGER,
                first_name=structure.contact_first_name,
                last_name=structure.contact_last_name,
                password=unusable,
            )
            StructureMembership.objects.create(structure=structure, user=user)
            managers[structure.pk] = user
    return managers


def _nearest_open_matches(application, count):
    if count <= 0:
        return []
    return list(
        application.matches.filter(status__in=[MatchStatus.NEW, MatchStatus.SHORTLISTED])
        .select_related("candidate", "application__structure")
        .order_by("distance_km")[:count]
    )


def _account_for(candidate) -> User:
    user = User.objects.create(
        email=candidate.email, role=Role.CANDIDATE, first_name=candidate.first_name, last_name=candidate.last_name
    )
    Candidate.objects.filter(pk=candidate.pk).update(user=user)
    candidate.user = user
    return user


def _contract(rng, match, manager, staff, pending) -> str | None:
    """Shortlist, record a contract, and (mostly) validate it. Returns what happened, or None if refused."""
    today = timezone.localdate()
    start = today - timedelta(days=rng.randint(-20, 700))
    start = max(start, date(2024, 1, 1))
    hours = Decimal(rng.choice([35, 35, 35, 35, 28, 24]))
    minimum, _wage, _legal = contracts.minimum_salary(start, hours)
    salary = (minimum * Decimal(rng.uniform(1.0, 1.18))).quantize(Decimal("0.01"))
    is_public = match.application.structure.is_public
    kind = ContractType.CDD if is_public else rng.choice([ContractType.CDI, ContractType.CDD, ContractType.PEC])
    end = None if kind == ContractType.CDI or is_public else add_months(start, 24)
    try:
        with transaction.atomic():
            if match.status != MatchStatus.SHORTLISTED:
                Match.objects.filter(pk=match.pk).update(status=MatchStatus.SHORTLISTED)
                match.status = MatchStatus.SHORTLISTED
            if match.candidate.user_id is None:
                _account_for(match.candidate)
            contract = contracts.record_contract(match, manager, kind, start, hours, salary, end_date=end)
            if pending and rng.random() < 0.1:
                return "proposed"
            if rng.random() < 0.02:
                contracts.decide_contract(contract, staff, validate=False, reason="Salaire et durée à revoir.")
                return "refused"
            contracts.decide_contract(contract, staff, validate=True)
            return "validated"
    except RuleViolation:  # hired elsewhere in the meantime, or no post left
        return None


def _hire_demo_advisor(managers, staff):
    """The demo advisor account works for the demo structure account's structure, in Haute-Vienne."""
    user = User.objects.filter(email=DEMO_ADVISOR_EMAIL).first()
    manager = User.objects.filter(email=DEMO_STRUCTURE_EMAIL).first()
    membership = StructureMembership.objects.filter(user=manager).select_related("structure").first()
    if not (user and membership):
        return None
    application = membership.structure.applications.filter(status=ApplicationStatus.VALIDATED).first()
    structure = membership.structure
    candidate = Candidate.objects.create(
        user=user, first_name=user.first_name, last_name=user.last_name, email=user.email, phone="+33612345678",
        commune_id=structure.commune_id, mobility_km=20, available_from=date(2025, 1, 1), job_seeker=True,
        motivation="Accompagner les habitants vers l'autonomie numérique.", email_confirmed_at=timezone.now(),
    )  # fmt: skip
    match = Match.objects.create(
        candidate=candidate, application=application, status=MatchStatus.SHORTLISTED, distance_km=Decimal("4.2")
    )
    contract = contracts.record_contract(
        match, manager, ContractType.CDD, date(2025, 3, 3), Decimal(35), Decimal("1850.00")
    )
    contracts.decide_contract(contract, staff, validate=True)
    Advisor.objects.filter(match=match).update(
        positioning_score=62, positioning_date=date(2025, 2, 24), training_track=TrainingTrack.for_score(62),
        training_planned_start=date(2025, 3, 10), training_planned_end=date(2025, 4, 18),
        training_start=date(2025, 3, 10), training_end=date(2025, 4, 18), training_completed=True,
        ccp1_certified_on=date(2025, 6, 19), pix_certified_on=date(2025, 4, 11),
    )  # fmt: skip
    return structure


def _renewals(rng, managers, staff) -> int:
    """A few structures renew a contract that ends soon; the national team has not validated yet."""
    today = timezone.localdate()
    ending = Advisor.objects.in_post().filter(match__contracts__end_date__lte=today + timedelta(days=90))
    renewed = 0
    for advisor in ending.select_related("match__application__structure").distinct()[:12]:
        current = advisor.match.contracts.order_by("-start_date").first()
        start = (current.end_date or today) + timedelta(days=1)
        hours = current.weekly_hours
        salary = max(current.gross_monthly_salary, contracts.minimum_salary(start, hours)[0])
        try:
            contracts.record_contract(
                advisor.match, managers[advisor.structure_id], ContractType.CDI, start, hours, salary
            )
            renewed += 1
        except RuleViolation:
            continue
    return renewed


def _breaks(rng, managers, staff) -> int:
    today = timezone.localdate()
    advisors = list(Advisor.objects.in_post().exclude(user__email=DEMO_ADVISOR_EMAIL).select_related("match"))
    rng.shuffle(advisors)
    declared = 0
    for index, advisor in enumerate(advisors[: max(1, len(advisors) // 15)]):
        when = today + timedelta(days=rng.randint(-60, 45))
        reason = rng.choice([r for r in BreakReason.values if r != BreakReason.OTHER])
        try:
            contract_break = breaks.declare_break(advisor.match, managers[advisor.structure_id], when, reason)
        except RuleViolation:  # a break before the contract started
            continue
        declared += 1
        if index % 3:
            breaks.decide_break(contract_break, staff, validate=True)
    return declared


def _training(rng) -> int:
    """Older hires have finished (and often passed) their training; recent ones are still being positioned."""
    today = timezone.localdate()
    tracks = list(TrainingTrack.objects.order_by("min_score"))
    updated = []
    for advisor in Advisor.objects.exclude(user__email=DEMO_ADVISOR_EMAIL):
        months = (today - advisor.hired_on).days / 30
        if months < 0.3 and rng.random() < 0.7:
            continue  # not positioned yet
        score = rng.randint(5, 95)
        advisor.positioning_score, advisor.positioning_date = (
            score,
            advisor.hired_on - timedelta(days=rng.randint(3, 10)),
        )
        advisor.training_track = max(
            (t for t in tracks if t.min_score <= score), key=lambda t: t.min_score, default=None
        )
        late = rng.random() < 0.1
        start = advisor.hired_on + timedelta(days=rng.randint(16, 45) if late else rng.randint(3, 14))
        advisor.training_planned_start = start
        weeks = (advisor.training_track.hours if advisor.training_track else 210) // 35
        advisor.training_planned_end = start + timedelta(weeks=weeks)
        if start <= today:
            advisor.training_start = start
            if advisor.training_planned_end < today:
                advisor.training_end, advisor.training_completed = advisor.training_planned_end, True
                if rng.random() < 0.7:
                    advisor.ccp1_certified_on = advisor.training_end + timedelta(days=rng.randint(10, 60))
                    advisor.ccp1_certified_on = min(advisor.ccp1_certified_on, today)
                if rng.random() < 0.5:
                    advisor.pix_certified_on = advisor.training_end - timedelta(days=rng.randint(0, 20))
        updated.append(advisor)
    Advisor.objects.bulk_update(
        updated,
        [
            "positioning_score", "positioning_date", "training_track", "training_planned_start",
            "training_planned_end", "training_start", "training_end", "training_completed", "ccp1_certified_on",
            "pix_certified_on",
        ],
        batch_size=500,
    )  # fmt: skip
    return len(updated)
