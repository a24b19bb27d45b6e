import factory
from django.contrib.auth.hashers import make_password

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
