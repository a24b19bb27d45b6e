"""The public application of a host structure: no account needed, one is opened for the contact."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from conum.accounts.invitations import open_account, set_password_url
from conum.accounts.models import User, normalize_email
from conum.core import journal
from conum.core.emails import send_templated_email
from conum.core.errors import RuleViolation
from conum.core.roles import Role

from .models import HostStructure, StructureApplication, StructureMembership

STRUCTURE_FIELDS = [
    "name", "type", "address", "commune", "contact_first_name", "contact_last_name", "contact_role",
    "contact_email", "contact_phone", "zrr", "qpv", "france_services", "network",
]  # fmt: skip
APPLICATION_FIELDS = ["posts_requested", "mission_start", "motivation"]


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


def live_application_message(application) -> str:
    structure = application.structure
    return (
        f"Une candidature est déjà en cours pour ce SIRET : « {structure.name} », déposée le "
        f"{timezone.localtime(application.submitted_at):%d/%m/%Y}, statut « {application.get_status_display()} ». "
        f"Suivez-la en vous connectant avec l'adresse de son contact ({mask_email(structure.contact_email)})."
    )


def submit_application(data: dict) -> tuple[StructureApplication, User, bool]:
    """Store the structure and its application, open or reuse the contact's account.

    Returns (application, contact account, whether the account is new).
    """
    email = normalize_email(data["contact_email"])
    try:
        with transaction.atomic():
            structure = HostStructure.objects.select_for_update().filter(siret=data["siret"]).first()
            if structure:
                live = structure.applications.live().first()
                if live:
                    raise RuleViolation(live_application_message(live), field="siret")
            structure = structure or HostStructure(siret=data["siret"])
            for field in STRUCTURE_FIELDS:
                setattr(structure, field, data[field])
            structure.contact_email = email
            structure.save()
            application = StructureApplication.objects.create(
                structure=structure, commitments_accepted_at=timezone.now(), **{f: data[f] for f in APPLICATION_FIELDS}
            )
            user, new_account = _contact_account(structure, data)
            StructureMembership.objects.get_or_create(structure=structure, user=user)
            journal.record(None, "structures.application_submitted", application, None, {
                "siret": structure.siret, "posts_requested": application.posts_requested, "contact": email,
            })  # fmt: skip
            context = {
                "application": application,
                "structure": structure,
                "set_password_url": set_password_url(user) if new_account else "",
                "site_url": settings.SITE_URL,
            }
            send_templated_email("structures/emails/submitted.txt", context, [email])
    except IntegrityError:  # the same SIRET submitted twice at the same moment
        live = StructureApplication.objects.live().select_related("structure").get(structure__siret=data["siret"])
        raise RuleViolation(live_application_message(live), field="siret") from None
    return application, user, new_account


def _contact_account(structure, data) -> tuple[User, bool]:
    email = normalize_email(data["contact_email"])
    user = User.objects.filter(email=email).first()
    if user is None:
        user = open_account(email, Role.STRUCTURE_MANAGER, None, data["contact_first_name"], data["contact_last_name"])
        return user, True
    if user.role != Role.STRUCTURE_MANAGER:
        raise RuleViolation(
            f"L'adresse {email} est déjà celle d'un compte « {user.get_role_display()} » : indiquez l'adresse "
            "professionnelle du contact de la structure.",
            field="contact_email",
        )
    return user, False
