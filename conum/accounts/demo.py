from conum.core.roles import Role

from .models import User

DEMO_PASSWORD = "demo-conum-2026"

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


def populate(out):
    created = 0
    for email, role, first_name, last_name, scope in DEMO_ACCOUNTS:
        if not User.objects.filter(email=email).exists():
            User.objects.create_user(
                email, DEMO_PASSWORD, role=role, first_name=first_name, last_name=last_name, **scope
            )
            created += 1
    out.write(f"✓ Comptes de démonstration : {created} créés, {len(DEMO_ACCOUNTS) - created} déjà présents")
    out.write(f"\nComptes de démonstration (mot de passe commun : {DEMO_PASSWORD})")
    for email, role, *_ in DEMO_ACCOUNTS:
        out.write(f"  {Role(role).label:<22} {email}")
    out.write("")
