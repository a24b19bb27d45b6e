import os
import shlex
from base64 import b32encode
from binascii import unhexlify

from django_otp.plugins.otp_totp.models import TOTPDevice

from conum.core.roles import Role

from . import second_factor
from .models import SECOND_FACTOR_ROLES, User

DEMO_PASSWORD = "demo-conum-2026"
# The demo accounts that require a second factor share this TOTP key (RFC 6238's test key): add it to an
# authenticator app, or print the current code with `conum demo_code <e-mail>`.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET = b32encode(unhexlify(DEMO_TOTP_KEY)).decode()

# (e-mail, role, first name, last name, scope)
DEMO_ACCOUNTS = [
    ("equipe-nationale@demo.conum.fr", Role.NATIONAL_STAFF, "Nadia", "Benali", {}),
    ("prefecture-87@demo.conum.fr", Role.PREFECTURE_AGENT, "Paul", "Martin", {"departement_id": "87"}),
    ("prefecture-nouvelle-aquitaine@demo.conum.fr", Role.PREFECTURE_AGENT, "Sophie", "Lefèvre", {"region_id": "75"}),
    ("structure@demo.conum.fr", Role.STRUCTURE_MANAGER, "Claire", "Dupuy", {}),
    ("conseiller@demo.conum.fr", Role.ADVISOR, "Karim", "Haddad", {}),
    ("coordinateur@demo.conum.fr", Role.COORDINATOR, "Julie", "Moreau", {}),
    ("candidat@demo.conum.fr", Role.CANDIDATE, "Lucas", "Bernard", {}),
]


# What each account may try first: the menu entry, then what it leads to.
FIRST_STEPS = {
    "equipe-nationale@demo.conum.fr": "Comité : décider des candidatures des structures",
    "prefecture-87@demo.conum.fr": "Candidatures : donner l'avis de la préfecture",
    "prefecture-nouvelle-aquitaine@demo.conum.fr": "Pilotage : le déploiement dans la région",
    "structure@demo.conum.fr": "Ma structure : voir les candidats proposés",
    "conseiller@demo.conum.fr": "Comptes rendus : enregistrer un accompagnement",
    "coordinateur@demo.conum.fr": "Mon équipe : suivre ses conseillers",
    "candidat@demo.conum.fr": "Ma candidature : les structures qui le proposent",
}


def populate(out):
    created = 0
    for email, role, first_name, last_name, scope in DEMO_ACCOUNTS:
        if not User.objects.filter(email=email).exists():
            User.objects.create_user(
                email, DEMO_PASSWORD, role=role, first_name=first_name, last_name=last_name, **scope
            )
            created += 1
    for user in User.objects.filter(email__in=demo_emails()):
        if user.requires_second_factor and not second_factor.is_set_up(user):
            TOTPDevice.objects.create(user=user, name=second_factor.TOTP_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True)
    out.write(f"✓ Comptes de démonstration : {created} créés, {len(DEMO_ACCOUNTS) - created} déjà présents")


def summary(out):
    """The accounts, printed by `conum demo` at the end: role, e-mail, what to try first; * asks for a code."""
    out.write(f"\nComptes de démonstration (mot de passe commun : {DEMO_PASSWORD})")
    for email, role, _first, _last, scope in DEMO_ACCOUNTS:
        who = Role(role).label + (f" ({scope['departement_id']})" if "departement_id" in scope else "")
        who += " (région)" if "region_id" in scope else ""
        who += " *" if role in SECOND_FACTOR_ROLES else ""
        out.write(f"  {who:<22} {email:<44} {FIRST_STEPS.get(email, '')}")
    folder = os.environ.get("CONUM_VAR_DIR")
    command = (f"CONUM_VAR_DIR={shlex.quote(folder)} " if folder else "") + "uv run conum demo_code <e-mail>"
    out.write(
        f"* Double authentification : le code du moment s'affiche avec  {command}\n"
        f"  (ou ajoutez la clé {DEMO_TOTP_SECRET} à une application d'authentification)."
    )


def demo_emails() -> list[str]:
    return [email for email, *_ in DEMO_ACCOUNTS]
