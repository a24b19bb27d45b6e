"""Activity reports (comptes rendus d'activité): the rules every report obeys, and its create/edit/delete.

`validate_report` is the one place where the programme's rules live: the entry form calls it, and so does
anything else that writes reports (the REST API), so a report refused by one is refused by the other with
the same French message. `create_report`, `update_report` and `delete_report` call it again, update the
rollups (rollups.py) and write the journal, all in one transaction; nothing is stored when a rule fails.

A report's data is a dict whose keys are the model's field names: date, kind, location, place (a Place or
its pk), commune (a Commune or its INSEE code; for home and other places), duration_minutes, participants,
returning_participants, age_<band> and status_<value> counts (missing ones are 0), themes,
administrative_themes, equipment, redirections (lists of values), autonomy, followup_individual,
followup_workshop, followup_redirected, notes, workshop (a Workshop or its pk).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from conum.activity.enums import (
    MAX_DURATION_MINUTES,
    AdministrativeTheme,
    AgeBand,
    Autonomy,
    Equipment,
    Location,
    Redirection,
    ReportKind,
    SocialStatus,
    Theme,
)
from conum.activity.models import ActivityReport, Place, Workshop
from conum.activity.reports import rollups
from conum.core import journal
from conum.core.errors import RuleViolation
from conum.core.roles import Role
from conum.programme.models import ProgrammeParameters
from conum.territories.models import Commune

# French labels of the journal actions this module records (registered by apps.py).
JOURNAL_LABELS: dict[str, str] = {
    "activity.report_created": "Compte rendu d'activité enregistré",
    "activity.report_updated": "Compte rendu d'activité modifié",
    "activity.report_deleted": "Compte rendu d'activité supprimé",
}
# (roles, label, url name, order) of the main navigation entries this area adds (registered by apps.py).
NAVIGATION: list[tuple] = [
    ([Role.ADVISOR], "Comptes rendus", "reports:list", 40),
    ([Role.ADVISOR], "Mes statistiques", "reports:statistics", 50),
    ([Role.STRUCTURE_MANAGER], "Comptes rendus", "reports:list", 40),
]

MAX_WORKSHOP_PARTICIPANTS = 100
MAX_NOTES_LENGTH = 500
AGE_FIELDS = [f"age_{value}" for value in AgeBand.values]
STATUS_FIELDS = [f"status_{value}" for value in SocialStatus.values]
FOLLOWUPS = {
    "followup_individual": "poursuivent en accompagnement individuel",
    "followup_workshop": "poursuivent en atelier collectif",
    "followup_redirected": "sont réorientées",
}
LISTS = {
    "themes": Theme,
    "administrative_themes": AdministrativeTheme,
    "equipment": Equipment,
    "redirections": Redirection,
}
DATA_FIELDS = {
    "date", "kind", "location", "place", "commune", "duration_minutes", "participants", "returning_participants",
    "autonomy", "notes", "workshop", *AGE_FIELDS, *STATUS_FIELDS, *FOLLOWUPS, *LISTS,
}  # fmt: skip
# What the journal keeps of a report: no notes (free text may hold personal data despite the rule).
JOURNAL_FIELDS = [
    "date", "kind", "location", "place", "commune", "duration_minutes", "participants", "returning_participants",
    "themes", "administrative_themes", "equipment", "autonomy", "redirections", *FOLLOWUPS, "workshop",
    *AGE_FIELDS, *STATUS_FIELDS,
]  # fmt: skip


class InvalidReport(RuleViolation):
    """A report refused by its rules: every message by data key (None for the report as a whole)."""

    def __init__(self, errors: dict[str | None, list[str]]):
        field, messages = next(iter(errors.items()))
        super().__init__(messages[0], field=field)
        self.errors = errors

    @property
    def messages(self) -> list[str]:
        return [message for messages in self.errors.values() for message in messages]


class _Errors(dict):
    def add(self, key, message):
        self.setdefault(key, []).append(message)


def _count(errors, data, key, label, *, required=False) -> int | None:
    """A whole number ≥ 0 from an int or a string of digits; None (and an error) when it isn't one."""
    value = data.get(key)
    if value is None or value == "":
        if required:
            errors.add(key, f"Indiquez {label}.")
            return None
        return 0
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(key, f"Indiquez {label} : un nombre entier.")
        return None
    if value < 0:
        errors.add(key, f"Indiquez {label} : un nombre positif ou nul.")
        return None
    return value


def _choice(errors, data, key, vocabulary, message, *, required=True) -> str:
    value = data.get(key) or ""
    if not value and not required:
        return ""
    if value not in vocabulary.values:
        errors.add(key, message)
        return ""
    return value


