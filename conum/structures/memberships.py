"""Several accounts per structure: a member invites colleagues by e-mail."""

from django.conf import settings
from django.db import transaction

from conum.accounts.invitations import open_account, set_password_url
from conum.accounts.models import User, normalize_email
from conum.core import journal
from conum.core.emails import send_templated_email
from conum.core.errors import RuleViolation
from conum.core.roles import Role

from .models import StructureMembership


def invite_colleague(structure, by, email, first_name="", last_name="") -> StructureMembership:
    if not structure.memberships.filter(user=by).exists():
        raise RuleViolation("Cette structure n'est pas la vôtre.")
    email = normalize_email(email)
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        new_account = user is None
        if new_account:
            user = open_account(email, Role.STRUCTURE_MANAGER, by, first_name, last_name)
        elif user.role != Role.STRUCTURE_MANAGER:
            # No role named: which account an address has is nobody else's business.
            raise RuleViolation(
                f"L'adresse {email} ne peut pas recevoir d'accès à la structure : invitez une autre adresse "
                "professionnelle de la personne."
            )
        membership, created = StructureMembership.objects.get_or_create(structure=structure, user=user)
        if not created:
            raise RuleViolation(f"{email} a déjà accès à {structure.name}.")
        journal.record(by, "structures.member_added", structure, None, {"user": email})
        context = {
            "structure": structure,
            "inviter": by,
            "user": user,
            "set_password_url": set_password_url(user) if new_account else "",
            "site_url": settings.SITE_URL,
        }
        send_templated_email("structures/emails/colleague_invited.txt", context, [email])
    return membership
