"""Interviews: a structure proposes, through Conum, to meet a person it shortlisted; the person answers.

The structure sends one request at a time per match: while the person has not answered, a second one is
refused (a double submit too: the match row is locked while checking). Once answered, the structure may ask
again (another date, another message), which waits for a new answer. The person answers from "Ma
candidature": interested or not available, and may change their mind; each change is journaled and told to
the structure's managers by e-mail. The person sees the requests of the structures still considering them
(shortlisted, or a contract proposed); the structure sees the answer on the candidate's page and in its list.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conum.core import journal
from conum.core.emails import send_templated_email
from conum.core.errors import RuleViolation
from conum.core.roles import Role
from conum.core.worklist import WorkItem
from conum.recruitment import decisions, disclosure
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import InterviewReply, Match

MESSAGE_MAX_LENGTH = 1000
# Where the person still sees a request: the structure has not declined them nor closed the proposal.
OPEN_STATUSES = [MatchStatus.SHORTLISTED, MatchStatus.CONTRACT_PROPOSED]


@dataclass(frozen=True)
class StructureContact:
    """How the person reaches the structure: the manager who asked, the structure's phone and address."""

    structure: str
    name: str
    email: str
    phone: str
    address: str


def contact_of(match) -> StructureContact:
    structure = match.application.structure
    manager = match.interview_requested_by
    if manager is not None:
        name, email = manager.get_full_name() or manager.email, manager.email
    else:  # the manager's account was removed: the structure's declared contact
        name, email = f"{structure.contact_first_name} {structure.contact_last_name}".strip(), structure.contact_email
    address = ", ".join(part for part in (structure.address, structure.commune.name) if part)
    return StructureContact(structure.name, name, email, structure.contact_phone, address)


def is_pending(match) -> bool:
    return match.interview_requested_at is not None and not match.candidate_reply


def request_interview(match, by, message: str = "") -> Match:
    """Send the person of `match` the structure's request to meet them, once; journaled, e-mailed after commit."""
    if getattr(by, "role", None) != Role.STRUCTURE_MANAGER:
        raise RuleViolation("Votre rôle ne permet pas cette action.")
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise RuleViolation(
            f"Votre message fait {len(message)} caractères : {MESSAGE_MAX_LENGTH} au plus.", field="message"
        )
    with transaction.atomic():
        match = (
            Match.objects.select_for_update(of=("self",))
            .select_related("candidate", "application__structure__commune")
            .get(pk=match.pk)
        )
        if not match.application.structure.memberships.filter(user=by).exists():
            raise RuleViolation("Cette mise en relation n'est pas celle de votre structure.")
        if match.status != MatchStatus.SHORTLISTED or disclosure.contact_details(match) is None:
            raise RuleViolation("Présélectionnez d'abord la personne pour lui proposer un entretien.")
        if is_pending(match):
            raise RuleViolation(
                f"Un entretien a déjà été proposé à {match.candidate.full_name} le "
                f"{timezone.localtime(match.interview_requested_at):%d/%m/%Y} : attendez sa réponse."
            )
        before = {"interview_requested_at": match.interview_requested_at, "candidate_reply": match.candidate_reply}
        match.interview_requested_at, match.interview_requested_by = timezone.now(), by
        match.interview_message = message
        match.candidate_reply, match.candidate_replied_at = "", None
        match.save(
            update_fields=[
                "interview_requested_at", "interview_requested_by", "interview_message", "candidate_reply",
                "candidate_replied_at", "updated_at",
            ]
        )  # fmt: skip
        # The message itself stays out of the journal (never erased): it may name the person.
        after = {"interview_requested_at": match.interview_requested_at, "message": bool(message)}
        journal.record(by, "recruitment.interview_requested", match, before, after)
        context = {
            "candidate": match.candidate,
            "contact": contact_of(match),
            "message": message,
            "url": settings.SITE_URL + reverse("recruitment:my_application"),
        }
        send_templated_email("recruitment/emails/interview_request.txt", context, [match.candidate.email])
    return match


def reply(match, by, answer: str) -> bool:
    """Record the person's answer (their own match only); False when it was already the recorded one."""
    if answer not in InterviewReply.values:
        raise RuleViolation("Choisissez « Je suis intéressé(e) » ou « Je ne suis pas disponible ».")
    with transaction.atomic():
        match = (
            Match.objects.select_for_update(of=("self",))
            .select_related("candidate", "application__structure")
            .get(pk=match.pk)
        )
        if getattr(by, "role", None) != Role.CANDIDATE or match.candidate.user_id != by.pk:
            raise RuleViolation("Cette proposition d'entretien ne vous est pas adressée.")
        if match.interview_requested_at is None or match.status not in OPEN_STATUSES:
            raise RuleViolation("Cette structure ne vous propose plus d'entretien.")
        if match.candidate_reply == answer:
            return False
        before = {"candidate_reply": match.candidate_reply}
        match.candidate_reply, match.candidate_replied_at = answer, timezone.now()
        match.save(update_fields=["candidate_reply", "candidate_replied_at", "updated_at"])
        journal.record(by, "recruitment.interview_answered", match, before, {"candidate_reply": answer})
        context = {
            "match": match,
            "accepted": answer == InterviewReply.ACCEPTED,
            "url": settings.SITE_URL + reverse("recruitment:match", args=[match.pk]),
        }
        decisions.notify_structure(match.application.structure, "recruitment/emails/interview_reply.txt", context)
    return True


def requests_for(candidate):
    """The interview requests the person sees, the latest first."""
    return (
        candidate.matches.filter(interview_requested_at__isnull=False, status__in=OPEN_STATUSES)
        .select_related("application__structure__commune", "interview_requested_by")
        .order_by("-interview_requested_at", "pk")
    )


def candidate_worklist(user) -> list[WorkItem]:
    """The requests the person has not answered yet (core.worklist)."""
    waiting = Match.objects.filter(
        candidate__user=user,
        candidate__erased_at__isnull=True,
        interview_requested_at__isnull=False,
        candidate_reply="",
        status__in=OPEN_STATUSES,
    ).count()
    return [WorkItem("Structures qui souhaitent vous rencontrer", waiting, reverse("recruitment:my_application"))]
