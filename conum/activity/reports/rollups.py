"""Daily rollups of the activity reports: what every statistic of the programme reads.

One `ActivityRollup` row sums the live (not deleted) reports that share a key: date × commune where the
accompaniment took place (the territory rule) × advisor × kind × employing structure (the structure the
report was written for). `departement` is the commune's, copied so that territory scopes filter one
indexed column.

Columns, each the sum over the row's reports:

- `reports`: number of reports;
- `participants`, `returning_participants`: people (accompaniments, and those already accompanied before:
  people accompanied = participants - returning participants);
- `duration_minutes`: minutes of accompaniment (each report's duration once, whatever its participants);
- `followup_individual`, `followup_workshop`, `followup_redirected`: people (each ≤ participants);
- `age_<band>`, `status_<value>`: people (each family sums to `participants`);
- `theme_<value>`, `admin_<value>`, `equipment_<value>`, `redirection_<value>`: reports that list the value
  (a report may list several values, so a family may sum to more than `reports`);
- `location_<value>`, `duration_<band>` (DurationBand.of the duration): reports (each family sums to
  `reports`);
- `autonomy_<value>`: individual reports that state this autonomy (optional: the family may sum to less than
  the individual reports).

`DepartementRollup` sums the same columns per date × département × kind, and `DepartementMonthRollup` per
month × département × kind (what territory statistics read for whole months).

`add(report)`, `remove(report)` and `change(before, report)` (an edit: remove the old contribution, add the
new one) run inside the report's transaction and apply the report's `contribution` with F() increments, so
concurrent reports never lose an update; a row whose `reports` falls to 0 is deleted. Every writer updates
the tables in one order (daily rows, département day rows, département month rows), each table's rows in key
order, so two transactions never wait for each other's rows (no deadlock). `rebuild()` recomputes every row
from the live reports in SQL and corrects the tables.
"""

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Greatest

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
from conum.activity.models import ActivityReport, ActivityRollup, DepartementMonthRollup, DepartementRollup
from conum.core.formatting import plural, thousands
from conum.core.model_fields import has_value
from conum.recruitment.models import Advisor
from conum.territories.models import Commune

logger = logging.getLogger(__name__)

# Plain sums of the report's own columns.
SUMMED_COLUMNS = [
    "participants",
    "returning_participants",
    "duration_minutes",
    "followup_individual",
    "followup_workshop",
    "followup_redirected",
]
AGE_COLUMNS = [f"age_{value}" for value in AgeBand.values]
STATUS_COLUMNS = [f"status_{value}" for value in SocialStatus.values]
# Reports listing a value: (column prefix, the report's ValueListField, its vocabulary).
LISTED = [
    ("theme", "themes", Theme),
    ("admin", "administrative_themes", AdministrativeTheme),
    ("equipment", "equipment", Equipment),
    ("redirection", "redirections", Redirection),
]
DURATION_BAND_FILTERS = {
    DurationBand.UP_TO_30: Q(duration_minutes__lte=30),
    DurationBand.UP_TO_60: Q(duration_minutes__gt=30, duration_minutes__lte=60),
    DurationBand.UP_TO_120: Q(duration_minutes__gt=60, duration_minutes__lte=120),
    DurationBand.MORE: Q(duration_minutes__gt=120),
}
# Every counted column of ActivityRollup, in a stable order.
COUNT_COLUMNS = [
    "reports",
    *SUMMED_COLUMNS,
    *AGE_COLUMNS,
    *STATUS_COLUMNS,
    *[f"{prefix}_{value}" for prefix, _field, vocabulary in LISTED for value in vocabulary.values],
    *[f"location_{value}" for value in Location.values],
    *[f"duration_{value}" for value in DurationBand.values],
    *[f"autonomy_{value}" for value in Autonomy.values],
]


