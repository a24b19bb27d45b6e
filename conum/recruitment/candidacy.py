"""A person applies to become an advisor: an account is opened, the e-mail is confirmed, then matching."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from conum.accounts.invitations import open_account
from conum.accounts.models import User, normalize_email
from conum.core import journal
from conum.core.dates import add_months
from conum.core.emails import send_templated_email
from conum.core.errors import RuleViolation
from conum.core.roles import Role
from conum.recruitment.models import Candidate

# What the candidate may change after applying (not the e-mail: it is the login).
EDITABLE_FIELDS = [
    "phone", "commune", "mobility_km", "available_from", "job_seeker", "employed", "in_training",
    "mediation_diploma", "diploma_name", "has_experience", "motivation", "pix_level_1", "pix_level_2",
    "pix_level_3",
]  # fmt: skip
CANDIDATE_FIELDS = ["first_name", "last_name", *EDITABLE_FIELDS]
# A change of these recomputes the candidate's matches.
MATCHING_FIELDS = {"commune", "mobility_km", "available_from"}
# The journal, never erased, keeps only the names of these, not their values.
PERSONAL_FIELDS = {"phone", "diploma_name", "motivation"}
CV_RETENTION_MONTHS = 6


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Links that confirm a candidate's e-mail address (not interchangeable with password links)."""

    key_salt = "conum.recruitment.confirmation"


confirmation_tokens = ConfirmationTokenGenerator()


def confirmation_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse("recruitment:confirm", args=[uid, confirmation_tokens.make_token(user)])


def apply(data: dict) -> Candidate | None:
    """Open the candidate's account and store the application; None when the address already has an account.

    The answer to the person who applied is the same either way (no one learns who has an account, nor its
    role): the owner of an address already in use is told by e-mail instead, and nothing is created or changed.
    """
    email = normalize_email(data["email"])
    try:
        with transaction.atomic():
            if _address_in_use(email):
                _tell_owner(email)
                return None
            user = open_account(email, Role.CANDIDATE, None, data["first_name"], data["last_name"])
            candidate = Candidate(user=user, email=email, **{f: data[f] for f in CANDIDATE_FIELDS})
            if data.get("cv"):
                candidate.cv, candidate.cv_uploaded_at = data["cv"], timezone.now()
            candidate.save()
            journal.record(None, "recruitment.candidate_applied", candidate, None, {"commune": candidate.commune_id})
            context = {"candidate": candidate, "url": confirmation_url(user)}
            send_templated_email("recruitment/emails/confirm.txt", context, [email])
    except (IntegrityError, RuleViolation):  # the same address submitted twice at the same moment
        with transaction.atomic():
            _tell_owner(email)
        return None
    return candidate


def _address_in_use(email) -> bool:
    return (
        User.objects.filter(email=email).exists()
        or Candidate.objects.filter(email__iexact=email, erased_at__isnull=True).exists()
    )


def _tell_owner(email) -> None:
    user = User.objects.filter(email=email).first()
    candidate = getattr(user, "candidate", None) if user and user.role == Role.CANDIDATE else None
    context = {
        "is_candidate": user is None or user.role == Role.CANDIDATE,
        # Not confirmed yet: the link again, the likeliest reason to apply twice.
        "confirmation_url": confirmation_url(user) if candidate and candidate.email_confirmed_at is None else "",
        "login_url": settings.SITE_URL + reverse("accounts:login"),
        "password_reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
    }
    send_templated_email("recruitment/emails/address_in_use.txt", context, [email])


def confirm(user) -> Candidate:
    """Mark the address confirmed (idempotent) and queue the candidate's matching."""
    from conum.recruitment import tasks

    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(user=user)
        if candidate.email_confirmed_at is None:
            candidate.email_confirmed_at = timezone.now()
            candidate.save(update_fields=["email_confirmed_at", "updated_at"])
            journal.record(user, "recruitment.candidate_confirmed", candidate)
            transaction.on_commit(lambda: tasks.match_candidate.enqueue(candidate.pk))
    return candidate


def confirm_on_login(sender, request, user, **kwargs):
    if (
        getattr(user, "role", None) == Role.CANDIDATE
        and Candidate.objects.filter(user=user, email_confirmed_at__isnull=True).exists()
    ):
        confirm(user)


def set_available(candidate, by, available: bool) -> Candidate:
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk, user=by, erased_at__isnull=True)
        candidate.available = available
        candidate.save(update_fields=["available", "updated_at"])
        journal.record(by, "recruitment.candidate_availability", candidate, None, {"available": available})
        from conum.recruitment import tasks

        transaction.on_commit(lambda: tasks.match_candidate.enqueue(candidate.pk))
    return candidate