def _values(errors, data, key, vocabulary, label) -> list[str]:
    """A list of the vocabulary's values, in the vocabulary's order, without duplicates."""
    values = data.get(key) or []
    if isinstance(values, str) or not isinstance(values, list | tuple | set):
        errors.add(key, f"{label} : une liste de valeurs est attendue.")
        return []
    unknown = sorted({str(value) for value in values} - set(vocabulary.values))
    if unknown:
        errors.add(key, f"{label} : valeur{'s' if len(unknown) > 1 else ''} inconnue{'s' if len(unknown) > 1 else ''} "
                   f"({', '.join(unknown)}).")  # fmt: skip
    return [value for value in vocabulary.values if value in values]


def _date(errors, data) -> date | None:
    value = data.get("date")
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            errors.add("date", "Indiquez une date valide (JJ/MM/AAAA).")
            return None
    if value is None or value == "":
        errors.add("date", "Indiquez la date de l'accompagnement.")
        return None
    if not isinstance(value, date) or hasattr(value, "hour"):
        errors.add("date", "Indiquez une date valide (JJ/MM/AAAA).")
        return None
    today, start = timezone.localdate(), ProgrammeParameters.current().programme_start
    if value > today:
        errors.add("date", f"La date ne peut pas être dans le futur (nous sommes le {today:%d/%m/%Y}).")
    elif value < start:
        errors.add("date", f"La date ne peut pas précéder le début du programme, le {start:%d/%m/%Y}.")
    return value


def _instance(model, value):
    """A model instance from an instance or a primary key; None when there is none."""
    if value is None or value == "":
        return None
    if isinstance(value, model):
        return value
    try:
        return model.objects.filter(pk=value).first()
    except (TypeError, ValueError):
        return None


def validate_report(advisor, data: dict, report: ActivityReport | None = None) -> dict:
    """Check a report's data against every rule; the model values to store, or InvalidReport.

    `report` is the report being edited (None for a new one): it may keep an archived place and its workshop.
    Reads the advisor's places and workshop (locked, when inside a transaction).
    """
    errors = _Errors()
    unknown = sorted(set(data) - DATA_FIELDS)
    if unknown:
        errors.add(None, f"Champ{'s' if len(unknown) > 1 else ''} inconnu{'s' if len(unknown) > 1 else ''} : "
                         f"{', '.join(unknown)}.")  # fmt: skip
    values = {"date": _date(errors, data)}
    kind = values["kind"] = _choice(
        errors, data, "kind", ReportKind, "Choisissez le type : accompagnement individuel, atelier collectif ou "
        "demande ponctuelle."
    )  # fmt: skip
    _check_where(errors, data, values, advisor, report)
    duration = _count(errors, data, "duration_minutes", "la durée en minutes", required=True)
    if duration is not None and not 1 <= duration <= MAX_DURATION_MINUTES:
        errors.add("duration_minutes", f"La durée est comprise entre 1 et {MAX_DURATION_MINUTES} minutes (8 heures).")
    values["duration_minutes"] = duration
    _check_people(errors, data, values, kind)
    _check_themes(errors, data, values)
    values["equipment"] = _values(errors, data, "equipment", Equipment, "Matériel utilisé")
    if Equipment.NONE in values["equipment"] and len(values["equipment"]) > 1:
        errors.add("equipment", "« Pas de matériel » ne se combine pas avec un matériel utilisé.")
    values["redirections"] = _values(errors, data, "redirections", Redirection, "Réorientation")
    values["autonomy"] = _choice(
        errors, data, "autonomy", Autonomy, "Choisissez un degré d'autonomie de la liste.", required=False
    )
    if values["autonomy"] and kind and kind != ReportKind.INDIVIDUAL:
        errors.add("autonomy", "Le degré d'autonomie ne s'indique que pour un accompagnement individuel.")
    notes = data.get("notes") or ""
    if not isinstance(notes, str):
        errors.add("notes", "Les notes sont un texte.")
        notes = ""
    notes = notes.replace("\x00", "").strip()
    if len(notes) > MAX_NOTES_LENGTH:
        errors.add("notes", f"Les notes tiennent en {MAX_NOTES_LENGTH} caractères ({len(notes)} saisis).")
    values["notes"] = notes
    _check_workshop(errors, data, values, advisor, report)
    if errors:
        raise InvalidReport(dict(errors))
    return values


