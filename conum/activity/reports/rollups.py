"""Daily rollups of the activity reports: what every statistic of the programme reads.

One `ActivityRollup` row sums the live (not deleted) reports that share a key: date × commune where the
accompaniment took place (the territory rule) × advisor × kind × employing structure (the structure the
report was written for). `departement` is the commune's, copied so that territory scopes filter one
indexed column. Its count columns, and what each report adds to them, are declared in dimensions.py.

`DepartementRollup` sums the same columns per date × département × kind, and `DepartementMonthRollup` per
month × département × kind (what territory statistics read for whole months).

`add(report)`, `remove(report)` and `change(before, report)` (an edit: remove the old contribution, add the
new one) run inside the report's transaction and apply the report's `contribution` with F() increments, so
concurrent reports never lose an update; a row whose `reports` falls to 0 is deleted. Every writer updates
the tables in one order (daily rows, département day rows, département month rows), each table's rows in key
order, so two transactions never wait for each other's rows (no deadlock). `rebuild()` recomputes every row
(the daily rows from the live reports in SQL, the département rows from the daily rows) and corrects the
three tables by the same path (`_correct`).
"""

import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.db.models.functions import Greatest

from conum.activity.enums import ReportKind
from conum.activity.models import ActivityReport, ActivityRollup, DepartementMonthRollup, DepartementRollup
from conum.activity.reports import dimensions
from conum.activity.reports.dimensions import COLUMNS
from conum.core.formatting import plural, thousands
from conum.recruitment.models import Advisor
from conum.territories.models import Commune

logger = logging.getLogger(__name__)


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


def contribution(report: ActivityReport) -> tuple[RollupKey, dict[str, int]]:
    """The row a report counts in, and what it adds to that row's columns (zeros left out)."""
    key = RollupKey(report.date, report.commune_id, report.advisor_id, report.kind, report.structure_id)
    return key, dimensions.contribution(report)


def _departement(report, commune_id: str) -> str:
    """The département of the accompaniment's commune (from the loaded commune when there is one)."""
    if ActivityReport.commune.is_cached(report) and report.commune_id == commune_id:
        return report.commune.departement_id
    return Commune.objects.values_list("departement_id", flat=True).get(pk=commune_id)


def _departements(communes) -> dict[str, str]:
    return dict(Commune.objects.filter(pk__in=communes).values_list("pk", "departement_id"))


def _negated(counts: dict[str, int]) -> dict[str, int]:
    return {column: -value for column, value in counts.items()}


def _nonzero(values) -> dict[str, int]:
    """COLUMNS' values (in their order) as {column: value}, zeros and nulls left out."""
    return {column: value for column, value in zip(COLUMNS, values, strict=True) if value}


def _summed(items, key_of=lambda key: key) -> dict:
    """(key, counts) pairs summed column by column per `key_of(key)`."""
    sums: dict = {}
    for key, counts in items:
        total = sums.setdefault(key_of(key), {})
        for column, value in counts.items():
            total[column] = total.get(column, 0) + value
    return sums


# ---- live updates ----------------------------------------------------------------------------------


def add(report: ActivityReport) -> None:
    """Count a live report in its rows (call inside the report's transaction)."""
    key, counts = contribution(report)
    departement = _departement(report, key.commune_id)
    _add(ActivityRollup, key, counts, {"departement_id": departement})
    _add_departements({DepartementKey(key.date, departement, key.kind): counts})


def remove(report: ActivityReport) -> None:
    """Take a report out of its rows, as it is stored now (at deletion)."""
    key, counts = contribution(report)
    departement = _departement(report, key.commune_id)
    _add(ActivityRollup, key, _negated(counts), {"departement_id": departement})
    _add_departements({DepartementKey(key.date, departement, key.kind): _negated(counts)})


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
        delta = {column: new_counts.get(column, 0) - old_counts.get(column, 0) for column in columns}
        _add(ActivityRollup, new_key, delta, {"departement_id": new_departement})
    else:
        removal = _negated(old_counts)
        for key, delta in sorted([(old_key, removal), (new_key, new_counts)], key=lambda item: item[0]):
            departement = new_departement if key == new_key else old_departement
            _add(ActivityRollup, key, delta, {"departement_id": departement})
    taken = DepartementKey(old_key.date, old_departement, old_key.kind), _negated(old_counts)
    given = DepartementKey(new_key.date, new_departement, new_key.kind), new_counts
    _add_departements(_summed([taken, given]))


def _add_departements(deltas: dict[DepartementKey, dict[str, int]]) -> None:
    """Add each delta to its département day row, then to its month row (one update per month row: the deltas
    of its days summed, an edit within a month may cancel out)."""
    _add_rows(DepartementRollup, deltas)
    _add_rows(DepartementMonthRollup, _summed(deltas.items(), DepartementKey.month))


