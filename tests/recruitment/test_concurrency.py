"""hired + contract_proposed ≤ posts granted, under concurrent requests (PostgreSQL row locks)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from conum.recruitment import contracts
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import Match
from conum.structures.models import StructureApplication, StructureMembership
from tests.factories import ApplicationFactory, CandidateFactory
from tests.helpers import run_concurrently

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_ten_contracts_at_once_for_two_posts(programme, structure_manager):
    application = ApplicationFactory(structure__commune_id="87085")
    StructureApplication.objects.filter(pk=application.pk).update(status="validated", posts_granted=2)
    StructureMembership.objects.create(structure=application.structure, user=structure_manager)
    matches = [
        Match.objects.create(candidate=CandidateFactory(), application=application, status="shortlisted", distance_km=1)
        for _ in range(10)
    ]

    def record(match):
        return lambda: contracts.record_contract(
            match, structure_manager, "cdd", date(2026, 12, 1), Decimal("35"), Decimal("1900")
        )

    outcomes = run_concurrently(*[record(match) for match in matches])
    assert outcomes.count("saved") == 2 and outcomes.count("refused") == 8
    assert Match.objects.filter(application=application, status=MatchStatus.CONTRACT_PROPOSED).count() == 2
