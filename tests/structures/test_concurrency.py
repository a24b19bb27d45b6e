"""Quota and envelope under concurrent committee decisions, on PostgreSQL (row locks)."""

from decimal import Decimal

import pytest
from django.db import connection

from conum.programme.models import DepartementQuota, ProgrammeParameters
from conum.structures import workflow
from conum.structures.enums import ApplicationStatus
from conum.structures.models import StructureApplication, SubsidyAgreement
from tests.factories import ApplicationFactory
from tests.helpers import run_concurrently

from .conftest import COMMITTEE

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _grant_one(application, staff):
    return lambda: workflow.decide(application, staff, ApplicationStatus.VALIDATED, posts=1, **COMMITTEE)


def test_twenty_grants_with_five_posts_left(programme, national_staff):
    DepartementQuota.objects.filter(departement="87").update(posts=7)
    workflow.decide(ApplicationFactory(), national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    applications = [ApplicationFactory(posts_requested=1) for _ in range(20)]
    outcomes = run_concurrently(*[_grant_one(application, national_staff) for application in applications])
    assert outcomes.count("saved") == 5 and outcomes.count("refused") == 15
    assert StructureApplication.objects.filter(structure__departement="87").granted_posts() == 7
    assert StructureApplication.objects.filter(pk__in=[a.pk for a in applications], status="validated").count() == 5


def test_concurrent_grants_never_exceed_the_envelope(programme, national_staff):
    ProgrammeParameters.objects.filter(pk=1).update(envelope_eur=Decimal("250000"))  # five posts at 50,000 €
    applications = [ApplicationFactory(posts_requested=1) for _ in range(10)]
    outcomes = run_concurrently(*[_grant_one(application, national_staff) for application in applications])
    assert outcomes.count("saved") == 5
    assert SubsidyAgreement.objects.committed() == Decimal("250000")
