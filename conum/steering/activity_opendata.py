"""Open data: aggregated activity by département × month × kind of accompaniment × theme, from the rollups.

One SQL query reads the month rows per département (where the accompaniments took place: the territory rule),
month and kind (`DepartementMonthRollup`, already grouped so); each gives one CSV row per theme listed by at
least one of its reports. The group's
totals (reports, participants, people accompanied, minutes) are repeated on each of its theme rows, so one
row is enough to read them. No personal data: no advisor, structure, commune or free text, only counts of a
whole département and month.

Format: UTF-8 without BOM, comma separator, "." decimal separator, one header row (data.gouv.fr's
preference). Streamed from the database on each download, hence always current (the current month is
partial). `COLUMNS` is the data dictionary, also published in docs/open-data.md.
"""

import csv
from decimal import ROUND_HALF_UP, Decimal
from itertools import islice

from django.db.models import F

from conum.activity.enums import ReportKind, Theme
from conum.activity.models import DepartementMonthRollup

FILE_NAME = "conum_activite-par-departement-mois-type-theme.csv"
COLUMNS = [
    ("departement_code", "Code INSEE du département où les accompagnements ont eu lieu (87, 2A, 971…)."),
    ("departement_nom", "Nom du département."),
    ("mois", "Mois des accompagnements, AAAA-MM (le mois en cours est partiel)."),
    ("type_accompagnement", "individuel, collectif (atelier) ou ponctuel (demande ponctuelle)."),
    ("thematique", "Code de la thématique (vocabulaire des comptes rendus)."),
    ("thematique_libelle", "Libellé de la thématique."),
    (
        "comptes_rendus_thematique",
        "Comptes rendus du département, du mois et du type qui citent cette thématique. Un compte rendu peut "
        "citer plusieurs thématiques : la somme sur les thématiques dépasse souvent comptes_rendus.",
    ),
    ("comptes_rendus", "Tous les comptes rendus du département, du mois et du type (répété sur chaque thématique)."),
    ("participants", "Accompagnements : somme des participants de ces comptes rendus (répété)."),
    (
        "personnes_accompagnees",
        "Participants moins les personnes déjà accompagnées auparavant (répété).",
    ),
    ("duree_minutes", "Durée totale des comptes rendus en minutes, chaque compte rendu une fois (répété)."),
    ("heures", "duree_minutes / 60, arrondi à une décimale (répété)."),
]
HEADER = [name for name, _description in COLUMNS]
ONE_DECIMAL = Decimal("0.1")


class _Echo:
    def write(self, value):
        return value


def grouped_rows():
    """The rollups per département × month × kind, in a stable order (one query, iterated)."""
    sums = {
        "s_reports": F("reports"),
        "s_participants": F("participants"),
        "s_returning": F("returning_participants"),
        "s_minutes": F("duration_minutes"),
        **{f"s_theme_{value}": F(f"theme_{value}") for value in Theme.values},
    }
    return DepartementMonthRollup.objects.values("departement", "departement__name", "kind", "month", **sums).order_by(
        "departement", "month", "kind"
    )


def records():
    """The file's rows as lists, in HEADER's order."""
    kinds = set(ReportKind.values)
    for group in grouped_rows().iterator(chunk_size=2000):
        if group["kind"] not in kinds:
            continue
        minutes = group["s_minutes"] or 0
        totals = [
            group["s_reports"] or 0,
            group["s_participants"] or 0,
            (group["s_participants"] or 0) - (group["s_returning"] or 0),
            minutes,
            str((Decimal(minutes) / 60).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)),
        ]
        for value, label in Theme.choices:
            count = group[f"s_theme_{value}"] or 0
            if count:
                yield [
                    group["departement"], group["departement__name"], f"{group['month']:%Y-%m}", group["kind"],
                    value, label, count, *totals,
                ]  # fmt: skip


def csv_lines():
    """The file, line by line; its first chunk holds the first row too (the query has answered before the
    response starts: core.availability.started)."""
    writer = csv.writer(_Echo(), lineterminator="\n")
    rows = records()
    yield writer.writerow(HEADER) + "".join(writer.writerow(record) for record in islice(rows, 1))
    for record in rows:
        yield writer.writerow(record)
