"""Beneficiary files: create, edit, link to reports, export on request, erase, anonymise after two years.

A file belongs to its structure: the advisors in post there share it (BeneficiaryQuerySet). Each write runs in
one transaction and is journaled without the person's name (the journal is never erased).

Unique people. The statistics count people accompanied as participants - returning participants (the rollups'
columns). A report linked to a file has its "returning" answer set by the file: 0 for the file's first live
report (by date, then number), 1 for the others (`renumber`, run under the file's row lock whenever a report
of the file is created, moved, dated again or deleted). So each file counts exactly once, anonymous reports
keep the advisor's answer, and erasing a file changes no figure (its reports keep their answers and become
anonymous). Statistics pages pay nothing for it: no new column, no new query; a write pays one read of the
file's reports. Lock order: file rows (by pk), then report rows, then rollup rows.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from conum.activity.beneficiaries.inputs import BeneficiaryInput
from conum.activity.models import ActivityReport, Appointment, Beneficiary
from conum.activity.reports import rollups
from conum.core import journal
from conum.core.dates import add_months
from conum.core.errors import RuleViolation
from conum.core.inputs import InvalidInput

INACTIVE_MONTHS = 24  # files with no activity for two years are anonymised
FILE_FIELDS = ["commune", "age_band", "themes"]  # what the journal keeps of a file (nothing that names the person)
NOT_YOUR_FILE = "Ce dossier n'est pas celui d'une personne accompagnée par votre structure."


def _label(beneficiary) -> str:
    return f"Dossier n° {beneficiary.pk}"


def lock(pks) -> dict[int, Beneficiary]:
    """Lock the files (by pk order: the lock order of every writer) and return them by pk."""
    pks = sorted({pk for pk in pks if pk})
    if not pks:
        return {}
    return {row.pk: row for row in Beneficiary.objects.select_for_update().filter(pk__in=pks).order_by("pk")}


def usable(beneficiary: Beneficiary | None, structure_id: int) -> bool:
    return beneficiary is not None and beneficiary.anonymised_at is None and beneficiary.structure_id == structure_id


def _check_advisor(advisor, by):
    if by is None or advisor.user_id != by.pk or not advisor.in_post:
        raise RuleViolation("Seul un conseiller en poste de la structure peut tenir les dossiers de ses personnes.")


def new_file(advisor, by, values: BeneficiaryInput, now: datetime | None = None) -> Beneficiary:
    """Create a file inside the caller's transaction (the consent was checked by the parser)."""
    now = now or timezone.now()
    beneficiary = Beneficiary.objects.create(
        structure=advisor.structure,
        created_by=advisor,
        consent_at=now,
        consent_by=advisor,
        last_activity_at=now,
        **values.columns(),
    )
    after = journal.snapshot(beneficiary, FILE_FIELDS) | {"consent_at": now.isoformat()}
    journal.record(by, "activity.beneficiary_created", beneficiary, None, after, label=_label(beneficiary))
    return beneficiary


def create_beneficiary(advisor, by, values: BeneficiaryInput) -> Beneficiary:
    _check_advisor(advisor, by)
    with transaction.atomic():
        return new_file(advisor, by, values)


def update_beneficiary(beneficiary: Beneficiary, advisor, by, values: BeneficiaryInput) -> Beneficiary:
    _check_advisor(advisor, by)
    with transaction.atomic():
        stored = lock([beneficiary.pk]).get(beneficiary.pk)
        if not usable(stored, advisor.structure_id):
            raise RuleViolation(NOT_YOUR_FILE)
        before = journal.snapshot(stored, FILE_FIELDS)
        for name, value in values.columns().items():
            setattr(stored, name, value)
        stored.save()
        changes = journal.changes(before, journal.snapshot(stored, FILE_FIELDS))
        journal.record(by, "activity.beneficiary_updated", stored, *changes, label=_label(stored))
    return stored


def linked(files: dict[int, Beneficiary], now: datetime | None = None) -> None:
    """After reports of `files` (locked) were written: their "returning" answers renumbered, and the files
    marked active."""
    renumber(files)
    active = [pk for pk, beneficiary in files.items() if beneficiary.anonymised_at is None]
    if active:
        Beneficiary.objects.filter(pk__in=active).update(last_activity_at=now or timezone.now())


def renumber(files) -> int:
    """Give each live report of the files (locked) its "returning" answer: none for the file's first, all its
    participants for the others; the rollups follow. Returns how many reports changed."""
    changed = 0
    for pk in sorted(files):
        reports = ActivityReport.objects.live().filter(beneficiary_id=pk).select_related("commune")
        reports = reports.order_by("date", "pk")
        for index, report in enumerate(reports):
            expected = 0 if index == 0 else report.participants
            if report.returning_participants != expected:
                before = rollups.contribution(report)
                report.returning_participants = expected
                report.save(update_fields=["returning_participants"])
                rollups.change(before, report)
                changed += 1
    return changed


def recheck_link(files: dict[int, Beneficiary], wanted: Beneficiary | None, structure_id: int) -> None:
    """The file chosen for a report, checked again once locked: still the structure's, not anonymised."""
    if wanted is not None and not usable(files.get(wanted.pk), structure_id):
        raise InvalidInput({"beneficiary": [NOT_YOUR_FILE]})


