from datetime import date

import pytest

from conum.structures.models import StructureMembership
from tests.factories import ApplicationFactory

COMMITTEE = {"committee_number": "COSELEC-12", "committee_date": date(2026, 11, 20)}


@pytest.fixture
def application(programme, structure_manager):
    """An application of a public structure in Haute-Vienne (quota 36), managed by `structure_manager`."""
    application = ApplicationFactory()
    StructureMembership.objects.create(structure=application.structure, user=structure_manager)
    return application


@pytest.fixture
def other_application(programme, other_structure_manager):
    """An application in Creuse, managed by another structure's manager."""
    application = ApplicationFactory(structure__in_creuse=True)
    StructureMembership.objects.create(structure=application.structure, user=other_structure_manager)
    return application
