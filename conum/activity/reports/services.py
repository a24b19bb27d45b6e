"""Activity reports (comptes rendus d'activité): create, edit and delete, with the rollups and the journal.

A report is written from a `ReportInput` (inputs.py: `parse_report` checked every rule when it read the data).
`create_report` and `update_report` re-check, on the rows they lock, only what may have changed since (the
workshop's report made meanwhile, the place no longer the advisor's), update the rollups (rollups.py) and write
the journal, all in one transaction; nothing is stored when a rule fails. A report of a person's file locks the
file first and renumbers its reports' "returning" answers (beneficiaries/services.py: unique people).
"""

from django.db import transaction
from django.utils import timezone

from conum.activity.beneficiaries import services as files
from conum.activity.models import ActivityReport, Place, Workshop
from conum.activity.reports import rollups
from conum.activity.reports.inputs import (
    AGE_FIELDS,
    FOLLOWUPS,
    NOT_YOUR_PLACE,
    STATUS_FIELDS,
    WORKSHOP_ALREADY_REPORTED,
    ReportInput,
    workshop_report,
)
from conum.core import journal
from conum.core.errors import RuleViolation
from conum.core.inputs import InvalidInput
from conum.core.roles import Role

# What the journal keeps of a report: no notes (free text may hold personal data despite the rule).
JOURNAL_FIELDS = [
    "date", "kind", "location", "place", "commune", "duration_minutes", "participants", "returning_participants",
    "themes", "administrative_themes", "equipment", "autonomy", "redirections", *FOLLOWUPS, "workshop",
    "beneficiary", *AGE_FIELDS, *STATUS_FIELDS,
]  # fmt: skip


def _check_author(advisor, by, action):
    if by is None or getattr(by, "role", None) != Role.ADVISOR or advisor.user_id != by.pk:
        raise RuleViolation(f"Seul le conseiller auteur d'un compte rendu peut {action}.")


def _journal_values(report) -> dict:
    return journal.snapshot(report, fields=JOURNAL_FIELDS)


def _recheck(advisor, values: ReportInput, report: ActivityReport | None = None) -> None:
    """What may have changed since the input was parsed, checked again on locked rows: the place is still one
    of the advisor's, and no other report was made from the workshop meanwhile."""
    if values.place is not None:
        place = Place.objects.select_for_update().filter(pk=values.place.pk, advisors=advisor).first()
        if place is None:
            raise InvalidInput({"place": [NOT_YOUR_PLACE]})
    if values.workshop is not None:
        # Locked: two reports made at once from one workshop are made one after the other.
        Workshop.objects.select_for_update().filter(pk=values.workshop.pk).first()
        if existing := workshop_report(values.workshop, report):
            raise InvalidInput({"workshop": [WORKSHOP_ALREADY_REPORTED.format(pk=existing.pk, date=existing.date)]})


def create_report(advisor, by, values: ReportInput) -> ActivityReport:
    """Record a new report of `advisor`, written by `by` (the advisor's own account)."""
    _check_author(advisor, by, "l'enregistrer")
    if not advisor.in_post:
        raise RuleViolation("Ce conseiller n'est plus en poste : il ne saisit plus de comptes rendus.")
    with transaction.atomic():
        locked = files.lock([values.beneficiary.pk] if values.beneficiary else [])
        files.recheck_link(locked, values.beneficiary, advisor.structure_id)
        _recheck(advisor, values)
        columns = values.columns()
        if values.new_beneficiary is not None:
            columns["beneficiary"] = files.new_file(advisor, by, values.new_beneficiary)
            locked = files.lock([columns["beneficiary"].pk])
        report = ActivityReport.objects.create(advisor=advisor, structure=advisor.structure, **columns)
        rollups.add(report)
        files.linked(locked)
        if locked:
            report.refresh_from_db(fields=["returning_participants"])
        journal.record(by, "activity.report_created", report, None, _journal_values(report))
    return report


def update_report(report: ActivityReport, by, values: ReportInput) -> ActivityReport:
    """Change a report to `values` (parsed with `parse_report(…, report=report)`)."""
    _check_author(report.advisor, by, "le modifier")
    with transaction.atomic():
        # Files before the report: the lock order of every writer (beneficiaries/services.py).
        former = ActivityReport.objects.filter(pk=report.pk).values_list("beneficiary_id", flat=True).first()
        locked = files.lock([former, values.beneficiary.pk if values.beneficiary else None])
        stored = (
            ActivityReport.objects.select_for_update(of=("self",))
            .select_related("advisor", "structure__commune")
            .get(pk=report.pk)
        )
        if stored.deleted_at is not None:
            raise RuleViolation("Ce compte rendu a été supprimé : il ne peut plus être modifié.")
        if stored.beneficiary_id != former:
            raise RuleViolation("Ce compte rendu vient d'être modifié par ailleurs : recommencez.")
        files.recheck_link(locked, values.beneficiary, stored.structure_id)
        _recheck(stored.advisor, values, stored)
        before = _journal_values(stored)
        contribution = rollups.contribution(stored)
        for name, value in values.columns().items():
            setattr(stored, name, value)
        if values.new_beneficiary is not None:
            stored.beneficiary = files.new_file(stored.advisor, by, values.new_beneficiary)
            locked |= files.lock([stored.beneficiary.pk])
        stored.save()
        rollups.change(contribution, stored)
        files.linked(locked)
        if locked:
            stored.refresh_from_db(fields=["returning_participants"])
        journal.record(by, "activity.report_updated", stored, *journal.changes(before, _journal_values(stored)))
    return stored


def delete_report(report: ActivityReport, by) -> ActivityReport:
    """Soft-delete a report: it leaves the list and the statistics, and stays in the database."""
    _check_author(report.advisor, by, "le supprimer")
    with transaction.atomic():
        former = ActivityReport.objects.filter(pk=report.pk).values_list("beneficiary_id", flat=True).first()
        locked = files.lock([former])
        stored = ActivityReport.objects.select_for_update().get(pk=report.pk)
        if stored.deleted_at is not None:
            raise RuleViolation("Ce compte rendu est déjà supprimé.")
        stored.deleted_at = timezone.now()
        stored.save(update_fields=["deleted_at", "updated_at"])
        rollups.remove(stored)
        files.renumber(locked)  # the file's next report becomes its first
        journal.record(by, "activity.report_deleted", stored, {"deleted_at": None}, {"deleted_at": stored.deleted_at})
    return stored
