"""The national team's decision on a contract or a contract break: the same rules, written the same way; and
the e-mail that tells the structure's managers."""

from django.utils import timezone

from conum.accounts.models import User
from conum.core.emails import send_templated_email
from conum.core.errors import RuleViolation
from conum.core.roles import Role


def decide(queryset, pk, by, validate: bool, reason: str, pending, already: str):
    """Lock the row `pk` of `queryset` and record on it the validation or refusal by `by`; returns the row.

    Refused unless `by` is of the national team, a refusal says why (10 characters at least), and the row still
    awaits its decision (status `pending`, else "`already` <its status>", e.g. "Ce contrat est déjà validé").
    Call it within a transaction."""
    if getattr(by, "role", None) != Role.NATIONAL_STAFF:
        raise RuleViolation("Votre rôle ne permet pas cette action.")
    if not validate and len(reason.strip()) < 10:
        raise RuleViolation("Motivez le refus en quelques mots (10 caractères au moins).")
    row = queryset.select_for_update(of=("self",)).get(pk=pk)
    if row.status != pending:
        raise RuleViolation(f"{already} {row.get_status_display().lower()}.")
    statuses = type(pending)  # ContractStatus or BreakStatus: both have VALIDATED and REFUSED
    row.status = statuses.VALIDATED if validate else statuses.REFUSED
    row.refusal_reason = "" if validate else reason.strip()
    row.decided_by, row.decided_at = by, timezone.now()
    row.save()
    return row


def structure_managers(structure) -> list[str]:
    """The e-mail addresses of the structure's active managers (its members' accounts)."""
    users = User.objects.filter(memberships__structure=structure, role=Role.STRUCTURE_MANAGER, is_active=True)
    return sorted(set(users.values_list("email", flat=True)))


def notify_structure(structure, template: str, context: dict) -> None:
    """E-mail `template` to the structure's managers once the transaction commits (send_email queues it then)."""
    managers = structure_managers(structure)
    if managers:
        send_templated_email(template, {"structure": structure, **context}, managers)
