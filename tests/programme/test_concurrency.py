"""Invariants under concurrent requests, on the real engine (PostgreSQL row locks)."""

import pytest
from django.db import connection

from conum.programme import services
from conum.programme.models import DepartementQuota, ProgrammeParameters
from conum.territories.models import Departement
from tests.helpers import run_concurrently

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_two_quota_edits_cannot_together_exceed_the_target(programme, national_staff):
    ProgrammeParameters.objects.filter(pk=1).update(national_target_posts=100)  # 72 posts already given
    corse_du_sud, haute_corse = Departement.objects.get(code="2A"), Departement.objects.get(code="2B")
    outcomes = run_concurrently(
        lambda: services.set_quota(corse_du_sud, 20, by=national_staff),
        lambda: services.set_quota(haute_corse, 20, by=national_staff),
    )
    assert outcomes == ["refused", "saved"]
    assert DepartementQuota.objects.total() == 92


@pytest.mark.django_db(transaction=True)
def test_lowering_the_target_while_a_quota_grows_keeps_the_invariant(programme, national_staff):
    haute_vienne = Departement.objects.get(code="87")
    outcomes = run_concurrently(
        lambda: services.set_quota(haute_vienne, 64, by=national_staff),  # total 100
        lambda: services.update_parameters({"national_target_posts": 80}, by=national_staff),
    )
    assert outcomes == ["refused", "saved"]
    assert DepartementQuota.objects.total() <= ProgrammeParameters.current().national_target_posts