class RollupKey(NamedTuple):
    date: date
    commune_id: str
    advisor_id: int
    kind: str
    structure_id: int

    def lookup(self) -> dict:
        return self._asdict()

    def describe(self) -> str:
        return (
            f"{self.date:%d/%m/%Y}, commune {self.commune_id}, conseiller n° {self.advisor_id}, "
            f"{ReportKind(self.kind).label.lower()}, structure n° {self.structure_id}"
        )


def contribution(report: ActivityReport) -> tuple[RollupKey, dict[str, int]]:
    """The row a report counts in, and what it adds to that row's columns (zeros left out)."""
    key = RollupKey(report.date, report.commune_id, report.advisor_id, report.kind, report.structure_id)
    counts = {"reports": 1}
    for column in SUMMED_COLUMNS + AGE_COLUMNS + STATUS_COLUMNS:
        counts[column] = getattr(report, column)
    for prefix, field_name, _vocabulary in LISTED:
        for value in set(getattr(report, field_name)):
            counts[f"{prefix}_{value}"] = 1
    counts[f"location_{report.location}"] = 1
    counts[f"duration_{DurationBand.of(report.duration_minutes)}"] = 1
    if report.autonomy:
        counts[f"autonomy_{report.autonomy}"] = 1
    return key, {column: value for column, value in counts.items() if value}


class DepartementKey(NamedTuple):
    date: date
    departement_id: str
    kind: str

    def lookup(self) -> dict:
        return self._asdict()

    def month(self) -> "MonthKey":
        return MonthKey(self.date.replace(day=1), self.departement_id, self.kind)

    def describe(self) -> str:
        return f"{self.date:%d/%m/%Y}, département {self.departement_id}, {ReportKind(self.kind).label.lower()}"


class MonthKey(NamedTuple):
    month: date  # its first day
    departement_id: str
    kind: str

    def lookup(self) -> dict:
        return self._asdict()

    def describe(self) -> str:
        return f"mois {self.month:%m/%Y}, département {self.departement_id}, {ReportKind(self.kind).label.lower()}"


def _departement(report, commune_id: str) -> str:
    """The département of the accompaniment's commune (from the loaded commune when there is one)."""
    if ActivityReport.commune.is_cached(report) and report.commune_id == commune_id:
        return report.commune.departement_id
    return Commune.objects.values_list("departement_id", flat=True).get(pk=commune_id)


def _negated(counts: dict[str, int]) -> dict[str, int]:
    return {column: -value for column, value in counts.items()}


def _summed(items, key_of=lambda key: key) -> dict:
    """(key, counts) pairs summed column by column per `key_of(key)`."""
    sums: dict = {}
    for key, counts in items:
        total = sums.setdefault(key_of(key), {})
        for column, value in counts.items():
            total[column] = total.get(column, 0) + value
    return sums


def add(report: ActivityReport) -> None:
    """Count a live report in its rows (call inside the report's transaction)."""
    key, counts = contribution(report)
    departement = _departement(report, key.commune_id)
    _apply(key, counts, departement)
    _apply_departements({DepartementKey(key.date, departement, key.kind): counts})


def remove(report: ActivityReport) -> None:
    """Take a report out of its rows, as it is stored now (at deletion)."""
    key, counts = contribution(report)
    departement = _departement(report, key.commune_id)
    _apply(key, _negated(counts), departement)
    _apply_departements({DepartementKey(key.date, departement, key.kind): _negated(counts)})


def change(before: tuple[RollupKey, dict[str, int]], report: ActivityReport) -> None:
    """An edit: remove the report's former `contribution` and add its new one.

    Within one row, a single update of the difference; across rows, the rows in key order, daily rows first,
    then département day rows, then month rows: two edits moving reports in opposite directions never wait
    for each other's row (no deadlock).
    """
    old_key, old_counts = before
    new_key, new_counts = contribution(report)
    new_departement = _departement(report, new_key.commune_id)
    old_departement = _departement(report, old_key.commune_id)
    if old_key == new_key:
        columns = old_counts.keys() | new_counts.keys()
        _apply(new_key, {column: new_counts.get(column, 0) - old_counts.get(column, 0) for column in columns})
    else:
        removal = _negated(old_counts)
        for key, delta in sorted([(old_key, removal), (new_key, new_counts)], key=lambda item: item[0]):
            _apply(key, delta, new_departement if key == new_key else old_departement)
    taken = DepartementKey(old_key.date, old_departement, old_key.kind), _negated(old_counts)
    given = DepartementKey(new_key.date, new_departement, new_key.kind), new_counts
    _apply_departements(_summed([taken, given]))