def _check_where(errors, data, values, advisor, report):
    """Location, place and commune: the commune is where the accompaniment took place (territory rule)."""
    location = values["location"] = _choice(
        errors, data, "location", Location, "Indiquez où l'accompagnement a eu lieu : lieu d'activité, à domicile, "
        "à distance ou autre lieu."
    )  # fmt: skip
    values["place"], values["commune"] = None, None
    if location == Location.PLACE:
        raw = data.get("place")
        place = None
        if isinstance(raw, Place | int) or (isinstance(raw, str) and raw.isdigit()):
            pk = raw.pk if isinstance(raw, Place) else int(raw)
            place = Place.objects.select_related("commune").filter(advisors=advisor, pk=pk).first()
        if raw in (None, ""):
            errors.add("place", "Choisissez le lieu d'activité.")
        elif place is None:
            errors.add("place", "Ce lieu ne fait pas partie de vos lieux d'activité.")
        elif place.archived_at is not None and not (report and report.place_id == place.pk):
            errors.add("place", "Ce lieu est archivé : choisissez un de vos lieux d'activité actuels.")
        else:
            values["place"], values["commune"] = place, place.commune
    elif location in (Location.HOME, Location.OTHER):
        commune = _instance(Commune, data.get("commune"))
        if data.get("commune") in (None, ""):
            where = "à domicile" if location == Location.HOME else "dans cet autre lieu"
            errors.add("commune", f"Indiquez la commune où l'accompagnement a eu lieu ({where}).")
        elif commune is None:
            errors.add(
                "commune", "Cette commune est inconnue : indiquez son code INSEE ou choisissez-la dans la liste."
            )
        else:
            values["commune"] = commune
    elif location == Location.REMOTE:
        structure = report.structure if report else advisor.structure
        values["commune"] = structure.commune


def _check_people(errors, data, values, kind):
    participants = _count(errors, data, "participants", "le nombre de participants", required=True)
    if participants is not None:
        if kind == ReportKind.WORKSHOP and not 1 <= participants <= MAX_WORKSHOP_PARTICIPANTS:
            errors.add("participants", f"Un atelier collectif compte de 1 à {MAX_WORKSHOP_PARTICIPANTS} participants.")
            participants = None
        elif kind in (ReportKind.INDIVIDUAL, ReportKind.ONE_OFF) and participants != 1:
            what = "Un accompagnement individuel" if kind == ReportKind.INDIVIDUAL else "Une demande ponctuelle"
            errors.add("participants", f"{what} concerne exactement 1 personne ({participants} indiquées).")
            participants = None
    values["participants"] = participants
    returning = _count(errors, data, "returning_participants", "le nombre de personnes déjà accompagnées")
    if returning is not None and participants is not None and returning > participants:
        errors.add(
            "returning_participants",
            f"Les personnes déjà accompagnées ({returning}) ne peuvent pas dépasser les participants ({participants}).",
        )
    values["returning_participants"] = returning
    for family, fields, vocabulary, what in (
        ("ages", AGE_FIELDS, AgeBand, "par tranche d'âge"),
        ("statuses", STATUS_FIELDS, SocialStatus, "par statut"),
    ):
        counts = {}
        for name, (_value, label) in zip(fields, vocabulary.choices, strict=True):
            counts[name] = _count(errors, data, name, f"le nombre de personnes « {label} »")
        values.update(counts)
        if participants is not None and None not in counts.values() and sum(counts.values()) != participants:
            total = sum(counts.values())
            errors.add(
                family,
                f"La répartition {what} compte {total} personne{'s' if total > 1 else ''} : elle doit faire le "
                f"nombre de participants ({participants}).",
            )
    for name, what in FOLLOWUPS.items():
        count = _count(errors, data, name, f"le nombre de personnes qui {what}")
        if count is not None and participants is not None and count > participants:
            errors.add(
                name, f"Les personnes qui {what} ({count}) ne peuvent pas dépasser les participants ({participants})."
            )
        values[name] = count


def _check_themes(errors, data, values):
    themes = values["themes"] = _values(errors, data, "themes", Theme, "Thématiques")
    if not themes and "themes" not in errors:
        errors.add("themes", "Choisissez au moins une thématique.")
    administrative = values["administrative_themes"] = _values(
        errors, data, "administrative_themes", AdministrativeTheme, "Démarches administratives"
    )
    if administrative and Theme.ADMINISTRATIVE not in themes:
        errors.add(
            "administrative_themes",
            "Les démarches administratives ne se précisent qu'avec la thématique « Aide aux démarches "
            "administratives ».",
        )