def _add_rows(model, deltas: dict) -> None:
    """Add each delta to the row of `model` at its key, in key order: the lock order of every writer."""
    for key, delta in sorted(deltas.items()):
        _add(model, key, delta)


def _add(model, key, delta: dict[str, int], new_row: dict | None = None) -> None:
    """Add `delta` to the row of `model` at `key`, creating it (with the other fields `new_row`) if needed and
    deleting it when no report is left."""
    delta = {column: value for column, value in delta.items() if value}
    if not delta:
        return
    rows = model.objects.filter(**key.lookup())
    # A negative change never takes a column below 0 (only a drifted table would: rebuild repairs it).
    changes = {
        column: F(column) + value if value > 0 else Greatest(F(column) + value, 0) for column, value in delta.items()
    }
    if rows.update(**changes):
        pass
    elif any(value > 0 for value in delta.values()):
        try:
            with transaction.atomic():  # a savepoint: a concurrent first insert of the same key may win
                counts = {column: max(value, 0) for column, value in delta.items()}
                model.objects.create(**key.lookup(), **(new_row or {}), **counts)
        except IntegrityError:
            rows.update(**changes)
    else:
        logger.warning("Agrégat d'activité absent pour %s : lancez conum rebuild_rollups.", key.describe())
    if delta.get("reports", 0) < 0:
        rows.filter(reports=0).delete()


def _inserted(model, rows: dict, new_row: Callable[..., dict] = lambda key: {}) -> bool:
    """Insert rows that do not exist yet in bulk ({key: counts}, one query per 1,000): False, and nothing
    inserted, when one exists already (a report saved meanwhile made it)."""
    try:
        with transaction.atomic():
            model.objects.bulk_create(
                [model(**key.lookup(), **new_row(key), **counts) for key, counts in rows.items()], batch_size=1000
            )
    except IntegrityError:
        return False
    return True


def bulk_build(reports) -> int:
    """Insert the rows of reports that were bulk-inserted (demo, benchmark data), summing their
    `contribution` in Python: the same figures as the live updates, without one query per report.
    None of their daily rows may exist yet. Returns the number of daily rows created."""
    rows: dict[RollupKey, dict[str, int]] = _summed(contribution(report) for report in reports)
    departements = _departements({key.commune_id for key in rows})
    ActivityRollup.objects.bulk_create(
        [
            ActivityRollup(**key.lookup(), departement_id=departements[key.commune_id], **row)
            for key, row in rows.items()
        ],
        batch_size=1000,
    )
    by_departement = _summed(rows.items(), lambda key: DepartementKey(key.date, departements[key.commune_id], key.kind))
    _add_in_bulk(DepartementRollup, by_departement)
    _add_in_bulk(DepartementMonthRollup, _summed(by_departement.items(), DepartementKey.month))
    return len(rows)


def _add_in_bulk(model, deltas: dict) -> None:
    """`_add_rows` for many counts at once: rows per département may exist (reports of other advisors the same
    day); the missing ones are inserted in bulk, the others updated one by one."""
    if not deltas:
        return
    key_type = type(next(iter(deltas)))
    period = key_type._fields[0]
    days = [key[0] for key in deltas]
    in_range = model.objects.filter(**{f"{period}__range": (min(days), max(days))})
    present = {key_type(*row) for row in in_range.values_list(*key_type._fields)}
    new = {key: delta for key, delta in deltas.items() if key not in present}
    if _inserted(model, new):
        deltas = {key: delta for key, delta in deltas.items() if key in present}
    _add_rows(model, deltas)


# ---- rebuild ---------------------------------------------------------------------------------------


def expected_rows(reports) -> dict[RollupKey, dict[str, int]]:
    """What the rollup rows of `reports` (a queryset of live reports) must hold, computed in SQL."""
    rows = reports.order_by().values(*RollupKey._fields).annotate(**dimensions.sql_counts())
    return {
        RollupKey(*(row[name] for name in RollupKey._fields)): {column: row[f"n_{column}"] or 0 for column in COLUMNS}
        for row in rows
    }