def _apply(key: RollupKey, delta: dict[str, int], departement_id: str | None = None) -> None:
    """Add `delta` to the daily row of `key`, creating it if needed and deleting it when no report is left."""

    def create(counts):
        departement = departement_id or Commune.objects.values_list("departement_id", flat=True).get(pk=key.commune_id)
        ActivityRollup.objects.create(**key.lookup(), departement_id=departement, **counts)

    _add_to_row(ActivityRollup.objects.filter(**key.lookup()), create, delta, key.describe())


def _apply_departements(deltas: dict[DepartementKey, dict[str, int]]) -> None:
    """Add each delta to its département day row, then to its month row (one update per month row: the deltas
    of its days summed, an edit within a month may cancel out)."""
    _apply_rows(DepartementRollup, deltas)
    _apply_rows(DepartementMonthRollup, _summed(deltas.items(), DepartementKey.month))


def _apply_rows(model, deltas: dict) -> None:
    """Add each delta to the row of `model` at its key (DepartementKey or MonthKey), in key order: the lock
    order of every writer."""
    for key, delta in sorted(deltas.items()):
        _add_to_row(
            model.objects.filter(**key.lookup()),
            lambda counts, key=key: model.objects.create(**key.lookup(), **counts),
            delta,
            key.describe(),
        )


def _add_to_row(rows, create, delta: dict[str, int], described: str) -> None:
    delta = {column: value for column, value in delta.items() if value}
    if not delta:
        return
    # A negative change never takes a column below 0 (only a drifted table would: rebuild repairs it).
    changes = {
        column: F(column) + value if value > 0 else Greatest(F(column) + value, 0) for column, value in delta.items()
    }
    if rows.update(**changes):
        pass
    elif any(value > 0 for value in delta.values()):
        try:
            with transaction.atomic():  # a savepoint: a concurrent first insert of the same key may win
                create({column: max(value, 0) for column, value in delta.items()})
        except IntegrityError:
            rows.update(**changes)
    else:
        logger.warning("Agrégat d'activité absent pour %s : lancez conum rebuild_rollups.", described)
    if delta.get("reports", 0) < 0:
        rows.filter(reports=0).delete()


def bulk_build(reports) -> int:
    """Insert the rows of reports that were bulk-inserted (demo, benchmark data), summing their
    `contribution` in Python: the same figures as the live updates, without one query per report.
    None of these rows may exist yet. Returns the number of rows created."""
    rows: dict[RollupKey, dict[str, int]] = _summed(contribution(report) for report in reports)
    communes = {key.commune_id for key in rows}
    departements = dict(Commune.objects.filter(pk__in=communes).values_list("pk", "departement_id"))
    ActivityRollup.objects.bulk_create(
        [
            ActivityRollup(**key.lookup(), departement_id=departements[key.commune_id], **row)
            for key, row in rows.items()
        ],
        batch_size=1000,
    )
    by_departement = _summed(rows.items(), lambda key: DepartementKey(key.date, departements[key.commune_id], key.kind))
    # Rows per département may exist (reports of other advisors the same day): the missing ones go in bulk.
    _apply_rows_in_bulk(DepartementRollup, by_departement)
    _apply_rows_in_bulk(DepartementMonthRollup, _summed(by_departement.items(), DepartementKey.month))
    return len(rows)


