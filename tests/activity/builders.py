"""Builders shared by the activity, API and steering tests: valid form and service data, and the figures
counted straight from the reports that the rollups and statistics are compared with (this module holds no test)."""

import datetime
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from conum.activity.enums import (
    AdministrativeTheme,
    AgeBand,
    Autonomy,
    DurationBand,
    Equipment,
    Location,
    Redirection,
    ReportKind,
    SocialStatus,
    Theme,
)
from conum.activity.models import ActivityReport, DepartementRollup
from conum.activity.reports import rollups
from conum.activity.reports import services as reports
from conum.activity.reports.dimensions import COLUMNS
from conum.activity.reports.inputs import FOLLOWUPS, parse_report

PARIS = ZoneInfo("Europe/Paris")
LIMOGES = "87085"


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def place_form(**overrides) -> dict:
    """A valid place form, as a browser without JavaScript posts it."""
    data = {
        "name": "Espace numérique du Val de l'Aurence",
        "typology": "MUNI",
        "address": "2 rue Eugène Varlin",
        "address_complement": "Rez-de-chaussée",
        "commune": "Limoges",
        "commune_choix": LIMOGES,
        "postal_code": "87100",
        "latitude": "",
        "longitude": "",
        "siret": "",
        "phone": "05 55 45 60 00",
        "email": "numerique@ville-limoges.fr",
        "website": "https://www.limoges.fr",
        "opening_hours": "mo-fr 9:00-12:00 , 14:00-17:00;sa 09:00-12:00",
        "services": ["Maîtrise des outils numériques du quotidien", "Aide aux démarches administratives"],
        "publics": ["Seniors"],
        "specific_support": [],
        "fees": ["Gratuit"],
        "access_modes": ["Se présenter", "Téléphoner"],
        "accompaniment_modes": ["Accompagnement individuel", "Dans un atelier collectif"],
        "national_programmes": ["France Services"],
        "short_presentation": "Un espace public numérique au cœur du quartier, ouvert à tous.",
        "long_presentation": "Des ordinateurs en accès libre.\nDes ateliers chaque semaine.",
        "accessibility": "Accès de plain-pied, place de stationnement réservée.",
    }
    return data | overrides


def individual_data(at, **overrides) -> dict:
    """A valid individual report at `place`, yesterday."""
    data = {
        "date": timezone.localdate() - timedelta(days=1),
        "kind": "individuel",
        "location": "lieu_activite",
        "place": at.pk,
        "duration_minutes": 45,
        "participants": 1,
        "returning_participants": 0,
        "age_60_69": 1,
        "status_retraite": 1,
        "themes": ["email", "aide_aux_demarches_administratives"],
        "administrative_themes": ["argent_impots"],
        "equipment": ["telephone"],
        "autonomy": "partiellement_autonome",
        "redirections": [],
        "followup_individual": 1,
    }
    return data | overrides


def workshop_data(at, **overrides) -> dict:
    """A valid workshop report of 6 participants at `place`, yesterday."""
    data = {
        "date": timezone.localdate() - timedelta(days=1),
        "kind": "collectif",
        "location": "lieu_activite",
        "place": at.pk,
        "duration_minutes": 120,
        "participants": 6,
        "returning_participants": 2,
        "age_60_69": 2,
        "age_70_plus": 3,
        "age_non_communique": 1,
        "status_retraite": 5,
        "status_non_communique": 1,
        "themes": ["prendre_en_main_du_materiel", "securite_numerique"],
        "equipment": ["telephone", "tablette"],
        "followup_workshop": 4,
    }
    return data | overrides


def save_report(advisor, by, data: dict) -> ActivityReport:
    """A report saved as the form and the API save it: its data parsed, then created."""
    return reports.create_report(advisor, by, parse_report(data, advisor=advisor))


def bulk_reports(made, deleted=()) -> list[ActivityReport]:
    """Read-side datasets: the reports of `made` ([(advisor, data)]) each checked as `save_report` checks it,
    inserted in bulk with their rollup rows (rollups.bulk_build); those at the indexes in `deleted` are
    soft-deleted (no rollup). Writes, edits and deletions are tested report by report (test_rollups.py)."""
    now = timezone.now()
    saved = [
        ActivityReport(
            advisor=advisor,
            structure=advisor.structure,
            deleted_at=now if index in deleted else None,
            **parse_report(data, advisor=advisor).columns(),
        )
        for index, (advisor, data) in enumerate(made)
    ]
    ActivityReport.objects.bulk_create(saved)
    rollups.bulk_build([report for report in saved if report.deleted_at is None])
    return saved


def edit_report(report, by, changes: dict) -> ActivityReport:
    """An edit as the API makes it: the changes parsed over the stored report (read again), then saved."""
    stored = ActivityReport.objects.select_related("advisor", "structure").get(pk=report.pk)
    return reports.update_report(stored, by, parse_report(changes, advisor=stored.advisor, report=stored))


