"""The counted dimensions of the activity reports, declared once.

`DIMENSIONS` generates everything that counts reports: the count columns of the three rollup tables and the
report's own per-value columns (activity/models.py), what one report adds to its rollup row
(`contribution`), the same sums in SQL for the repair (`sql_counts`), the distributions of the statistics
pages (`Shown`, reports/statistics.py) and the theme rows of the open data file (steering/activity_opendata.py).

A dimension is one column (`name`) or a family of columns, one per value of its vocabulary
(`<name>_<value>`). What each column counts:

- `reports`: number of reports;
- `Summed`: people or minutes, the report's own columns summed (`participants`, `returning_participants`:
  people accompanied = participants - returning participants; `duration_minutes`, each report's duration
  once whatever its participants; `followup_*`, each ≤ participants; `age_*` and `status_*`, each family
  sums to `participants`);
- `Listed`: reports that list the value (a report may list several values, so the family may sum to more
  than `reports`);
- `Chosen` and `Banded`: reports whose field has the value, or whose duration falls in the band (each
  family sums to `reports`; `autonomy` is optional: it may sum to less than the individual reports).
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q, Sum

from conum.activity.enums import (
    AdministrativeTheme,
    AgeBand,
    Autonomy,
    DurationBand,
    Equipment,
    Location,
    Redirection,
    SocialStatus,
    Theme,
)
from conum.core.model_fields import has_value

# The base of a distribution's percentages (reports/statistics.py names and counts them).
REPORTS, PARTICIPANTS, ADMINISTRATIVE, INDIVIDUAL = "reports", "participants", "administrative", "individual"


@dataclass(frozen=True)
class Shown:
    """A dimension's distribution on the statistics pages, in % of `base`."""

    key: str
    title: str
    base: str
    several: bool = False  # a report may list several values: the lines may sum past 100 %
    unstated: str = ""  # label of a last line: the base minus the lines (an optional field)


@dataclass(frozen=True, kw_only=True)
class Dimension(ABC):
    name: str
    choices: list[tuple[str, str]] | None = None  # None: the single column `name`
    shown: Shown | None = None

    @cached_property
    def columns(self) -> list[str]:
        return [column for column, _value, _label in self.values()]

    def values(self) -> list[tuple[str, str, str]]:
        """(column, value, label) of each column."""
        if self.choices is None:
            return [(self.name, "", "")]
        return [(f"{self.name}_{value}", value, label) for value, label in self.choices]

    @abstractmethod
    def contribution(self, report) -> dict[str, int]:
        """What one report adds to each column."""

    @abstractmethod
    def sql(self) -> dict:
        """Each column's aggregate over reports."""


@dataclass(frozen=True, kw_only=True)
class Reports(Dimension):
    name: str = "reports"

    def contribution(self, report) -> dict[str, int]:
        return {self.name: 1}

    def sql(self) -> dict:
        return {self.name: Count("pk")}


@dataclass(frozen=True, kw_only=True)
class Summed(Dimension):
    """The report's own columns (same names), summed."""

    report_label: str = ""  # set: the report's per-value columns are generated too, labelled "<report_label> : <label>"

    def contribution(self, report) -> dict[str, int]:
        return {column: getattr(report, column) for column in self.columns}

    def sql(self) -> dict:
        return {column: Sum(column) for column in self.columns}


@dataclass(frozen=True, kw_only=True)
class Counted(Dimension):
    """Reports: a report adds 1 to the column of each value it has (`has`), SQL counts the reports matching
    `condition(value)`."""

    field: str

    @abstractmethod
    def has(self, report) -> set[str]:
        """The values the report has."""

    @abstractmethod
    def condition(self, value: str) -> Q:
        """The reports that have `value`, as a condition."""

    def contribution(self, report) -> dict[str, int]:
        return {f"{self.name}_{value}": 1 for value in self.has(report)}

    def sql(self) -> dict:
        return {column: Count("pk", filter=self.condition(value)) for column, value, _label in self.values()}


