"""How `conum demo` builds fast: rows inserted without bulk_create's preparation of each value (the same rows),
and SQLite's build pragmas, on for the build only."""

from datetime import date

import pytest
from django.db import connection

from conum.activity.models import DepartementMonthRollup
from conum.core.demo import insert_all
from conum.core.demo_steps import fast_build


def _rows(departement):
    rows = DepartementMonthRollup.objects.filter(departement=departement).order_by("month", "kind")
    return [{k: v for k, v in row.items() if k not in ("id", "departement_id")} for row in rows.values()]


def test_insert_all_writes_what_bulk_create_writes(territories):
    values = [
        {"month": date(2025, 3, 1), "kind": "individuel", "reports": 3, "participants": 4},
        {"month": date(2025, 4, 1), "kind": "collectif", "reports": 1, "participants": 9, "age_70_plus": 5},
    ]
    DepartementMonthRollup.objects.bulk_create([DepartementMonthRollup(departement_id="87", **row) for row in values])
    assert insert_all(DepartementMonthRollup, [{"departement_id": "23", **row} for row in values]) == 2
    assert insert_all(DepartementMonthRollup, [DepartementMonthRollup(departement_id="19", **row) for row in values])
    assert _rows("87")[1]["participants"] == 9
    assert _rows("23") == _rows("87") == _rows("19")


@pytest.mark.django_db(transaction=True)
def test_fast_build_turns_disk_syncs_off_for_the_build_only():
    """On SQLite the build runs without a disk sync per commit, and only the build; PostgreSQL is left alone."""
    if connection.vendor == "sqlite":
        query, normal, building = "PRAGMA synchronous", 2, 0  # FULL, then OFF during the build
    else:
        query, normal, building = "SHOW synchronous_commit", "on", "on"

    def synchronous():
        with connection.cursor() as cursor:
            cursor.execute(query)
            return cursor.fetchone()[0]

    assert synchronous() == normal
    with fast_build():
        assert synchronous() == building
        connection.close()  # a connection opened again during the build gets them too
        assert synchronous() == building
    assert synchronous() == normal