@dataclass
class Difference:
    key: RollupKey | DepartementKey | MonthKey
    expected: dict[str, int]  # empty: the row should not exist
    actual: dict[str, int]  # empty: the row is missing
    departement: tuple[str, str] | None = None  # (expected, stored) when a daily row's copied département is wrong

    @property
    def nature(self) -> str:
        if not self.actual:
            return "missing"
        return "extra" if not self.expected else "wrong"

    def delta(self) -> dict[str, int]:
        return {
            column: self.expected.get(column, 0) - self.actual.get(column, 0)
            for column in COLUMNS
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
    """What `rebuild` found: daily rows compared, and every difference (corrected unless `dry_run`)."""

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
    """Recompute the rollups from the live reports, advisor batch by advisor batch, and correct the daily
    rows; then the rows per département from the daily rows (`rebuild_departements`).

    Each batch reads the reports and the rollups in one consistent snapshot (REPEATABLE READ on
    PostgreSQL), then corrects the differences with F() increments of (expected - stored): reports saved
    meanwhile change both sides alike, so the correction stays right while advisors keep working.
    Idempotent: a second run finds no difference. Don't run two rebuilds at once.
    """
    report = RebuildReport(dry_run=dry_run)
    advisor_ids = list(Advisor.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(advisor_ids), batch_size):
        batch = advisor_ids[start : start + batch_size]
        with _snapshot():
            expected = expected_rows(ActivityReport.objects.live().filter(advisor__in=batch))
            stored, copied = {}, {}
            for row in ActivityRollup.objects.filter(advisor__in=batch).values_list(
                *RollupKey._fields, "departement_id", *COLUMNS
            ):
                key = RollupKey(*row[:5])
                copied[key], stored[key] = row[5], _nonzero(row[6:])
            departements = _departements({key.commune_id for key in expected.keys() | stored.keys()})
        moved = {
            key: (departements[key.commune_id], copied[key])
            for key in expected.keys() & copied.keys()
            if copied[key] != departements[key.commune_id]
        }
        wanted = {key: {column: value for column, value in counts.items() if value} for key, counts in expected.items()}
        differences = _differences(wanted, stored, moved)
        report.rows_checked += len(expected.keys() | stored.keys())
        report.differences.extend(differences)
        if differences and not dry_run:
            _correct(ActivityRollup, differences, lambda key, of=departements: {"departement_id": of[key.commune_id]})
    report.departement_differences = rebuild_departements(dry_run)
    return report


def rebuild_departements(dry_run: bool = False) -> int:
    """Make the département day rows equal the daily rows summed per date × département × kind (in SQL), and
    the month rows those summed per month (in Python); returns how many day and month rows differed
    (corrected unless `dry_run`). Run after the daily rows are right."""
    with _snapshot():  # one snapshot for the three tables
        grouped = ActivityRollup.objects.order_by().values_list(*DepartementKey._fields)
        sums = grouped.annotate(**{f"s_{column}": Sum(column) for column in COLUMNS})
        expected = {DepartementKey(*row[:3]): _nonzero(row[3:]) for row in sums}
        stored = _stored(DepartementRollup.objects.all(), DepartementKey)
        stored_months = _stored(DepartementMonthRollup.objects.all(), MonthKey)
    days = _differences(expected, stored)
    months = _differences(_summed(expected.items(), DepartementKey.month), stored_months)
    if not dry_run and (days or months):
        with transaction.atomic():  # day rows, then month rows: the lock order of every writer
            _correct(DepartementRollup, days)
            _correct(DepartementMonthRollup, months)
    return len(days) + len(months)


@contextmanager
def _snapshot():
    """Read the tables in one consistent snapshot (REPEATABLE READ on PostgreSQL). Inside a caller's
    transaction (tests, a shell), isolation is the caller's."""
    own_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if own_transaction and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def _stored(rows, key_type) -> dict:
    """The rows as {key: non-zero counts}."""
    size = len(key_type._fields)
    return {key_type(*row[:size]): _nonzero(row[size:]) for row in rows.values_list(*key_type._fields, *COLUMNS)}


def _differences(expected: dict, stored: dict, moved: dict | None = None) -> list[Difference]:
    """The rows whose non-zero counts differ, in key order (a stored row of zeros differs: it goes), and the
    daily rows whose copied département is wrong (`moved`: {key: (expected, stored)})."""
    moved = moved or {}
    differences = []
    for key in sorted(expected.keys() | stored.keys()):
        wanted, found = expected.get(key, {}), stored.get(key, {})
        if wanted != found or key in moved or (key in stored and not wanted):
            actual = found or ({"reports": 0} if key in stored else {})  # a row of zeros: stored, but empty
            differences.append(Difference(key, wanted, actual, moved.get(key)))
    return differences


def _correct(model, differences: list[Difference], new_row: Callable[..., dict] = lambda key: {}) -> None:
    """Make the rows of `model` hold what `differences` expect: the missing rows inserted in bulk (a table
    rebuilt from nothing), then (expected - stored) added to the others in key order, and the rows left
    without a report deleted; one by one, missing rows too, when a report saved meanwhile made one of them.
    `new_row(key)`: the other fields of a new row."""
    missing = {difference.key: difference.expected for difference in differences if difference.nature == "missing"}
    if _inserted(model, missing, new_row):
        differences = [difference for difference in differences if difference.key not in missing]
    for difference in differences:
        with transaction.atomic():
            rows = model.objects.filter(**difference.key.lookup())
            if difference.departement:
                rows.update(departement_id=difference.departement[0])
            _add(model, difference.key, difference.delta(), new_row(difference.key))
            if not difference.expected:
                rows.filter(reports=0).delete()