def individual_post(at, **overrides):
    data = {
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "location": "lieu_activite",
        "place": str(at.pk),
        "duration": "30",
        "returning": "0",
        "age": "70_plus",
        "status": "retraite",
        "themes": ["email", "prendre_en_main_du_materiel"],
        "equipment": ["telephone"],
        "autonomy": "autonome",
        "followups": ["followup_workshop"],
        "next": "another",
    }
    return data | overrides


def random_data(rng, places, today) -> dict:
    kind = rng.choice(ReportKind.values)
    participants = 1 if kind != ReportKind.WORKSHOP else rng.randint(1, 100)
    data = {
        "date": today - timedelta(days=rng.randint(0, 4)),
        "kind": kind,
        "location": rng.choice(Location.values),
        "duration_minutes": rng.choice([1, 15, 30, 31, 45, 60, 61, 90, 120, 121, 240, 480, rng.randint(1, 480)]),
        "participants": participants,
        "returning_participants": rng.randint(0, participants),
        "themes": rng.sample(Theme.values, rng.randint(1, 4)),
        "equipment": rng.sample([e for e in Equipment.values if e != Equipment.NONE], rng.randint(0, 2)),
        "redirections": rng.sample(Redirection.values, rng.randint(0, 2)),
    }
    if data["location"] == Location.PLACE:
        data["place"] = rng.choice(places).pk
    elif data["location"] in (Location.HOME, Location.OTHER):
        data["commune"] = rng.choice(["87085", "87154", "19272", "23096"])
    if Theme.ADMINISTRATIVE in data["themes"]:
        data["administrative_themes"] = rng.sample(AdministrativeTheme.values, rng.randint(0, 3))
    if kind == ReportKind.INDIVIDUAL:
        data["autonomy"] = rng.choice(["", *Autonomy.values])
    for prefix, values in (("age", AgeBand.values), ("status", SocialStatus.values)):
        for _person in range(participants):
            name = f"{prefix}_{rng.choice(values)}"
            data[name] = data.get(name, 0) + 1
    for name in ("followup_individual", "followup_workshop", "followup_redirected"):
        data[name] = rng.randint(0, participants)
    return data


def full_data(data) -> dict:
    """An edit replaces every count: the ones the new data leaves out are 0."""
    counts = {f"age_{value}": 0 for value in AgeBand.values} | {f"status_{value}": 0 for value in SocialStatus.values}
    return counts | {"place": None, "commune": None, "autonomy": "", "administrative_themes": []} | data


def departement_table(model=DepartementRollup, period="date") -> dict:
    """The rows per département (day rows, or month rows with `period="month"`) as
    {(date or month, département, kind): non-zero columns}."""
    return {
        (getattr(row, period), row.departement_id, row.kind): {
            column: getattr(row, column) for column in COLUMNS if getattr(row, column)
        }
        for row in model.objects.all()
    }


def direct(start, end, **scope) -> dict:
    """The figures counted straight from the live reports of the period (no rollup)."""
    live = list(ActivityReport.objects.live().filter(date__gte=start, date__lte=end, **scope))
    figures = {
        "reports": len(live),
        "accompaniments": sum(r.participants for r in live),
        "people": sum(r.participants - r.returning_participants for r in live),
        "workshops": sum(r.kind == ReportKind.WORKSHOP for r in live),
        "hours": (Decimal(sum(r.duration_minutes for r in live)) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP),
        "kinds": [sum(r.kind == kind for r in live) for kind in ReportKind.values],
        "themes": [sum(theme in r.themes for r in live) for theme in Theme.values],
        "administrative_themes": [sum(v in r.administrative_themes for r in live) for v in AdministrativeTheme.values],
        "ages": [sum(getattr(r, f"age_{band}") for r in live) for band in AgeBand.values],
        "statuses": [sum(getattr(r, f"status_{value}") for r in live) for value in SocialStatus.values],
        "locations": [sum(r.location == value for r in live) for value in Location.values],
        "durations": [sum(DurationBand.of(r.duration_minutes) == band for r in live) for band in DurationBand.values],
        "equipment": [sum(value in r.equipment for r in live) for value in Equipment.values],
        "redirections": [sum(value in r.redirections for r in live) for value in Redirection.values],
        "followups": [sum(getattr(r, name) for r in live) for name in FOLLOWUPS],
    }
    individual = [r for r in live if r.kind == ReportKind.INDIVIDUAL]
    figures["autonomy"] = [sum(r.autonomy == value for r in individual) for value in ("entierement_accompagne",
                           "partiellement_autonome", "autonome", "")]  # fmt: skip
    return figures


def from_rollups(stats) -> dict:
    figures = {
        "reports": stats.reports,
        "accompaniments": stats.accompaniments,
        "people": stats.people,
        "workshops": stats.workshops,
        "hours": stats.hours,
    }
    for distribution in stats.distributions:
        figures[distribution.key] = [line.count for line in distribution.lines]
    return figures
