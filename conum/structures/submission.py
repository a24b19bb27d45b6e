"""Applications of host structures: the public form (no account needed) and a member's new application.

The public form is anonymous: it may only do what a stranger may do, and its answer tells nothing of what exists.

- A SIRET that no structure has: the structure, its application and the contact's account are created; the
  contact becomes the structure's first member (an address that already has a structure account keeps it and
  gets the new structure too: one person may manage several structures).
- A SIRET that belongs to a structure, whatever its applications (live, refused, abandoned…): nothing is created
  or changed — not its name, its contact, its members nor its applications; the submitter gets no account and no
  access. The structure's members are told by e-mail that someone applied with their SIRET, with the contact
  submitted, so that they can invite the person if it is a colleague; the submitter is told by e-mail that the
  structure's accounts were told (nothing of the structure is in that e-mail). A member who submits the public
  form is only reminded to use the structure's space. Members apply again from their space (`reapply`), once no
  application of the structure is live.
- A contact address that already has an account of another role: nothing is created; its owner is told by
  e-mail (sign in, or reset the password).
- Whatever the case, the submitter sees the same confirmation page, built from what they typed: it never says
  whether a SIRET or an address is known (issue 14, items 3 and 4).
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
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


def submit_application(data: dict) -> None:
    """The public form's clean data: create what a stranger may create, tell by e-mail whoever must know."""
    email = normalize_email(data["contact_email"])
    try:
        _submit(data, email)
    except (IntegrityError, RuleViolation):
        # The same SIRET or the same new address submitted twice at the same moment: the other submission
        # created it; answer again, now that it exists.
        _submit(data, email)


def _submit(data, email):
    with transaction.atomic():
        structure = HostStructure.objects.select_for_update().filter(siret=data["siret"]).first()
        if structure is not None:
            _tell_existing_structure(structure, data, email)
            return
        owner = User.objects.filter(email=email).first()
        if owner is not None and owner.role != Role.STRUCTURE_MANAGER:
            send_templated_email("structures/emails/address_in_use.txt", _context(data, email), [email])
            return
        _create(data, email, owner)


def _create(data, email, user):
    structure = HostStructure(siret=data["siret"])
    for field in STRUCTURE_FIELDS:
        setattr(structure, field, data[field])
    structure.contact_email = email
    structure.save()
    application = StructureApplication.objects.create(
        structure=structure, commitments_accepted_at=timezone.now(), **{f: data[f] for f in APPLICATION_FIELDS}
    )
    new_account = user is None
    if new_account:
        user = open_account(email, Role.STRUCTURE_MANAGER, None, data["contact_first_name"], data["contact_last_name"])
    StructureMembership.objects.create(structure=structure, user=user)
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


def _tell_existing_structure(structure, data, email):
    members = list(User.objects.filter(memberships__structure=structure, is_active=True).order_by("pk"))
    context = _context(data, email) | {
        "structure": structure,
        "may_reapply": not structure.applications.live().exists(),
        "reapply_url": settings.SITE_URL + reverse("structures:reapply", args=[structure.pk]),
    }
    if any(member.email == email for member in members):
        send_templated_email("structures/emails/member_used_public_form.txt", context, [email])
        return
    recipients = [member.email for member in members] or [structure.contact_email]
    send_templated_email("structures/emails/siret_attempt.txt", context, recipients)
    # To the submitter: the SIRET and what happens next, nothing of the structure.
    send_templated_email("structures/emails/siret_attempt_received.txt", _context(data, email), [email])


def _context(data, email) -> dict:
    return {
        "submitted": data,
        "email": email,
        "site_url": settings.SITE_URL,
        "login_url": settings.SITE_URL + reverse("accounts:login"),
        "password_reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
    }


def reapply(structure, by, data: dict) -> StructureApplication:
    """A member's new application for their structure (the structure's details stay as they are)."""
    if not structure.memberships.filter(user=by).exists():
        raise RuleViolation("Cette structure n'est pas la vôtre.")
    already = "Une candidature est déjà en cours pour cette structure : suivez-la dans votre espace."
    try:
        with transaction.atomic():
            structure = HostStructure.objects.select_for_update().get(pk=structure.pk)
            if structure.applications.live().exists():
                raise RuleViolation(already)
            application = StructureApplication.objects.create(
                structure=structure, commitments_accepted_at=timezone.now(), **{f: data[f] for f in APPLICATION_FIELDS}
            )
            journal.record(by, "structures.application_submitted", application, None, {
                "siret": structure.siret, "posts_requested": application.posts_requested, "contact": by.email,
            })  # fmt: skip
            context = {"application": application, "structure": structure, "site_url": settings.SITE_URL}
            send_templated_email("structures/emails/submitted.txt", context, [by.email])
    except IntegrityError:  # another member's application at the same moment
        raise RuleViolation(already) from None
    return application