def _apply_rows_in_bulk(model, deltas: dict) -> None:
    """`_apply_rows` for many new counts at once: the rows that do not exist yet are inserted in bulk (one query
    per 2,000 rows instead of an update and an insert each), the others updated one by one."""
    if not deltas:
        return
    key_type = type(next(iter(deltas)))
    period, *others = key_type._fields
    days = [getattr(key, period) for key in deltas]
    present = model.objects.filter(**{f"{period}__range": (min(days), max(days))}).values_list(period, *others)
    stored = {key_type(*row): {} for row in present}
    _apply_rows(model, _create_missing(model, deltas, stored, deltas))


# ---- rebuild ---------------------------------------------------------------------------------------


def _sql_counts() -> dict:
    """The annotations computing every counted column from live reports (names prefixed: `n_<column>`)."""
    annotations = {"n_reports": Count("pk")}
    for column in SUMMED_COLUMNS + AGE_COLUMNS + STATUS_COLUMNS:
        annotations[f"n_{column}"] = Sum(column)
    for prefix, field_name, vocabulary in LISTED:
        for value in vocabulary.values:
            annotations[f"n_{prefix}_{value}"] = Count("pk", filter=has_value(field_name, value))
    for value in Location.values:
        annotations[f"n_location_{value}"] = Count("pk", filter=Q(location=value))
    for band, condition in DURATION_BAND_FILTERS.items():
        annotations[f"n_duration_{band.value}"] = Count("pk", filter=condition)
    for value in Autonomy.values:
        annotations[f"n_autonomy_{value}"] = Count("pk", filter=Q(autonomy=value))
    return annotations


KEY_FIELDS = ["date", "commune", "advisor", "kind", "structure"]


def expected_rows(reports) -> dict[RollupKey, dict[str, int]]:
    """What the rollup rows of `reports` (a queryset of live reports) must hold, computed in SQL."""
    rows = reports.order_by().values(*KEY_FIELDS).annotate(**_sql_counts())
    return {
        RollupKey(row["date"], row["commune"], row["advisor"], row["kind"], row["structure"]): {
            column: row[f"n_{column}"] or 0 for column in COUNT_COLUMNS
        }
        for row in rows
    }


@dataclass
class Difference:
    key: RollupKey
    expected: dict[str, int]  # empty: the row should not exist
    actual: dict[str, int]  # empty: the row is missing
    departement: tuple[str, str] | None = None  # (expected, stored) when the copied département is wrong

    @property
    def nature(self) -> str:
        if not self.actual:
            return "missing"
        return "extra" if not self.expected else "wrong"

    def delta(self) -> dict[str, int]:
        return {
            column: self.expected.get(column, 0) - self.actual.get(column, 0)
            for column in COUNT_COLUMNS
            if self.expected.get(column, 0) != self.actual.get(column, 0)
        }

    def describe(self) -> str:
        if self.nature == "missing":
            return f"{self.key.describe()} : ligne absente ({self.expected['reports']} compte(s) rendu(s))"
        if self.nature == "extra":
            return f"{self.key.describe()} : ligne en trop (aucun compte rendu)"
        changes = [
            f"{column} {self.expected.get(column, 0)} au lieu de {self.actual.get(column, 0)}"
            for column in self.delta()
        ]
        if self.departement:
            changes.append(f"département {self.departement[0]} au lieu de {self.departement[1]}")
        return f"{self.key.describe()} : {', '.join(changes)}"


