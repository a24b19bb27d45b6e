import datetime

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from stdnum import luhn

from conum.accounts.models import User
from conum.core.roles import Role

PASSWORD = "mot-de-passe-de-test-2026"
# Argon2 is slow by design: hash once, share the hash between test users.
_PASSWORD_HASH = None


def password_hash():
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = make_password(PASSWORD)
    return _PASSWORD_HASH


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Test{n}")
    role = Role.CANDIDATE
    password = factory.LazyFunction(password_hash)

    class Params:
        national_staff = factory.Trait(role=Role.NATIONAL_STAFF)
        structure_manager = factory.Trait(role=Role.STRUCTURE_MANAGER)
        advisor = factory.Trait(role=Role.ADVISOR)
        coordinator = factory.Trait(role=Role.COORDINATOR)
        candidate = factory.Trait(role=Role.CANDIDATE)
        prefecture_agent = factory.Trait(role=Role.PREFECTURE_AGENT, departement_id="87")


def valid_siret(n: int) -> str:
    """A SIRET that python-stdnum accepts: a Luhn-valid SIREN from n, establishment 0001, Luhn key."""
    siren = f"{n:08d}" + luhn.calc_check_digit(f"{n:08d}")
    body = siren + "0001"
    return body + luhn.calc_check_digit(body)


class HostStructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "structures.HostStructure"

    siret = factory.Sequence(lambda n: valid_siret(n + 1000))
    name = factory.Sequence(lambda n: f"Mairie test {n}")
    type = "commune"
    address = "1 place de la Mairie"
    commune_id = "87154"  # Saint-Junien, Haute-Vienne
    contact_first_name = "Alix"
    contact_last_name = "Martin"
    contact_role = "Directrice générale des services"
    contact_email = factory.Sequence(lambda n: f"contact{n}@mairie.example")
    contact_phone = "+33555123456"

    class Params:
        private = factory.Trait(type="private", name=factory.Sequence(lambda n: f"Association test {n}"))
        in_creuse = factory.Trait(commune_id="23096")  # Guéret


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "structures.StructureApplication"

    structure = factory.SubFactory(HostStructureFactory)
    posts_requested = 2
    mission_start = factory.LazyFunction(datetime.date.today)
    motivation = "Accompagner les habitants dans leurs démarches en ligne."
    commitments_accepted_at = factory.LazyFunction(timezone.now)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "recruitment.Candidate"

    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Candidat{n}")
    email = factory.Sequence(lambda n: f"candidat{n}@exemple.fr")
    phone = "+33612345678"
    commune_id = "87154"  # Saint-Junien
    mobility_km = 40
    available_from = factory.LazyFunction(datetime.date.today)
    job_seeker = True
    motivation = "Aider les autres à prendre confiance avec le numérique."
    email_confirmed_at = factory.LazyFunction(timezone.now)
