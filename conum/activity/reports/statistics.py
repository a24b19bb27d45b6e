"""Activity statistics for a period, from the rollups only (never the reports): one grouped query per table.

`activity_statistics(rollups, start, end)` takes the rollups of a scope: a queryset of the daily rows already
restricted to it (an advisor, a structure, a commune…), or a condition on the rows per département
(`departement_period_rows`: national, région, département), so every page and export that shows activity
figures shares the same definitions, declared with the counted dimensions (dimensions.py):

- accompaniments: the sum of participants; people accompanied: participants - returning participants, i.e.
  unique people (a report linked to a person's file is "returning" unless it is the file's first: see
  beneficiaries/services.py);
- workshops: reports of kind "collectif"; hours: the sum of report durations / 60;
- distributions: percentages to one decimal of a stated base (reports, participants, or the individual
  reports for autonomy); families that a report may list several times (themes, equipment…) can sum
  past 100 %.

`theme` (optional) adds the number of reports listing that theme, in total and per month (`theme_reports`):
a rollup row sums reports with different themes, so the other figures cannot be restricted to one theme;
they stay those of every report of the scope. `kind` (optional) is exact: the rows are filtered on it.

`period_rows(start, end)` says which rows to add or take away (the daily rows; or per département, month
rows, and day rows at the edges of the period); each table's rows are summed per month × kind in SQL (at
most 13 × 3 result rows a year), and the totals added up from those in Python.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum

from conum.activity.enums import ReportKind, Theme
from conum.activity.models import departement_period_rows
from conum.activity.reports.dimensions import ADMINISTRATIVE, COLUMNS, DIMENSIONS, INDIVIDUAL, PARTICIPANTS, REPORTS
from conum.core.dates import month_start, months_between
from conum.core.formatting import one_decimal, plural, thousands

ONE_DECIMAL = Decimal("0.1")


def percent(count: int, base: int) -> Decimal | None:
    if not base:
        return None
    return (Decimal(count) * 100 / Decimal(base)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent_fr(value: Decimal | None) -> str:
    return "—" if value is None else f"{one_decimal(value)}\xa0%"


# ---- periods ---------------------------------------------------------------------------------------


PRESETS = {
    "month": ("Ce mois-ci", 0),
    "3_months": ("Les 3 derniers mois", 2),
    "12_months": ("Les 12 derniers mois", 11),
}
DEFAULT_PRESET = "12_months"


def preset_period(preset: str, today: date) -> tuple[date, date]:
    """Whole months up to today: this month, or the last 3 or 12 months (the current one included)."""
    return month_start(today, -PRESETS[preset][1]), today


# ---- figures ---------------------------------------------------------------------------------------


@dataclass
class Line:
    label: str
    count: int
    base: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.count, self.base)

    @property
    def count_display(self) -> str:
        return thousands(self.count)

    @property
    def percent_display(self) -> str:
        return percent_fr(self.percent)


@dataclass
class Distribution:
    key: str
    title: str
    unit: str  # what is counted: "comptes rendus" or "personnes"
    base: int
    base_label: str  # "1 234 comptes rendus"
    lines: list[Line]
    note: str = ""

    @property
    def caption(self) -> str:
        return f"{self.title} — en % de {self.base_label}"


@dataclass
class Month:
    month: date
    reports: int
    accompaniments: int
    people: int
    workshops: int
    duration_minutes: int
    theme_reports: int = 0

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.duration_minutes) / 60).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)

    @property
    def hours_display(self) -> str:
        return one_decimal(Decimal(self.duration_minutes) / 60)


@dataclass
class ActivityStatistics:
    start: date
    end: date
    totals: dict[str, int]
    kinds: list[Line] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)
    months: list[Month] = field(default_factory=list)
    theme: str = ""

    @property
    def theme_reports(self) -> int:
        """Reports listing the chosen theme (0 without a theme)."""
        return self.totals[f"theme_{self.theme}"] if self.theme else 0

    @property
    def theme_line(self) -> Line | None:
        return Line(Theme(self.theme).label, self.theme_reports, self.reports) if self.theme else None

    @property
    def reports(self) -> int:
        return self.totals["reports"]

    @property
    def accompaniments(self) -> int:
        return self.totals["participants"]

    @property
    def people(self) -> int:
        return self.totals["participants"] - self.totals["returning_participants"]

    @property
    def workshops(self) -> int:
        return self.totals[f"reports_{ReportKind.WORKSHOP}"]

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.totals["duration_minutes"]) / 60).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)

    @property
    def key_figures(self) -> list[tuple[str, str]]:
        return [
            ("Accompagnements (participants)", thousands(self.accompaniments)),
            ("Personnes uniques (une par dossier, et les anonymes pas encore accompagnées)", thousands(self.people)),
            ("Comptes rendus", thousands(self.reports)),
            ("Ateliers collectifs", thousands(self.workshops)),
            ("Heures d'accompagnement", one_decimal(self.hours)),
        ]

    def distribution(self, key: str) -> Distribution:
        return next(distribution for distribution in self.distributions if distribution.key == key)


# The distributions of the pages, in order, after the kinds (a key of the rollup rows, not a counted column).
DISTRIBUTIONS = ("themes", "administrative_themes", "ages", "statuses", "locations", "durations", "equipment",
                 "redirections", "followups", "autonomy")  # fmt: skip
UNITS = {REPORTS: "comptes rendus", ADMINISTRATIVE: "comptes rendus", INDIVIDUAL: "comptes rendus",
         PARTICIPANTS: "personnes"}  # fmt: skip
SEVERAL = "Un compte rendu peut en compter plusieurs : le total peut dépasser 100 %."


def activity_statistics(rollups, start: date, end: date, theme: str = "", kind: str = "") -> ActivityStatistics:
    """Totals, distributions and the month-by-month evolution of `rollups` in [start, end]: a scoped queryset
    of ActivityRollup, or a condition (Q) on the rows per département (see the module's doc).

    `theme` (a Theme value) adds the reports listing it, in total and month by month; `kind` (a ReportKind
    value) keeps the reports of that kind only.
    """
    if theme and theme not in Theme.values:
        raise ValueError(f"Unknown theme: {theme}")
    sums = {f"sum_{column}": Sum(column) for column in COLUMNS}
    by_month: dict[tuple[date, str], Counter] = {}  # (month, kind): the summed columns
    for rows in _period_rows(rollups, start, end, kind):
        for row in rows.order_by().values("period_month", "period_sign", "kind").annotate(**sums):
            group = by_month.setdefault((row["period_month"], row["kind"]), Counter())
            sign = row["period_sign"]
            group.update({column: sign * (row[f"sum_{column}"] or 0) for column in COLUMNS})
    totals = dict.fromkeys(COLUMNS, 0)
    for report_kind in ReportKind.values:
        totals[f"reports_{report_kind}"] = totals[f"participants_{report_kind}"] = 0
    for (_month, report_kind), group in by_month.items():
        for column in COLUMNS:
            totals[column] += group[column]
        if report_kind in ReportKind.values:
            totals[f"reports_{report_kind}"] += group["reports"]
            totals[f"participants_{report_kind}"] += group["participants"]

    reports, participants = totals["reports"], totals["participants"]
    individual = totals[f"reports_{ReportKind.INDIVIDUAL}"]
    administrative = totals[f"theme_{Theme.ADMINISTRATIVE}"]
    bases = {
        REPORTS: (reports, plural(reports, "compte rendu", "comptes rendus")),
        PARTICIPANTS: (participants, plural(participants, "participant")),
        ADMINISTRATIVE: (
            administrative,
            plural(administrative, "compte rendu", "comptes rendus") + " d'aide aux démarches administratives",
        ),
        INDIVIDUAL: (individual, plural(individual, "accompagnement individuel", "accompagnements individuels")),
    }
    statistics = ActivityStatistics(start, end, totals, theme=theme)
    statistics.kinds = [Line(label, totals[f"reports_{value}"], reports) for value, label in ReportKind.choices]
    shown = {
        dimension.shown.key: _distribution(dimension, totals, bases) for dimension in DIMENSIONS if dimension.shown
    }
    statistics.distributions = [
        Distribution("kinds", "Types d'accompagnement", "comptes rendus", reports, bases[REPORTS][1], statistics.kinds),
        *(shown[key] for key in DISTRIBUTIONS),
    ]
    statistics.months = _months(by_month, start, end, theme)
    return statistics


def _period_rows(rollups, start: date, end: date, kind: str) -> list:
    if isinstance(rollups, Q):
        return departement_period_rows(start, end, rollups & Q(kind=kind) if kind else rollups)
    return (rollups.filter(kind=kind) if kind else rollups).period_rows(start, end)


def _distribution(dimension, totals: dict[str, int], bases: dict) -> Distribution:
    shown = dimension.shown
    base, base_label = bases[shown.base]
    lines = [Line(label, totals[column], base) for column, _value, label in dimension.values()]
    if shown.unstated:
        lines.append(Line(shown.unstated, base - sum(line.count for line in lines), base))
    note = SEVERAL if shown.several else ""
    return Distribution(shown.key, shown.title, UNITS[shown.base], base, base_label, lines, note)


def _months(by_month: dict[tuple[date, str], Counter], start, end, theme="") -> list[Month]:
    months = {month: Counter() for month in months_between(start, end)}
    for (month, kind), group in by_month.items():
        months[month].update(group)
        if kind == ReportKind.WORKSHOP:
            months[month]["workshops"] += group["reports"]
    return [
        Month(
            month=month,
            reports=row["reports"],
            accompaniments=row["participants"],
            people=row["participants"] - row["returning_participants"],
            workshops=row["workshops"],
            duration_minutes=row["duration_minutes"],
            theme_reports=row[f"theme_{theme}"] if theme else 0,
        )
        for month, row in months.items()
    ]
