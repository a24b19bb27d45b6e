import pytest

from conum.programme.models import DepartementQuota, ProgrammeParameters
from conum.programme.setup import load_programme_defaults
from conum.territories.loader import load_territories

from .factories import UserFactory

# Haute-Vienne, Corrèze, Creuse: the programme's announcement examples, about 750 communes.
TEST_DEPARTEMENTS = ["87", "19", "23"]


@pytest.fixture
def territories(db):
    """Régions, départements and EPCI of all France; communes of three départements (fast)."""
    load_territories(departements=TEST_DEPARTEMENTS)


@pytest.fixture
def programme(territories):
    """Default parameters, and small quotas on the three test départements."""
    load_programme_defaults(with_quotas=False)
    DepartementQuota.objects.bulk_create(
        [DepartementQuota(departement_id=code, posts=posts) for code, posts in {"87": 36, "19": 22, "23": 14}.items()]
    )
    return ProgrammeParameters.current()


# Personas: one per role, and outsiders of another territory.
@pytest.fixture
def national_staff(db):
    return UserFactory(national_staff=True, email="national@anct.example")


@pytest.fixture
def prefecture_agent(territories):
    return UserFactory(prefecture_agent=True, departement_id="87", email="prefecture87@interieur.example")


@pytest.fixture
def other_prefecture_agent(territories):
    return UserFactory(prefecture_agent=True, departement_id="23", email="prefecture23@interieur.example")


@pytest.fixture
def regional_prefecture_agent(territories):
    return UserFactory(prefecture_agent=True, departement_id=None, region_id="75", email="sgar75@interieur.example")


@pytest.fixture
def structure_manager(db):
    return UserFactory(structure_manager=True, email="mairie@exemple.fr")


@pytest.fixture
def other_structure_manager(db):
    return UserFactory(structure_manager=True, email="autre-mairie@exemple.fr")


@pytest.fixture
def advisor(db):
    return UserFactory(advisor=True, email="conseiller@exemple.fr")


@pytest.fixture
def coordinator(db):
    return UserFactory(coordinator=True, email="coordinateur@exemple.fr")


@pytest.fixture
def candidate(db):
    return UserFactory(candidate=True, email="candidat@exemple.fr")