def erase(candidate, by) -> None:
    """Delete the application: personal data erased, account closed; matches stay, anonymous, for statistics."""
    from conum.recruitment.enums import PROPOSAL_STATUSES, MatchStatus

    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk, erased_at__isnull=True)
        if candidate.matches.filter(status__in=[MatchStatus.CONTRACT_PROPOSED, MatchStatus.HIRED]).exists():
            raise RuleViolation(
                "Un contrat est en cours : la structure et l'équipe nationale doivent d'abord le clore."
            )
        candidate.matches.filter(status__in=PROPOSAL_STATUSES).update(status=MatchStatus.WITHDRAWN)
        for field in ("first_name", "last_name", "email", "phone", "motivation", "diploma_name"):
            setattr(candidate, field, "")
        candidate.pix_level_1 = candidate.pix_level_2 = candidate.pix_level_3 = None
        if candidate.cv:
            candidate.cv.delete(save=False)  # the file itself, not only the reference
        candidate.cv_uploaded_at = None
        candidate.available, candidate.erased_at = False, timezone.now()
        user, candidate.user = candidate.user, None
        candidate.save()
        if user:
            user.email, user.first_name, user.last_name = f"efface-{user.pk}@conum.invalid", "", ""
            user.is_active = False
            user.set_unusable_password()
            user.save()
        journal.record(by if by and by.is_active else None, "recruitment.candidate_erased", candidate)


def update_details(candidate, by, data: dict) -> list[str]:
    """Save the candidate's own edit; the names of the fields that changed ("cv" included).

    `data` holds EDITABLE_FIELDS, and optionally "cv" (a new file) and "remove_cv". A change of commune,
    mobility or availability date queues the candidate's matching after commit.
    """
    from conum.recruitment import tasks

    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk, user=by, erased_at__isnull=True)
        before = {name: _value(candidate, name) for name in EDITABLE_FIELDS}
        for name in EDITABLE_FIELDS:
            setattr(candidate, name, data[name])
        changed = [name for name in EDITABLE_FIELDS if _value(candidate, name) != before[name]]
        old_cv = candidate.cv.name
        cv_change = None
        if data.get("cv"):
            candidate.cv, candidate.cv_uploaded_at = data["cv"], timezone.now()
            cv_change = "remplacé" if old_cv else "ajouté"
        elif data.get("remove_cv") and old_cv:
            candidate.cv, candidate.cv_uploaded_at = "", None
            cv_change = "supprimé"
        if not changed and not cv_change:
            return []
        candidate.save()
        if old_cv and cv_change:
            storage = candidate.cv.storage
            transaction.on_commit(lambda: storage.delete(old_cv))
        after = {name: "modifié" if name in PERSONAL_FIELDS else _value(candidate, name) for name in changed}
        if cv_change:
            after["cv"] = cv_change
            changed.append("cv")
        journal.record(
            by, "recruitment.candidate_updated", candidate,
            {name: before[name] for name in changed if name in EDITABLE_FIELDS and name not in PERSONAL_FIELDS},
            after,
        )  # fmt: skip
        if MATCHING_FIELDS.intersection(changed):
            transaction.on_commit(lambda: tasks.match_candidate.enqueue(candidate.pk))
    return changed


def _value(candidate, name):
    return candidate.commune_id if name == "commune" else getattr(candidate, name)


def cv_expiry(uploaded_at):
    """The moment a CV is deleted: CV_RETENTION_MONTHS calendar months after its upload (31 Aug → 28 Feb)."""
    uploaded_at = timezone.localtime(uploaded_at)
    day = add_months(uploaded_at.date(), CV_RETENTION_MONTHS)
    return uploaded_at.replace(year=day.year, month=day.month, day=day.day)


def purge_old_cvs(now=None) -> int:
    """Delete the CVs uploaded more than CV_RETENTION_MONTHS calendar months ago (file and reference).

    One anonymous journal entry per candidate; the number of CVs deleted. Idempotent: a second run finds none.
    """
    now = now or timezone.now()
    # Months are 28 to 31 days: select generously, then compare each upload's own expiry.
    roughly = now - timedelta(days=CV_RETENTION_MONTHS * 28)
    deleted = 0
    for pk in list(Candidate.objects.filter(cv_uploaded_at__lt=roughly).values_list("pk", flat=True)):
        with transaction.atomic():
            candidate = Candidate.objects.select_for_update().filter(pk=pk, cv_uploaded_at__isnull=False).first()
            if candidate is None or cv_expiry(candidate.cv_uploaded_at) >= now:
                continue
            name, storage = candidate.cv.name, candidate.cv.storage
            candidate.cv, candidate.cv_uploaded_at = "", None
            candidate.save(update_fields=["cv", "cv_uploaded_at", "updated_at"])
            journal.record(None, "recruitment.candidate_cv_purged", candidate, None, {"cv": "supprimé"})
            if name:
                transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        deleted += 1
    return deleted