def _check_workshop(errors, data, values, advisor, report):
    """A report made from a workshop: the advisor's own session, not cancelled, reported once, collective."""
    raw = data.get("workshop") if "workshop" in data else (report.workshop_id if report else None)
    values["workshop"] = None
    if raw in (None, ""):
        return
    workshop = None
    if isinstance(raw, Workshop | int) or (isinstance(raw, str) and raw.isdigit()):
        pk = raw.pk if isinstance(raw, Workshop) else int(raw)
        workshops = Workshop.objects.filter(pk=pk, advisor=advisor)
        if transaction.get_connection().in_atomic_block:
            # Locked: two reports made at once from one workshop are made one after the other.
            workshops = workshops.select_for_update()
        workshop = workshops.first()
    if workshop is None:
        errors.add("workshop", "Cet atelier ne fait pas partie de vos ateliers.")
        return
    if workshop.cancelled_at is not None and not (report and report.workshop_id == workshop.pk):
        errors.add("workshop", "Cet atelier a été annulé : il n'a pas de compte rendu.")
    if values["kind"] and values["kind"] != ReportKind.WORKSHOP:
        errors.add("kind", "Un compte rendu d'atelier est de type « Atelier collectif ».")
    already = ActivityReport.objects.live().filter(workshop=workshop).exclude(pk=report.pk if report else None)
    if existing := already.first():
        errors.add("workshop", f"Cet atelier a déjà son compte rendu (n° {existing.pk} du {existing.date:%d/%m/%Y}).")
    values["workshop"] = workshop


def report_data(report: ActivityReport) -> dict:
    """A stored report as data (the form's initial values; what an update merges its changes into)."""
    data = {
        name: getattr(report, name)
        for name in (
            "date", "kind", "location", "duration_minutes", "participants", "returning_participants", "autonomy",
            "notes", *AGE_FIELDS, *STATUS_FIELDS, *FOLLOWUPS, *LISTS,
        )
    }  # fmt: skip
    data["place"] = report.place_id
    data["commune"] = report.commune_id if report.location in (Location.HOME, Location.OTHER) else None
    data["workshop"] = report.workshop_id
    return data


def _check_author(advisor, by, action):
    if by is None or getattr(by, "role", None) != Role.ADVISOR or advisor.user_id != by.pk:
        raise RuleViolation(f"Seul le conseiller auteur d'un compte rendu peut {action}.")


def _journal_values(report) -> dict:
    return journal.snapshot(report, fields=JOURNAL_FIELDS)


def create_report(advisor, by, data: dict) -> ActivityReport:
    """Record a new report of `advisor`, written by `by` (the advisor's own account)."""
    _check_author(advisor, by, "l'enregistrer")
    if not advisor.in_post:
        raise RuleViolation("Ce conseiller n'est plus en poste : il ne saisit plus de comptes rendus.")
    with transaction.atomic():
        values = validate_report(advisor, data)
        report = ActivityReport.objects.create(advisor=advisor, structure=advisor.structure, **values)
        rollups.add(report)
        journal.record(by, "activity.report_created", report, None, _journal_values(report))
    return report


def update_report(report: ActivityReport, by, data: dict) -> ActivityReport:
    """Change a report: `data` holds the fields that change (the others keep their value)."""
    _check_author(report.advisor, by, "le modifier")
    with transaction.atomic():
        stored = (
            ActivityReport.objects.select_for_update(of=("self",))
            .select_related("advisor", "structure__commune")
            .get(pk=report.pk)
        )
        if stored.deleted_at is not None:
            raise RuleViolation("Ce compte rendu a été supprimé : il ne peut plus être modifié.")
        values = validate_report(stored.advisor, {**report_data(stored), **data}, report=stored)
        before = _journal_values(stored)
        contribution = rollups.contribution(stored)
        for name, value in values.items():
            setattr(stored, name, value)
        stored.save()
        rollups.change(contribution, stored)
        after = _journal_values(stored)
        changed = [name for name in JOURNAL_FIELDS if before.get(name) != after.get(name)]
        journal.record(
            by,
            "activity.report_updated",
            stored,
            {name: before[name] for name in changed},
            {name: after[name] for name in changed},
        )
    return stored


def delete_report(report: ActivityReport, by) -> ActivityReport:
    """Soft-delete a report: it leaves the list and the statistics, and stays in the database."""
    _check_author(report.advisor, by, "le supprimer")
    with transaction.atomic():
        stored = ActivityReport.objects.select_for_update().get(pk=report.pk)
        if stored.deleted_at is not None:
            raise RuleViolation("Ce compte rendu est déjà supprimé.")
        stored.deleted_at = timezone.now()
        stored.save(update_fields=["deleted_at", "updated_at"])
        rollups.remove(stored)
        journal.record(by, "activity.report_deleted", stored, {"deleted_at": None}, {"deleted_at": stored.deleted_at})
    return stored
