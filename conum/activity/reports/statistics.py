"""Activity statistics for a period, from the rollups only (never the reports): one grouped query per table.

`activity_statistics(rollups, start, end)` takes a rollup queryset already restricted to a scope (an
advisor, a structure, a département…), so every page and export that shows activity figures shares the
same definitions:

- accompaniments: the sum of participants; people accompanied: participants - returning participants;
- workshops: reports of kind "collectif"; hours: the sum of report durations / 60;
- distributions: percentages to one decimal of a stated base (reports, participants, or the individual
  reports for autonomy); families that a report may list several times (themes, equipment…) can sum
  past 100 %.

`theme` (optional) adds the number of reports listing that theme, in total and per month (`theme_reports`):
a rollup row sums reports with different themes, so the other figures cannot be restricted to one theme;
they stay those of every report of the scope. A kind filter is exact: filter the rollups on `kind`.

The queryset's `period_rows(start, end)` says which rows to add or take away (the daily rows; or for
DepartementRollup, month rows, and day rows at the edges of the period); each table's rows are summed per
month × kind in SQL (at most 13 × 3 result rows a year), and the totals added up from those in Python.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

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
from conum.activity.reports.rollups import COUNT_COLUMNS
from conum.core.formatting import plural, thousands

ONE_DECIMAL = Decimal("0.1")


def percent(count: int, base: int) -> Decimal | None:
    if not base:
        return None
    return (Decimal(count) * 100 / Decimal(base)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def decimal_fr(value: Decimal) -> str:
    """Decimal("1234.5") -> "1 234,5" (one decimal, French separators)."""
    value = Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return f"{value:,.1f}".replace(",", "\xa0").replace(".", ",")


def percent_fr(value: Decimal | None) -> str:
    return "—" if value is None else f"{decimal_fr(value)}\xa0%"


# ---- periods ---------------------------------------------------------------------------------------


def month_start(day: date, months: int) -> date:
    """The first day of the month `months` away from `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


PRESETS = {
    "month": ("Ce mois-ci", 0),
    "3_months": ("Les 3 derniers mois", 2),
    "12_months": ("Les 12 derniers mois", 11),
}
DEFAULT_PRESET = "12_months"


def preset_period(preset: str, today: date) -> tuple[date, date]:
    """Whole months up to today: this month, or the last 3 or 12 months (the current one included)."""
    return month_start(today, -PRESETS[preset][1]), today


def months_between(start: date, end: date) -> list[date]:
    months, month = [], date(start.year, start.month, 1)
    while month <= end:
        months.append(month)
        month = month_start(month, 1)
    return months


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
        return decimal_fr(Decimal(self.duration_minutes) / 60)


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
            ("Personnes accompagnées (hors personnes déjà accompagnées)", thousands(self.people)),
            ("Comptes rendus", thousands(self.reports)),
            ("Ateliers collectifs", thousands(self.workshops)),
            ("Heures d'accompagnement", decimal_fr(self.hours)),
        ]

    def distribution(self, key: str) -> Distribution:
        return next(distribution for distribution in self.distributions if distribution.key == key)


def _lines(totals, prefix, vocabulary, base) -> list[Line]:
    return [Line(label, totals[f"{prefix}_{value}"], base) for value, label in vocabulary.choices]


def activity_statistics(rollups, start: date, end: date, theme: str = "") -> ActivityStatistics:
    """Totals, distributions and the month-by-month evolution of `rollups` in [start, end]: a scoped queryset
    of ActivityRollup or DepartementRollup (anything with `period_rows`).

    `theme` (a Theme value) adds the reports listing it, in total and month by month (see the module's doc).
    """
    if theme and theme not in Theme.values:
        raise ValueError(f"Unknown theme: {theme}")
    sums = {f"sum_{column}": Sum(column) for column in COUNT_COLUMNS}
    by_month: dict[tuple[date, str], Counter] = {}  # (month, kind): the summed columns
    for rows in rollups.period_rows(start, end):
        for row in rows.order_by().values("period_month", "period_sign", "kind").annotate(**sums):
            group = by_month.setdefault((row["period_month"], row["kind"]), Counter())
            sign = row["period_sign"]
            group.update({column: sign * (row[f"sum_{column}"] or 0) for column in COUNT_COLUMNS})
    totals = dict.fromkeys(COUNT_COLUMNS, 0)
    for kind in ReportKind.values:
        totals[f"reports_{kind}"] = totals[f"participants_{kind}"] = 0
    for (_month, kind), group in by_month.items():
        for column in COUNT_COLUMNS:
            totals[column] += group[column]
        if kind in ReportKind.values:
            totals[f"reports_{kind}"] += group["reports"]
            totals[f"participants_{kind}"] += group["participants"]

    reports, participants = totals["reports"], totals["participants"]
    individual = totals[f"reports_{ReportKind.INDIVIDUAL}"]
    administrative = totals[f"theme_{Theme.ADMINISTRATIVE}"]
    reports_label = plural(reports, "compte rendu", "comptes rendus")
    people_label = plural(participants, "participant")
    several = "Un compte rendu peut en compter plusieurs : le total peut dépasser 100 %."
    statistics = ActivityStatistics(start, end, totals, theme=theme)
    statistics.kinds = [Line(label, totals[f"reports_{kind}"], reports) for kind, label in ReportKind.choices]
    autonomy_lines = _lines(totals, "autonomy", Autonomy, individual)
    autonomy_lines.append(Line("Non renseigné", individual - sum(line.count for line in autonomy_lines), individual))
    followups = [
        Line("Poursuivent en accompagnement individuel", totals["followup_individual"], participants),
        Line("Poursuivent en atelier collectif", totals["followup_workshop"], participants),
        Line("Réorientées vers une autre structure", totals["followup_redirected"], participants),
    ]
    statistics.distributions = [
        Distribution("kinds", "Types d'accompagnement", "comptes rendus", reports, reports_label, statistics.kinds),
        Distribution(
            "themes", "Thématiques", "comptes rendus", reports, reports_label,
            _lines(totals, "theme", Theme, reports), several,
        ),
        Distribution(
            "administrative_themes", "Démarches administratives", "comptes rendus", administrative,
            plural(administrative, "compte rendu", "comptes rendus") + " d'aide aux démarches administratives",
            _lines(totals, "admin", AdministrativeTheme, administrative), several,
        ),
        Distribution(
            "ages", "Tranches d'âge", "personnes", participants, people_label,
            _lines(totals, "age", AgeBand, participants),
        ),
        Distribution(
            "statuses", "Statuts", "personnes", participants, people_label,
            _lines(totals, "status", SocialStatus, participants),
        ),
        Distribution(
            "locations", "Lieux d'accompagnement", "comptes rendus", reports, reports_label,
            _lines(totals, "location", Location, reports),
        ),
        Distribution(
            "durations", "Durées", "comptes rendus", reports, reports_label,
            _lines(totals, "duration", DurationBand, reports),
        ),
        Distribution(
            "equipment", "Matériel utilisé", "comptes rendus", reports, reports_label,
            _lines(totals, "equipment", Equipment, reports), several,
        ),
        Distribution(
            "redirections", "Réorientations", "comptes rendus", reports, reports_label,
            _lines(totals, "redirection", Redirection, reports), several,
        ),
        Distribution("followups", "Suites données", "personnes", participants, people_label, followups),
        Distribution(
            "autonomy", "Autonomie (accompagnements individuels)", "comptes rendus", individual,
            plural(individual, "accompagnement individuel", "accompagnements individuels"), autonomy_lines,
        ),
    ]  # fmt: skip
    statistics.months = _months(by_month, start, end, theme)
    return statistics


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
