"""The match workflow (mise en relation): the structure's decisions on its proposals.

new → shortlisted / declined (reversible, also from each other); contract steps come with contracts.
"""

from django.db import transaction

from conum.core import journal
from conum.core.errors import RuleViolation
from conum.core.roles import Role

from .enums import MatchStatus
from .models import Match

# transition: (statuses it may be taken from, resulting status)
TRANSITIONS = {
    "shortlist": ([MatchStatus.NEW, MatchStatus.DECLINED], MatchStatus.SHORTLISTED),
    "decline": ([MatchStatus.NEW, MatchStatus.SHORTLISTED], MatchStatus.DECLINED),
    "reconsider": ([MatchStatus.DECLINED], MatchStatus.NEW),
}
TRANSITION_LABELS = {"shortlist": "Présélectionner", "decline": "Écarter", "reconsider": "Reconsidérer"}


def available_transitions(match) -> list[str]:
    return [name for name, (sources, _target) in TRANSITIONS.items() if match.status in sources]


def apply_transition(match, name, by) -> Match:
    if getattr(by, "role", None) != Role.STRUCTURE_MANAGER:
        raise RuleViolation("Votre rôle ne permet pas cette action.")
    if name not in TRANSITIONS:
        raise RuleViolation("Action inconnue.")
    sources, target = TRANSITIONS[name]
    with transaction.atomic():
        match = Match.objects.select_for_update().get(pk=match.pk)
        if not match.application.structure.memberships.filter(user=by).exists():
            raise RuleViolation("Cette mise en relation n'est pas celle de votre structure.")
        if match.status not in sources:
            raise RuleViolation(
                f"Cette candidature est « {match.get_status_display().lower()} » : "
                f"impossible de la {TRANSITION_LABELS[name].lower()}."
            )
        before = {"status": match.status}
        match.status = target
        match.save(update_fields=["status", "updated_at"])
        journal.record(by, f"recruitment.match_{name}", match, before, {"status": target})
    return match
