"""An activity report's typed input (compte rendu d'activité), and the one parser that checks its rules.

The entry form (forms.py), the REST API (conum/api/reports.py) and the tests hand `parse_report` the same raw
data, so a report refused by one is refused by the others with the same French message. The services
(services.py) take the `ReportInput` it returns and re-check, on locked rows, only what may have changed
since: the workshop's report not made meanwhile, the place still the advisor's.

The raw data is a mapping whose keys are the model's field names: date, kind, location, place (a Place or
its pk), commune (a Commune or its INSEE code; for home and other places), duration_minutes, participants,
returning_participants, age_<band> and status_<value> counts (missing ones are 0), themes,
administrative_themes, equipment, redirections (lists of values), autonomy, followup_individual,
followup_workshop, followup_redirected, notes, workshop (a Workshop or its pk), and for one person (individual,
one-off) their file: beneficiary (a Beneficiary of the structure or its pk) or new_beneficiary (a mapping of
beneficiaries/inputs.py's keys, the person's consent included); neither: an anonymous accompaniment.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date

from django.utils import timezone

from conum.activity import enums
from conum.activity.beneficiaries.inputs import BeneficiaryInput, parse_beneficiary
from conum.activity.models import ActivityReport, Beneficiary, Place, Workshop
from conum.core.formatting import plural_word
from conum.core.inputs import InvalidInput, Reader
from conum.programme.models import ProgrammeParameters
from conum.territories.models import Commune

MAX_WORKSHOP_PARTICIPANTS = 100
MAX_NOTES_LENGTH = 500
AGE_FIELDS = [f"age_{value}" for value in enums.AgeBand.values]
STATUS_FIELDS = [f"status_{value}" for value in enums.SocialStatus.values]
FOLLOWUPS = {
    "followup_individual": "poursuivent en accompagnement individuel",
    "followup_workshop": "poursuivent en atelier collectif",
    "followup_redirected": "sont réorientées",
}
LISTS = {
    "themes": enums.Theme,
    "administrative_themes": enums.AdministrativeTheme,
    "equipment": enums.Equipment,
    "redirections": enums.Redirection,
}
DATA_FIELDS = {
    "date", "kind", "location", "place", "commune", "duration_minutes", "participants", "returning_participants",
    "autonomy", "notes", "workshop", "beneficiary", "new_beneficiary", *AGE_FIELDS, *STATUS_FIELDS, *FOLLOWUPS, *LISTS,
}  # fmt: skip
WORKSHOP_ALREADY_REPORTED = "Cet atelier a déjà son compte rendu (n° {pk} du {date:%d/%m/%Y})."
NOT_YOUR_PLACE = "Ce lieu ne fait pas partie de vos lieux d'activité."


@dataclass(frozen=True)
class ReportInput:
    """A report's values, every rule checked: what a report row stores, but its advisor and structure.

    `ages` and `statuses` count people by column (age_<band>, status_<value>); the columns left out count 0.
    """

    date: date
    kind: str
    location: str
    place: Place | None
    commune: Commune
    duration_minutes: int
    participants: int
    returning_participants: int
    ages: dict[str, int]
    statuses: dict[str, int]
    themes: list[str]
    administrative_themes: list[str] = field(default_factory=list)
    equipment: list[str] = field(default_factory=list)
    redirections: list[str] = field(default_factory=list)
    autonomy: str = ""
    followup_individual: int = 0
    followup_workshop: int = 0
    followup_redirected: int = 0
    notes: str = ""
    workshop: Workshop | None = None
    beneficiary: Beneficiary | None = None
    new_beneficiary: BeneficiaryInput | None = None  # a file to create with the report (the person agreed)

    def columns(self) -> dict:
        """The report row's values (its model fields), but its advisor and structure."""
        left_out = ("ages", "statuses", "new_beneficiary")
        values = {item.name: getattr(self, item.name) for item in fields(self) if item.name not in left_out}
        return values | dict.fromkeys([*AGE_FIELDS, *STATUS_FIELDS], 0) | self.ages | self.statuses


def report_data(report: ActivityReport) -> dict:
    """A stored report as raw data (the form's initial values; what an edit's changes are merged into)."""
    data = {
        name: getattr(report, name)
        for name in (
            "date", "kind", "location", "duration_minutes", "participants", "returning_participants", "autonomy",
            "notes", *AGE_FIELDS, *STATUS_FIELDS, *FOLLOWUPS, *LISTS,
        )
    }  # fmt: skip
    data["place"] = report.place_id
    data["commune"] = report.commune_id if report.location in (enums.Location.HOME, enums.Location.OTHER) else None
    data["workshop"] = report.workshop_id
    data["beneficiary"] = report.beneficiary_id
    return data


