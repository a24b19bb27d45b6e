"""Accounts created by invitation: the national team invites prefecture agents, coordinators and colleagues.

An invited account gets a random password nobody knows and an e-mail with a link to choose one (the
password-reset mechanism); if the link expires, "Mot de passe oublié" sends a new one. Later workflows
(structure memberships, candidates) call `invite` the same way.
"""

import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from conum.core import journal
from conum.core.emails import send_templated_email
from conum.core.errors import RuleViolation
from conum.core.roles import Role

from .models import User, normalize_email

# Which roles each role may invite from the accounts pages.
INVITABLE_ROLES = {Role.NATIONAL_STAFF: [Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT, Role.COORDINATOR]}


def invitable_roles(user) -> list[Role]:
    return INVITABLE_ROLES.get(getattr(user, "role", None), [])


def set_password_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:password_reset_confirm", args=[uid, token])


def open_account(email, role, by, first_name="", last_name="", departement=None, region=None) -> User:
    """Create an account with a password nobody knows; the caller sends the set-password link.

    Raises RuleViolation when the address already has an account. Call it inside a transaction.
    """
    email = normalize_email(email)
    already = f"Un compte existe déjà pour l'adresse {email}."
    if User.objects.filter(email=email).exists():
        raise RuleViolation(already)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                secrets.token_urlsafe(32),
                role=role,
                first_name=first_name,
                last_name=last_name,
                departement=departement,
                region=region,
            )
    except IntegrityError:  # created by another request in the meantime
        raise RuleViolation(already) from None
    journal.record(
        by,
        "accounts.opened",
        user,
        None,
        {"role": role, "territory": str(user.territory or "")},
        label=f"Compte n° {user.pk}",
    )
    return user


def invite(email, role, by, first_name="", last_name="", departement=None, region=None) -> User:
    if role not in invitable_roles(by):
        raise RuleViolation("Votre rôle ne permet pas de créer ce type de compte.")
    if role == Role.PREFECTURE_AGENT and (departement is None) == (region is None):
        raise RuleViolation(
            "Un compte de préfecture couvre soit un département, soit une région : choisissez l'un des deux."
        )
    if role != Role.PREFECTURE_AGENT and (departement or region):
        raise RuleViolation("Seuls les comptes de préfecture sont rattachés à un territoire.")
    with transaction.atomic():
        user = open_account(email, role, by, first_name, last_name, departement, region)
        context = {"user": user, "inviter": by, "url": set_password_url(user), "site_url": settings.SITE_URL}
        send_templated_email("accounts/invitation_email.txt", context, [user.email])
    return user


def set_active(user, active: bool, by) -> None:
    if user == by:
        raise RuleViolation("Vous ne pouvez pas désactiver votre propre compte.")
    with transaction.atomic():
        before = {"is_active": user.is_active}
        user.is_active = active
        user.save(update_fields=["is_active"])
        journal.record(
            by, "accounts.activated" if active else "accounts.deactivated", user, before, {"is_active": active}
        )
