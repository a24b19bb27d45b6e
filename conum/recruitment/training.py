"""Initial training and certification of advisors, recorded by the national team or the employing structure.

The positioning test's score sets the track (thresholds and hours are programme parameters); training should
start within `training_start_within_days` of the contract: later than that, lists show a warning.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from conum.core import journal
from conum.core.errors import RuleViolation
from conum.core.roles import Role
from conum.programme.models import TrainingTrack
from conum.recruitment.models import Advisor

TRAINING_FIELDS = [
    "positioning_score", "positioning_date", "training_planned_start", "training_planned_end", "training_start",
    "training_end", "training_completed", "ccp1_certified_on", "pix_certified_on",
]  # fmt: skip


def can_edit_training(user, advisor) -> bool:
    if getattr(user, "role", None) == Role.NATIONAL_STAFF:
        return True
    return user.role == Role.STRUCTURE_MANAGER and advisor.structure.memberships.filter(user=user).exists()


def update_training(advisor, by, data: dict) -> Advisor:
    """Save the training record (`data` holds TRAINING_FIELDS, already validated by the form)."""
    if not can_edit_training(by, advisor):
        raise RuleViolation("Votre rôle ne permet pas de modifier la formation de ce conseiller.")
    with transaction.atomic():
        advisor = Advisor.objects.select_for_update().get(pk=advisor.pk)
        before = journal.snapshot(advisor, [*TRAINING_FIELDS, "training_track"])
        for field in TRAINING_FIELDS:
            setattr(advisor, field, data.get(field))
        advisor.training_completed = bool(data.get("training_completed"))
        score = advisor.positioning_score
        advisor.training_track = TrainingTrack.for_score(score) if score is not None else None
        advisor.save()
        after = journal.snapshot(advisor, [*TRAINING_FIELDS, "training_track"])
        changed = {field: after[field] for field in after if after[field] != before[field]}
        if changed:
            journal.record(by, "recruitment.training_updated", advisor, {k: before[k] for k in changed}, changed)
    return advisor


def training_delay(advisor, today: date | None = None) -> str:
    """A warning when training starts (or has not started) later than it was due (see Advisor.training_due_by)."""
    if advisor.training_completed or advisor.ccp1_certified_on or not advisor.in_post:
        return ""
    start = advisor.training_start or advisor.training_planned_start
    if start is None:
        if (today or timezone.localdate()) > advisor.training_due_by:
            return f"Formation non planifiée : elle devait commencer avant le {advisor.training_due_by:%d/%m/%Y}"
        return ""
    if start > advisor.training_due_by:
        late = (start - advisor.hired_on).days
        due = f"{advisor.training_due_by:%d/%m/%Y}"
        return f"Formation commencée {late} jours après le début du contrat (elle devait commencer avant le {due})"
    return ""