def parse_report(data: Mapping, *, advisor, report: ActivityReport | None = None) -> ReportInput:
    """Check raw report data against every rule: the typed input, or InvalidInput with every message.

    `report` is the report being edited (None for a new one): the fields `data` leaves out keep their stored
    value, and it may keep its archived place and its cancelled workshop.
    """
    if report is not None:
        data = {**report_data(report), **data}
    reader = Reader(data, allowed=DATA_FIELDS)
    values = {"date": _date(reader)}
    kind = values["kind"] = reader.choice(
        "kind",
        enums.ReportKind,
        "Choisissez le type : accompagnement individuel, atelier collectif ou demande ponctuelle.",
    )
    values.update(_where(reader, advisor, report))
    duration = reader.count("duration_minutes", "la durée en minutes", required=True)
    if duration is not None and not 1 <= duration <= enums.MAX_DURATION_MINUTES:
        reader.add(
            "duration_minutes", f"La durée est comprise entre 1 et {enums.MAX_DURATION_MINUTES} minutes (8 heures)."
        )
    values["duration_minutes"] = duration
    values.update(_people(reader, kind))
    values.update(_themes(reader))
    equipment = values["equipment"] = reader.choices("equipment", enums.Equipment, "Matériel utilisé")
    if enums.Equipment.NONE in equipment and len(equipment) > 1:
        reader.add("equipment", "« Pas de matériel » ne se combine pas avec un matériel utilisé.")
    values["redirections"] = reader.choices("redirections", enums.Redirection, "Réorientation")
    autonomy = values["autonomy"] = reader.choice(
        "autonomy", enums.Autonomy, "Choisissez un degré d'autonomie de la liste.", required=False
    )
    if autonomy and kind and kind != enums.ReportKind.INDIVIDUAL:
        reader.add("autonomy", "Le degré d'autonomie ne s'indique que pour un accompagnement individuel.")
    values["notes"] = _notes(reader)
    values["workshop"] = _workshop(reader, kind, advisor, report)
    values["beneficiary"], values["new_beneficiary"] = _person(reader, kind, advisor, report)
    reader.raise_if_any()
    return ReportInput(**values)


def _date(reader) -> date | None:
    day = reader.day("date", "Indiquez la date de l'accompagnement.")
    if day is not None:
        today, start = timezone.localdate(), ProgrammeParameters.current().programme_start
        if day > today:
            reader.add("date", f"La date ne peut pas être dans le futur (nous sommes le {today:%d/%m/%Y}).")
        elif day < start:
            reader.add("date", f"La date ne peut pas précéder le début du programme, le {start:%d/%m/%Y}.")
    return day


def _where(reader, advisor, report) -> dict:
    """Location, place and commune: the commune is where the accompaniment took place (territory rule)."""
    location = reader.choice(
        "location",
        enums.Location,
        "Indiquez où l'accompagnement a eu lieu : lieu d'activité, à domicile, à distance ou autre lieu.",
    )
    where = {"location": location, "place": None, "commune": None}
    if location == enums.Location.PLACE:
        place = reader.instance("place", Place.objects.select_related("commune").filter(advisors=advisor))
        if reader.missing("place"):
            reader.add("place", "Choisissez le lieu d'activité.")
        elif place is None:
            reader.add("place", NOT_YOUR_PLACE)
        elif place.archived_at is not None and not (report and report.place_id == place.pk):
            reader.add("place", "Ce lieu est archivé : choisissez un de vos lieux d'activité actuels.")
        else:
            where["place"], where["commune"] = place, place.commune
    elif location in (enums.Location.HOME, enums.Location.OTHER):
        commune = reader.instance("commune", Commune.objects.all())
        if reader.missing("commune"):
            what = "à domicile" if location == enums.Location.HOME else "dans cet autre lieu"
            reader.add("commune", f"Indiquez la commune où l'accompagnement a eu lieu ({what}).")
        elif commune is None:
            reader.add(
                "commune", "Cette commune est inconnue : indiquez son code INSEE ou choisissez-la dans la liste."
            )
        else:
            where["commune"] = commune
    elif location == enums.Location.REMOTE:
        where["commune"] = (report.structure if report else advisor.structure).commune
    return where