class Listed(Counted):
    """The values listed by a ValueListField."""

    def has(self, report) -> set[str]:
        return set(getattr(report, self.field))

    def condition(self, value: str) -> Q:
        return has_value(self.field, value)


class Chosen(Counted):
    """The value of a choice field (none when blank)."""

    def has(self, report) -> set[str]:
        value = getattr(report, self.field)
        return {value} if value else set()

    def condition(self, value: str) -> Q:
        return Q(**{self.field: value})


class Banded(Counted):
    """The DurationBand of a number of minutes."""

    def has(self, report) -> set[str]:
        return {DurationBand.of(getattr(report, self.field)).value}

    def condition(self, value: str) -> Q:
        lower, upper = DurationBand(value).limits
        condition = Q() if upper is None else Q(**{f"{self.field}__lte": upper})
        return condition if lower is None else condition & Q(**{f"{self.field}__gt": lower})


FOLLOWUPS = [
    ("individual", "Poursuivent en accompagnement individuel"),
    ("workshop", "Poursuivent en atelier collectif"),
    ("redirected", "Réorientées vers une autre structure"),
]

# In the order of the rollup columns.
DIMENSIONS: list[Dimension] = [
    Reports(),
    Summed(name="participants"),
    Summed(name="returning_participants"),
    Summed(name="duration_minutes"),
    Summed(name="followup", choices=FOLLOWUPS, shown=Shown("followups", "Suites données", PARTICIPANTS)),
    Summed(
        name="age", choices=AgeBand.choices, report_label="âge",
        shown=Shown("ages", "Tranches d'âge", PARTICIPANTS),
    ),
    Summed(
        name="status", choices=SocialStatus.choices, report_label="statut",
        shown=Shown("statuses", "Statuts", PARTICIPANTS),
    ),
    Listed(
        name="theme", choices=Theme.choices, field="themes",
        shown=Shown("themes", "Thématiques", REPORTS, several=True),
    ),
    Listed(
        name="admin", choices=AdministrativeTheme.choices, field="administrative_themes",
        shown=Shown("administrative_themes", "Démarches administratives", ADMINISTRATIVE, several=True),
    ),
    Listed(
        name="equipment", choices=Equipment.choices, field="equipment",
        shown=Shown("equipment", "Matériel utilisé", REPORTS, several=True),
    ),
    Listed(
        name="redirection", choices=Redirection.choices, field="redirections",
        shown=Shown("redirections", "Réorientations", REPORTS, several=True),
    ),
    Chosen(
        name="location", choices=Location.choices, field="location",
        shown=Shown("locations", "Lieux d'accompagnement", REPORTS),
    ),
    Banded(
        name="duration", choices=DurationBand.choices, field="duration_minutes",
        shown=Shown("durations", "Durées", REPORTS),
    ),
    Chosen(
        name="autonomy", choices=Autonomy.choices, field="autonomy",
        shown=Shown("autonomy", "Autonomie (accompagnements individuels)", INDIVIDUAL, unstated="Non renseigné"),
    ),
]  # fmt: skip
BY_NAME = {dimension.name: dimension for dimension in DIMENSIONS}
# Every count column of the rollup tables, in a stable order.
COLUMNS = [column for dimension in DIMENSIONS for column in dimension.columns]


def report_columns() -> list[tuple[str, str]]:
    """(column, verbose name) of the report's own per-value columns (age and status counts)."""
    return [
        (column, f"{dimension.report_label} : {label}")
        for dimension in DIMENSIONS
        if isinstance(dimension, Summed) and dimension.report_label
        for column, _value, label in dimension.values()
    ]


def contribution(report) -> dict[str, int]:
    """What a report adds to its rollup row's columns (zeros left out)."""
    counts = {}
    for dimension in DIMENSIONS:
        counts.update(dimension.contribution(report))
    return {column: value for column, value in counts.items() if value}


def sql_counts() -> dict:
    """The aggregates computing every column from reports (names prefixed: `n_<column>`)."""
    return {f"n_{column}": aggregate for dimension in DIMENSIONS for column, aggregate in dimension.sql().items()}
