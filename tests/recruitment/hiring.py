"""Advisors made through the real path (match → contract → national validation), for the tests that need them."""

from datetime import date
from decimal import Decimal

from conum.recruitment import contracts
from conum.recruitment.models import Advisor, Match
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