def _people(reader, kind) -> dict:
    """The participants, those already accompanied, their ages, statuses and follow-ups."""
    participants = reader.count("participants", "le nombre de participants", required=True)
    if participants is not None:
        if kind == enums.ReportKind.WORKSHOP and not 1 <= participants <= MAX_WORKSHOP_PARTICIPANTS:
            reader.add("participants", f"Un atelier collectif compte de 1 à {MAX_WORKSHOP_PARTICIPANTS} participants.")
            participants = None
        elif kind in (enums.ReportKind.INDIVIDUAL, enums.ReportKind.ONE_OFF) and participants != 1:
            what = "Un accompagnement individuel" if kind == enums.ReportKind.INDIVIDUAL else "Une demande ponctuelle"
            reader.add("participants", f"{what} concerne exactement 1 personne ({participants} indiquées).")
            participants = None
    returning = reader.count("returning_participants", "le nombre de personnes déjà accompagnées")
    if returning is not None and participants is not None and returning > participants:
        reader.add(
            "returning_participants",
            f"Les personnes déjà accompagnées ({returning}) ne peuvent pas dépasser les participants ({participants}).",
        )
    people = {"participants": participants, "returning_participants": returning}
    for family, columns, vocabulary, what in (
        ("ages", AGE_FIELDS, enums.AgeBand, "par tranche d'âge"),
        ("statuses", STATUS_FIELDS, enums.SocialStatus, "par statut"),
    ):
        counts = people[family] = {
            column: reader.count(column, f"le nombre de personnes « {label} »")
            for column, label in zip(columns, vocabulary.labels, strict=True)
        }
        if participants is not None and None not in counts.values() and sum(counts.values()) != participants:
            total = sum(counts.values())
            reader.add(
                family,
                f"La répartition {what} compte {total} {plural_word(total, 'personne')} : elle doit faire le "
                f"nombre de participants ({participants}).",
            )
    for name, what in FOLLOWUPS.items():
        count = people[name] = reader.count(name, f"le nombre de personnes qui {what}")
        if count is not None and participants is not None and count > participants:
            reader.add(
                name, f"Les personnes qui {what} ({count}) ne peuvent pas dépasser les participants ({participants})."
            )
    return people


def _themes(reader) -> dict:
    themes = reader.choices("themes", enums.Theme, "Thématiques")
    if not themes and not reader.refused("themes"):
        reader.add("themes", "Choisissez au moins une thématique.")
    administrative = reader.choices("administrative_themes", enums.AdministrativeTheme, "Démarches administratives")
    if administrative and enums.Theme.ADMINISTRATIVE not in themes:
        reader.add(
            "administrative_themes",
            "Les démarches administratives ne se précisent qu'avec la thématique « Aide aux démarches "
            "administratives ».",
        )
    return {"themes": themes, "administrative_themes": administrative}


def _notes(reader) -> str:
    if not isinstance(reader.raw("notes") or "", str):
        reader.add("notes", "Les notes sont un texte.")
        return ""
    notes = reader.text("notes")
    if len(notes) > MAX_NOTES_LENGTH:
        reader.add("notes", f"Les notes tiennent en {MAX_NOTES_LENGTH} caractères ({len(notes)} saisis).")
    return notes


def _workshop(reader, kind, advisor, report) -> Workshop | None:
    """A report made from a workshop: the advisor's own session, not cancelled, reported once, collective."""
    if reader.missing("workshop"):
        return None
    workshop = reader.instance("workshop", Workshop.objects.filter(advisor=advisor))
    if workshop is None:
        reader.add("workshop", "Cet atelier ne fait pas partie de vos ateliers.")
        return None
    if workshop.cancelled_at is not None and not (report and report.workshop_id == workshop.pk):
        reader.add("workshop", "Cet atelier a été annulé : il n'a pas de compte rendu.")
    if kind and kind != enums.ReportKind.WORKSHOP:
        reader.add("kind", "Un compte rendu d'atelier est de type « Atelier collectif ».")
    if existing := workshop_report(workshop, report):
        reader.add("workshop", WORKSHOP_ALREADY_REPORTED.format(pk=existing.pk, date=existing.date))
    return workshop


def workshop_report(workshop: Workshop, report: ActivityReport | None = None) -> ActivityReport | None:
    """The live report already made from `workshop`, other than `report`."""
    return ActivityReport.objects.live().filter(workshop=workshop).exclude(pk=report.pk if report else None).first()


ANONYMOUS_ONLY = "Un atelier collectif reste anonyme : seul un accompagnement d'une personne se relie à son dossier."
FILE_UNKNOWN = "Ce dossier n'est pas celui d'une personne accompagnée par votre structure."


def _person(reader, kind, advisor, report) -> tuple[Beneficiary | None, BeneficiaryInput | None]:
    """The person's file: one of the structure's (not anonymised), a new one, or none (anonymous)."""
    chosen, new = not reader.missing("beneficiary"), reader.raw("new_beneficiary")
    if not chosen and not new:
        return None, None
    if kind == enums.ReportKind.WORKSHOP:
        reader.add("beneficiary", ANONYMOUS_ONLY)
        return None, None
    if chosen and new:
        reader.add("beneficiary", "Choisissez un dossier existant ou créez-en un nouveau, pas les deux.")
        return None, None
    if new:
        if not isinstance(new, Mapping):
            reader.add("new_beneficiary", "Le nouveau dossier : un objet est attendu (name, consent…).")
            return None, None
        try:
            return None, parse_beneficiary(new, creating=True, prefix="beneficiary_")
        except InvalidInput as refusal:
            for key, messages in refusal.errors.items():
                for message in messages:
                    reader.add(key or "new_beneficiary", message)
            return None, None
    structure_id = report.structure_id if report else advisor.structure_id
    files = Beneficiary.objects.filter(structure_id=structure_id, anonymised_at__isnull=True)
    beneficiary = reader.instance("beneficiary", files)
    if beneficiary is None:
        reader.add("beneficiary", FILE_UNKNOWN)
    return beneficiary, None
