import gc

import pytest
from django.db import connection

from conum.cli import create_local_folders
from conum.programme.models import DepartementQuota, ProgrammeParameters
from conum.programme.setup import load_programme_defaults
from conum.territories.loader import load_territories
from conum.territories.models import Commune, Departement, Epci, PostalCode, Region

from .factories import UserFactory
from .helpers import totp_device

# Haute-Vienne, Corrèze, Creuse: the programme's announcement examples, about 750 communes.
TEST_DEPARTEMENTS = ["87", "19", "23"]
# Children first: what `_no_territories_unless_asked` empties.
TERRITORY_MODELS = [PostalCode, Commune, Epci, Departement, Region]


def pytest_configure(config):
    # What the `conum` command does first: whitenoise warns (an error here) when STATIC_ROOT is missing.
    create_local_folders()


def pytest_collection_modifyitems(items):
    """The whole-system tests first (stable sort): each of their files holds an xdist worker for a while
    (--dist loadfile), so they start early and the quick tests fill in, rather than ending the run alone."""
    items.sort(key=lambda item: item.get_closest_marker("system") is None)
    # Django, the apps and every test module are loaded now: out of the collector's passes (tests/environment.py).
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with the `territories` (committed once, not once per test: about 0.3 s saved
    for each of the thousand tests that use them). Each test's transaction is rolled back, so they stay; a
    transactional test empties the database when it ends, and the next ones that use them load them again."""
    with django_db_blocker.unblock():
        load_territories(departements=TEST_DEPARTEMENTS)


@pytest.fixture(scope="session", autouse=True)
def _force_login_includes_the_second_factor():
    """`client.force_login(user)` means "already signed in", so for a role that requires a second factor it also
    verifies the session with the user's TOTP device (tests.helpers.totp_device), as the real code step does:
    the hundreds of tests of staff pages need not repeat it. The second-factor tests sign in through the real
    forms (client.post to the login and code pages), which this does not touch; so do the browser tests
    (tests/e2e/conftest.py's log_in types the device's code)."""
    from django.test.client import ClientMixin
    from django_otp import DEVICE_ID_SESSION_KEY

    force_login = ClientMixin.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        if getattr(user, "requires_second_factor", False):
            session = self.session  # what django_otp.login() stores once the code is right
            session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
            session.save()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ClientMixin, "force_login", force_login_verified)
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the public forms' rate limits count per client, and the test
    client is always 127.0.0.1, so counts left by earlier tests would refuse a later test's form."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def territories(db):
    """Régions, départements and EPCI of all France; communes of three départements (fast)."""
    if not Commune.objects.filter(departement__in=TEST_DEPARTEMENTS).exists():
        load_territories(departements=TEST_DEPARTEMENTS)


@pytest.fixture(autouse=True)
def _no_territories_unless_asked(request):
    """A test that does not ask for `territories` sees none, as if each test loaded them: the preloaded ones
    are deleted in its transaction (rolled back when it ends)."""
    fixtures = request.fixturenames
    if "territories" in fixtures:
        return
    if request.node.get_closest_marker("django_db") is None:  # else pytest-django's marker gave database access
        if "transactional_db" in fixtures or "live_server" in fixtures:
            request.getfixturevalue("transactional_db")
        elif "db" in fixtures:
            request.getfixturevalue("db")
        else:
            return
    if Region.objects.exists() or Commune.objects.exists():
        with connection.cursor() as cursor:
            for model in TERRITORY_MODELS:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


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