# ---- the person's rights -----------------------------------------------------------------------------


# What the file page, the appointment page and the export read of each report: the rest (counts by age and status,
# notes, follow-ups) stays unread, a long history being a hundred model rows.
HISTORY_COLUMNS = (
    "date", "kind", "location", "duration_minutes", "themes", "advisor__user_id", "advisor__candidate__first_name",
    "advisor__candidate__last_name", "advisor__candidate__erased_at", "place__name", "commune__name",
)  # fmt: skip


def history(beneficiary: Beneficiary):
    """The live reports of the file, by any advisor of the structure, newest first (one query)."""
    return (
        ActivityReport.objects.live()
        .filter(beneficiary=beneficiary)
        .select_related("advisor__candidate", "place", "commune")
        .only(*HISTORY_COLUMNS)
        .order_by("-date", "-pk")
    )


def appointments(beneficiary: Beneficiary):
    """The person's appointments: linked to the file, or to one of its reports (two indexed reads: an OR across
    the join to the reports reads every appointment and every report, seconds at national scale)."""
    reports = list(ActivityReport.objects.filter(beneficiary=beneficiary).values_list("pk", flat=True))
    return (
        Appointment.objects.filter(Q(beneficiary=beneficiary) | Q(report__in=reports))
        .select_related("advisor__candidate", "place")
        .order_by("-starts_at", "-pk")
    )


def export_data(beneficiary: Beneficiary, by) -> dict:
    """Everything the file holds and its history, as the person may ask for it (access right); journaled."""
    reports = [
        {
            "date": report.date.isoformat(),
            "type": report.get_kind_display(),
            "lieu": report.place.name if report.place else report.get_location_display(),
            "commune": report.commune.name,
            "duree_minutes": report.duration_minutes,
            "thematiques": report.themes,
            "conseiller": report.advisor.full_name,
        }
        for report in history(beneficiary)
    ]
    data = {
        "dossier": beneficiary.pk,
        "structure": beneficiary.structure.name,
        "prenom_ou_pseudonyme": beneficiary.name,
        "email": beneficiary.email,
        "telephone": beneficiary.phone,
        "commune": beneficiary.commune.name if beneficiary.commune else "",
        "tranche_age": beneficiary.get_age_band_display() if beneficiary.age_band else "",
        "venue_pour": beneficiary.themes,
        "accord_recueilli_le": timezone.localtime(beneficiary.consent_at).isoformat(),
        "derniere_activite_le": timezone.localtime(beneficiary.last_activity_at).isoformat(),
        "accompagnements": reports,
        "rendez_vous": [
            {
                "debut": timezone.localtime(appointment.starts_at).isoformat(),
                "lieu": appointment.place.name,
                "statut": appointment.get_status_display(),
                "conseiller": appointment.advisor.full_name,
            }
            for appointment in appointments(beneficiary)
        ],
    }
    journal.record(
        by, "activity.beneficiary_exported", beneficiary, after={"reports": len(reports)}, label=_label(beneficiary)
    )
    return data


def _blank(beneficiary: Beneficiary, now: datetime) -> None:
    """Unlink every report (they stay, anonymous, with their answers: no figure changes) and keep nothing of
    the person."""
    ActivityReport.objects.filter(beneficiary=beneficiary).update(beneficiary=None)
    Appointment.objects.filter(beneficiary=beneficiary).update(beneficiary=None)
    Beneficiary.objects.filter(pk=beneficiary.pk).update(
        name="", email="", phone="", commune=None, age_band="", themes=[], anonymised_at=now, updated_at=now
    )


def erase(beneficiary: Beneficiary, advisor, by) -> None:
    """The person asked to be forgotten: the file is emptied and unlinked; the reports stay, anonymous."""
    _check_advisor(advisor, by)
    with transaction.atomic():
        stored = lock([beneficiary.pk]).get(beneficiary.pk)
        if not usable(stored, advisor.structure_id):
            raise RuleViolation(NOT_YOUR_FILE)
        now = timezone.now()
        _blank(stored, now)
        journal.record(by, "activity.beneficiary_erased", stored, after={"anonymised_at": now.isoformat()},
                       label=_label(stored))  # fmt: skip


def inactive(now: datetime):
    """Files not anonymised whose last activity is two years old or more."""
    local = timezone.localtime(now)
    cutoff = timezone.make_aware(datetime.combine(add_months(local.date(), -INACTIVE_MONTHS), local.time()))
    return Beneficiary.objects.filter(anonymised_at__isnull=True, last_activity_at__lte=cutoff).order_by("pk")


def anonymise_inactive(now: datetime | None = None) -> int:
    """Anonymise the files inactive for two years, one transaction each (a file used meanwhile is skipped).
    Idempotent: returns how many were anonymised."""
    now = now or timezone.now()
    done = 0
    for pk in inactive(now).values_list("pk", flat=True):
        with transaction.atomic():
            stored = lock([pk]).get(pk)
            if stored is None or not inactive(now).filter(pk=pk).exists():
                continue
            _blank(stored, now)
            journal.record(None, "activity.beneficiary_anonymised", stored, after={"anonymised_at": now.isoformat()},
                           label=_label(stored))  # fmt: skip
            done += 1
    return done
