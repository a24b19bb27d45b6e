"""Advisors for the tests: `hire` goes through the real path (match → contract → national validation), for the
tests about hiring; `in_post` writes the same rows directly, for the tests that only need an advisor in post."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from conum.programme.models import ProgrammeParameters
from conum.recruitment import contracts
from conum.recruitment.enums import ContractStatus, ContractType, MatchStatus
from conum.recruitment.models import Advisor, Contract, Match
from conum.structures.models import StructureApplication, StructureMembership
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory


def validated_application(manager, commune="87085", posts=2):
    """A validated application of a structure in `commune` (Limoges by default), managed by `manager`."""
    application = ApplicationFactory(structure__commune_id=commune)
    StructureApplication.objects.filter(pk=application.pk).update(status="validated", posts_granted=posts)
    StructureMembership.objects.get_or_create(structure=application.structure, user=manager)
    return StructureApplication.objects.get(pk=application.pk)


def shortlisted(application, **candidate):
    person = CandidateFactory(**candidate)
    return Match.objects.create(candidate=person, application=application, status="shortlisted", distance_km=12)


def hire(application, manager, national_staff, start=date(2024, 1, 15), **candidate) -> Advisor:
    """A person with an account, hired on `application` with a validated CDI starting `start`."""
    email = candidate.pop("email", None)
    user = UserFactory(candidate=True, **({"email": email} if email else {}))
    match = shortlisted(application, user=user, email=user.email, **candidate)
    contract = contracts.record_contract(match, manager, "cdi", start, Decimal("35"), Decimal("1900"))
    contracts.decide_contract(contract, national_staff, validate=True)
    return Advisor.objects.get(match=match)


def in_post(application, manager, national_staff, start=date(2024, 1, 15), **candidate) -> Advisor:
    """The rows `hire` leaves (hired match, validated CDI from `start`, advisor account), without its checks,
    journal entries and welcome e-mail."""
    email = candidate.pop("email", None)
    user = UserFactory(advisor=True, **({"email": email} if email else {}))
    person = CandidateFactory(user=user, email=user.email, available=False, **candidate)
    match = Match.objects.create(candidate=person, application=application, status=MatchStatus.HIRED, distance_km=12)
    Contract.objects.create(
        match=match,
        type=ContractType.CDI,
        start_date=start,
        weekly_hours=Decimal("35"),
        gross_monthly_salary=Decimal("1900"),
        status=ContractStatus.VALIDATED,
        recorded_by=manager,
        decided_by=national_staff,
        decided_at=timezone.now(),
    )
    allowed = ProgrammeParameters.current().training_start_within_days
    return Advisor.objects.create(
        user=user,
        candidate=person,
        structure=application.structure,
        match=match,
        hired_on=start,
        training_due_by=start + timedelta(days=allowed),
    )
