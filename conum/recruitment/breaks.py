"""Contract breaks (ruptures): the structure declares one, the national team validates it.

Validation frees the post at once (the structure may recruit a successor); the advisor keeps the workspace
until the break date, when `apply_due_breaks` (daily, and at validation for a date already reached) ends the
access and makes the person an available candidate again, so that matching resumes.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from conum.core import journal
from conum.core.dates import add_months
from conum.core.errors import RuleViolation
from conum.core.roles import Role
from conum.recruitment import decisions
from conum.recruitment.enums import BreakStatus, ContractStatus, MatchStatus
from conum.recruitment.models import Advisor, ContractBreak, Match

MAX_MONTHS_AHEAD = 2


def declare_break(match, by, break_date: date, reason: str, comment: str = "") -> ContractBreak:
    if getattr(by, "role", None) != Role.STRUCTURE_MANAGER:
        raise RuleViolation("Votre rôle ne permet pas cette action.")
    latest = add_months(timezone.localdate(), MAX_MONTHS_AHEAD)
    if break_date > latest:
        raise RuleViolation(
            f"La date de fin peut être au plus dans deux mois, soit le {latest:%d/%m/%Y}.", field="date"
        )
    with transaction.atomic():
        match = Match.objects.select_for_update().select_related("application__structure").get(pk=match.pk)
        if not match.application.structure.memberships.filter(user=by).exists():
            raise RuleViolation("Ce conseiller n'est pas celui de votre structure.")
        if match.status != MatchStatus.HIRED:
            raise RuleViolation(
                f"Cette mise en relation est « {match.get_status_display().lower()} » : seule la rupture "
                "d'un contrat en cours peut être déclarée."
            )
        contract = match.contracts.filter(status=ContractStatus.VALIDATED).order_by("-start_date").first()
        if contract is None:
            raise RuleViolation("Aucun contrat validé n'est en cours pour ce conseiller.")
        if break_date < contract.start_date:
            raise RuleViolation(
                f"La date de fin doit suivre le début du contrat ({contract.start_date:%d/%m/%Y}).", field="date"
            )
        contract_break = ContractBreak.objects.create(
            contract=contract, date=break_date, reason=reason, comment=comment.strip(), declared_by=by
        )
        match.status = MatchStatus.BREAK_NOTIFIED
        match.save(update_fields=["status", "updated_at"])
        journal.record(
            by, "recruitment.break_declared", match, {"status": MatchStatus.HIRED}, journal.snapshot(contract_break)
        )
    return contract_break


def decide_break(contract_break, by, validate: bool, reason: str = "") -> ContractBreak:
    with transaction.atomic():
        contract_break = decisions.decide(
            ContractBreak.objects.select_related("contract"), contract_break.pk, by, validate, reason,
            BreakStatus.NOTIFIED, "Cette rupture est déjà",
        )  # fmt: skip
        match = Match.objects.select_for_update().get(pk=contract_break.contract.match_id)
        match.status = MatchStatus.BREAK_VALIDATED if validate else MatchStatus.HIRED
        match.save(update_fields=["status", "updated_at"])
        if validate:
            contract = contract_break.contract
            contract.status, contract.end_date = ContractStatus.ENDED, contract_break.date
            contract.save(update_fields=["status", "end_date"])
        journal.record(
            by,
            "recruitment.break_validated" if validate else "recruitment.break_refused",
            match,
            {"status": MatchStatus.BREAK_NOTIFIED},
            {"status": match.status, "reason": contract_break.refusal_reason},
        )
        if validate and contract_break.date <= timezone.localdate():
            _end_access(contract_break)
    return contract_break


def apply_due_breaks(today: date | None = None) -> int:
    """End the access of advisors whose validated break date has come; returns how many. Idempotent."""
    today = today or timezone.localdate()
    due = ContractBreak.objects.filter(status=BreakStatus.VALIDATED, applied_at__isnull=True, date__lte=today)
    applied = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            contract_break = ContractBreak.objects.select_for_update().get(pk=pk)
            if contract_break.applied_at is None:
                _end_access(contract_break)
                applied += 1
    return applied


def _end_access(contract_break) -> None:
    """The person leaves the post: advisor access ends, the candidacy is available again."""
    from conum.recruitment import tasks

    match = contract_break.contract.match
    advisor = (
        Advisor.objects.select_for_update(of=("self",)).select_related("user", "candidate").filter(match=match).first()
    )
    if advisor is not None:
        advisor.in_post, advisor.left_on = False, contract_break.date
        advisor.save(update_fields=["in_post", "left_on", "updated_at"])
        candidate = advisor.candidate
        if candidate.erased_at is None:
            candidate.available = True
            candidate.available_from = max(candidate.available_from, contract_break.date + timedelta(days=1))
            candidate.save(update_fields=["available", "available_from", "updated_at"])
            transaction.on_commit(lambda: tasks.match_candidate.enqueue(candidate.pk))
        if advisor.user and advisor.user.role == Role.ADVISOR:
            advisor.user.role = Role.CANDIDATE
            advisor.user.save(update_fields=["role"])
    contract_break.applied_at = timezone.now()
    contract_break.save(update_fields=["applied_at"])
    journal.record(None, "recruitment.break_applied", match, None, {"date": contract_break.date.isoformat()})