@dataclass
class RebuildReport:
    """What `rebuild` found: rows compared, and every difference (corrected unless `dry_run`)."""

    dry_run: bool
    rows_checked: int = 0
    differences: list[Difference] = field(default_factory=list)
    departement_differences: int = 0  # département day and month rows that differed from the daily rows summed

    def count(self, nature: str) -> int:
        return sum(1 for difference in self.differences if difference.nature == nature)

    def summary(self) -> str:
        checked = plural(self.rows_checked, "ligne vérifiée", "lignes vérifiées")
        verb = "à corriger" if self.dry_run else ("corrigée", "corrigées")
        departements = ""
        if self.departement_differences:
            words = ("ligne par département à corriger", "lignes par département à corriger") if self.dry_run else (
                "ligne par département corrigée", "lignes par département corrigées")  # fmt: skip
            departements = f" {plural(self.departement_differences, *words)}."
        if not self.differences:
            return (
                f"Aucune différence ({checked}).{departements}" if departements else f"Aucune différence ({checked})."
            )
        if self.dry_run:
            lines = plural(len(self.differences), f"ligne {verb}", f"lignes {verb}")
        else:
            lines = plural(len(self.differences), f"ligne {verb[0]}", f"lignes {verb[1]}")
        return (
            f"{lines} sur {thousands(self.rows_checked)} vérifiées : {plural(self.count('missing'), 'absente')}, "
            f"{thousands(self.count('extra'))} en trop, {plural(self.count('wrong'), 'fausse')}.{departements}"
        )


ADVISORS_PER_BATCH = 200


def rebuild(dry_run: bool = False, batch_size: int = ADVISORS_PER_BATCH) -> RebuildReport:
    """Recompute the rollups from the live reports, advisor batch by advisor batch, and correct the table.

    Each batch reads the reports and the rollups in one consistent snapshot (REPEATABLE READ on
    PostgreSQL), then corrects the differences with F() increments of (expected - stored): reports saved
    meanwhile change both sides alike, so the correction stays right while advisors keep working.
    Idempotent: a second run finds no difference. Don't run two rebuilds at once.
    """
    report = RebuildReport(dry_run=dry_run)
    advisor_ids = list(Advisor.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(advisor_ids), batch_size):
        batch = advisor_ids[start : start + batch_size]
        differences, checked = _compare(batch)
        report.rows_checked += checked
        report.differences.extend(differences)
        if not dry_run and differences:
            _correct(differences)
    report.departement_differences = rebuild_departements(dry_run)
    return report


def rebuild_departements(dry_run: bool = False) -> int:
    """Make the département day rows equal the daily rows summed per date × département × kind (in SQL), and
    the month rows those summed per month (in Python); returns how many day and month rows differed
    (corrected unless `dry_run`). Run after the daily rows are right."""
    own_transaction = not connection.in_atomic_block
    with transaction.atomic():  # one snapshot for the three tables, as in _compare
        if own_transaction and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        grouped = ActivityRollup.objects.order_by().values("date", "departement", "kind")
        expected = {
            DepartementKey(row["date"], row["departement"], row["kind"]): {
                column: row[f"s_{column}"] for column in COUNT_COLUMNS if row[f"s_{column}"]
            }
            for row in grouped.annotate(**{f"s_{column}": Sum(column) for column in COUNT_COLUMNS})
        }
        stored = {
            DepartementKey(row["date"], row["departement"], row["kind"]): _nonzero(row)
            for row in DepartementRollup.objects.values("date", "departement", "kind", *COUNT_COLUMNS)
        }
        stored_months = {
            MonthKey(row["month"], row["departement"], row["kind"]): _nonzero(row)
            for row in DepartementMonthRollup.objects.values("month", "departement", "kind", *COUNT_COLUMNS)
        }
    expected_months = _summed(expected.items(), DepartementKey.month)
    deltas, month_deltas = _deltas(expected, stored), _deltas(expected_months, stored_months)
    differences = len(deltas) + len(month_deltas)
    if differences and not dry_run:
        deltas = _create_missing(DepartementRollup, expected, stored, deltas)
        month_deltas = _create_missing(DepartementMonthRollup, expected_months, stored_months, month_deltas)
        with transaction.atomic():  # day rows, then month rows: the lock order of every writer
            _apply_rows(DepartementRollup, deltas)
            _apply_rows(DepartementMonthRollup, month_deltas)
            DepartementRollup.objects.filter(reports=0).delete()
            DepartementMonthRollup.objects.filter(reports=0).delete()
    return differences


