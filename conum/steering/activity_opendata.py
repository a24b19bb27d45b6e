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

from conum.activity.enums import ReportKind
from conum.activity.models import DepartementMonthRollup
from conum.activity.reports.dimensions import BY_NAME

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
THEMES = BY_NAME["theme"]
ONE_DECIMAL = Decimal("0.1")


class _Echo:
    def write(self, value):
        return value


def grouped_rows():
    """The rollups per département × month × kind, in a stable order (one query, iterated)."""
    counts = ["reports", "participants", "returning_participants", "duration_minutes", *THEMES.columns]
    return DepartementMonthRollup.objects.values("departement", "departement__name", "kind", "month", *counts).order_by(
        "departement", "month", "kind"
    )


def records():
    """The file's rows as lists, in HEADER's order."""
    kinds = set(ReportKind.values)
    for group in grouped_rows().iterator(chunk_size=2000):
        if group["kind"] not in kinds:
            continue
        minutes = group["duration_minutes"]
        totals = [
            group["reports"],
            group["participants"],
            group["participants"] - group["returning_participants"],
            minutes,
            str((Decimal(minutes) / 60).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)),
        ]
        for column, value, label in THEMES.values():
            if group[column]:
                yield [
                    group["departement"], group["departement__name"], f"{group['month']:%Y-%m}", group["kind"],
                    value, label, group[column], *totals,
                ]  # fmt: skip


def csv_lines():
    """The file, line by line; its first chunk holds the first row too (the query has answered before the
    response starts: core.availability.started)."""
    writer = csv.writer(_Echo(), lineterminator="\n")
    rows = records()
    yield writer.writerow(HEADER) + "".join(writer.writerow(record) for record in islice(rows, 1))
    for record in rows:
        yield writer.writerow(record)