def _nonzero(row: dict) -> dict[str, int]:
    return {column: row[column] for column in COUNT_COLUMNS if row[column]}


def _deltas(expected: dict, stored: dict) -> dict:
    """(expected - stored) for each row that differs; a stored row of zeros gets an empty delta (deleted)."""
    deltas = {}
    for key in expected.keys() | stored.keys():
        wanted, found = expected.get(key, {}), stored.get(key, {})
        if wanted != found or key not in expected:
            columns = wanted.keys() | found.keys()
            deltas[key] = {column: wanted.get(column, 0) - found.get(column, 0) for column in columns}
    return deltas


def _create_missing(model, expected: dict, stored: dict, deltas: dict) -> dict:
    """Insert the missing rows in bulk (an empty table: a new installation, the benchmark) and return the
    deltas left to apply; all of them when a report created meanwhile made one of these rows."""
    missing = [key for key in deltas if key not in stored]
    try:
        with transaction.atomic():
            model.objects.bulk_create([model(**key.lookup(), **expected[key]) for key in missing], batch_size=2000)
    except IntegrityError:
        return deltas
    return {key: delta for key, delta in deltas.items() if key in stored}


def _compare(advisor_ids) -> tuple[list[Difference], int]:
    # Inside a caller's transaction (tests, a shell), isolation is the caller's.
    own_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if own_transaction and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        expected = expected_rows(ActivityReport.objects.live().filter(advisor__in=advisor_ids))
        stored, departements = {}, {}
        rollups = ActivityRollup.objects.filter(advisor__in=advisor_ids)
        for row in rollups.values(*KEY_FIELDS, "departement", *COUNT_COLUMNS):
            key = RollupKey(row["date"], row["commune"], row["advisor"], row["kind"], row["structure"])
            stored[key] = {column: row[column] for column in COUNT_COLUMNS}
            departements[key] = row["departement"]
        communes = {key.commune_id for key in expected}
        commune_departements = dict(Commune.objects.filter(pk__in=communes).values_list("pk", "departement_id"))
    differences = []
    for key in expected.keys() | stored.keys():
        wanted = {column: value for column, value in expected.get(key, {}).items() if value}
        found = {column: value for column, value in stored.get(key, {}).items() if value}
        departement = None
        if key in expected and key in departements and departements[key] != commune_departements[key.commune_id]:
            departement = (commune_departements[key.commune_id], departements[key])
        if wanted != found or departement or (key in stored and not wanted):
            difference = Difference(key, wanted, found, departement)
            if key in stored and not found:  # a row of zeros: stored, but with nothing in it
                difference.actual = {"reports": 0}
            differences.append(difference)
    differences.sort(key=lambda difference: difference.key)
    return differences, len(expected.keys() | stored.keys())


def _correct(differences: list[Difference]) -> None:
    communes = {difference.key.commune_id for difference in differences}
    commune_departements = dict(Commune.objects.filter(pk__in=communes).values_list("pk", "departement_id"))
    missing = [difference for difference in differences if difference.nature == "missing"]
    try:
        with transaction.atomic():  # fast path for a table rebuilt from nothing
            ActivityRollup.objects.bulk_create(
                [
                    ActivityRollup(
                        **difference.key.lookup(),
                        departement_id=commune_departements[difference.key.commune_id],
                        **difference.expected,
                    )
                    for difference in missing
                ],
                batch_size=1000,
            )
    except IntegrityError:  # a report created meanwhile made some of these rows: correct one by one
        pass
    else:
        differences = [difference for difference in differences if difference.nature != "missing"]
    for difference in differences:
        key = difference.key
        departement_id = commune_departements.get(key.commune_id)
        with transaction.atomic():
            if difference.departement:
                ActivityRollup.objects.filter(**key.lookup()).update(departement_id=departement_id)
            _apply(key, difference.delta(), departement_id)
            if difference.nature == "extra":
                ActivityRollup.objects.filter(**key.lookup(), reports=0).delete()
