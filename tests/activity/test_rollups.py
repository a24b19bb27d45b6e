"""Rollups follow every create, edit and delete of reports, and `conum rebuild_rollups` proves it."""

import random
from collections import Counter, defaultdict
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from conum.activity.models import ActivityReport, ActivityRollup, DepartementRollup
from conum.activity.reports import rollups
from conum.activity.reports import services as reports
from conum.activity.reports.dimensions import COLUMNS
from conum.recruitment.models import Advisor
from tests.activity.builders import (
    departement_table,
    edit_report,
    full_data,
    individual_data,
    random_data,
    save_report,
    workshop_data,
)
from tests.activity.factories import PlaceFactory
from tests.helpers import run_concurrently


def table() -> dict:
    """The rollup table as {key: non-zero columns}, with each row's département."""
    rows = {}
    for rollup in ActivityRollup.objects.all():
        key = rollups.RollupKey(rollup.date, rollup.commune_id, rollup.advisor_id, rollup.kind, rollup.structure_id)
        counts = {column: getattr(rollup, column) for column in COLUMNS if getattr(rollup, column)}
        rows[key] = (counts, rollup.departement_id)
    return rows


def computed_in_python() -> dict:
    """The same rows, summed in Python from the live reports (independent of the SQL of rebuild)."""
    sums = defaultdict(Counter)
    departements = {}
    for report in ActivityReport.objects.live().select_related("commune"):
        key, counts = rollups.contribution(report)
        sums[key].update(counts)
        departements[key] = report.commune.departement_id
    return {key: (dict(counts), departements[key]) for key, counts in sums.items()}


def test_a_report_adds_its_contribution_and_a_deletion_removes_the_row(advisor, hired_advisor, place):
    report = save_report(hired_advisor, advisor, workshop_data(place))
    rollup = ActivityRollup.objects.get()
    assert (rollup.date, rollup.commune_id, rollup.departement_id, rollup.kind) == (
        report.date, "87085", "87", "collectif"
    )  # fmt: skip
    assert (rollup.reports, rollup.participants, rollup.returning_participants, rollup.duration_minutes) == (
        1,
        6,
        2,
        120,
    )
    assert (rollup.age_70_plus, rollup.status_retraite, rollup.followup_workshop) == (3, 5, 4)
    assert (rollup.theme_securite_numerique, rollup.theme_email, rollup.equipment_tablette) == (1, 0, 1)
    assert (rollup.location_lieu_activite, rollup.duration_60_120, rollup.autonomy_autonome) == (1, 1, 0)
    save_report(hired_advisor, advisor, workshop_data(place, duration_minutes=30, participants=1,
        returning_participants=0, age_60_69=1, age_70_plus=0, age_non_communique=0, status_retraite=1,
        status_non_communique=0, followup_workshop=0))  # fmt: skip
    rollup.refresh_from_db()
    assert (rollup.reports, rollup.participants, rollup.duration_minutes, rollup.duration_0_30) == (2, 7, 150, 1)
    reports.delete_report(report, advisor)
    rollup.refresh_from_db()
    assert (rollup.reports, rollup.participants, rollup.duration_60_120, rollup.age_70_plus) == (1, 1, 0, 0)
    reports.delete_report(ActivityReport.objects.live().get(), advisor)
    assert not ActivityRollup.objects.exists()


def test_an_edit_moves_the_contribution_between_rows(advisor, hired_advisor, place):
    report = save_report(hired_advisor, advisor, individual_data(place))
    yesterday = report.date
    edit_report(report, advisor, {"date": yesterday - timedelta(days=3), "location": "domicile",
                                            "commune": "87154"})  # fmt: skip
    assert [(r.date, r.commune_id, r.kind) for r in ActivityRollup.objects.all()] == [
        (yesterday - timedelta(days=3), "87154", "individuel")
    ]
    edit_report(report, advisor, {"kind": "ponctuel", "autonomy": ""})
    rollup = ActivityRollup.objects.get()
    assert (rollup.kind, rollup.reports, rollup.location_domicile, rollup.autonomy_partiellement_autonome) == (
        "ponctuel", 1, 1, 0
    )  # fmt: skip


def test_the_sql_of_rebuild_agrees_with_the_python_contribution_at_the_band_boundaries(advisor, hired_advisor, place):
    for minutes in (1, 30, 31, 60, 61, 120, 121, 480):
        save_report(hired_advisor, advisor, individual_data(place, duration_minutes=minutes))
    expected = rollups.expected_rows(ActivityReport.objects.live())
    assert {key: {c: v for c, v in counts.items() if v} for key, counts in expected.items()} == {
        key: counts for key, (counts, _departement) in computed_in_python().items()
    }
    rollup = ActivityRollup.objects.get()
    assert (rollup.duration_0_30, rollup.duration_30_60, rollup.duration_60_120, rollup.duration_120_plus) == (
        2,
        2,
        2,
        2,
    )


# ---- randomised: creates, edits and deletes, then rebuild finds nothing ----------------------------


def by_departement(rows: dict) -> dict:
    """Daily rows ({key: (counts, département)}) summed per date × département × kind."""
    sums = defaultdict(Counter)
    for key, (counts, departement) in rows.items():
        sums[(key.date, departement, key.kind)].update(counts)
    return {key: dict(counts) for key, counts in sums.items()}


@pytest.mark.parametrize("seed", [1, 2])
def test_random_creates_edits_and_deletes_leave_nothing_for_rebuild_to_fix(
    seed, advisor, hired_advisor, place, other_advisor
):
    rng = random.Random(seed)
    today = timezone.localdate()
    my_places = [place, PlaceFactory(structure=hired_advisor.structure, advisors=[hired_advisor], commune_id="87154")]
    their_places = [PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor], commune_id="23096")]
    authors = [(hired_advisor, advisor, my_places), (other_advisor, other_advisor.user, their_places)]
    for step in range(120):
        if step == 60:  # the advisor moves to another structure: its next reports count for the new one
            Advisor.objects.filter(pk=hired_advisor.pk).update(structure=other_advisor.structure)
            hired_advisor.refresh_from_db()
        author, user, places = rng.choice(authors)
        live = list(ActivityReport.objects.live().filter(advisor=author))
        operation = rng.choices(["create", "edit", "delete"], weights=[5, 3, 2])[0] if live else "create"
        if operation == "create":
            save_report(author, user, random_data(rng, places, today))
        elif operation == "edit":
            edit_report(rng.choice(live), user, full_data(random_data(rng, places, today)))
        else:
            reports.delete_report(rng.choice(live), user)
    assert ActivityReport.objects.live().count() > 20 and ActivityReport.objects.exclude(deleted_at=None).exists()
    assert ActivityReport.objects.filter(advisor=hired_advisor).values("structure").distinct().count() == 2
    assert table() == computed_in_python()
    assert departement_table() == by_departement(computed_in_python())
    assert {"87", "23"} <= {departement for _date, departement, _kind in departement_table()}
    result = rollups.rebuild(dry_run=True)
    assert result.differences == [] and result.rows_checked == ActivityRollup.objects.count()
    assert result.departement_differences == 0
    assert result.summary() == f"Aucune différence ({result.rows_checked} lignes vérifiées)."


# ---- the command finds and fixes differences -------------------------------------------------------


def test_the_command_reports_a_sabotaged_table_fixes_it_and_is_idempotent(advisor, hired_advisor, place, other_advisor):
    for days in (1, 2, 3):
        save_report(hired_advisor, advisor, workshop_data(place, date=timezone.localdate() - timedelta(days)))
    other_place = PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor], commune_id="23096")
    save_report(other_advisor, other_advisor.user, individual_data(other_place))
    healthy = table()
    first, second, third = ActivityRollup.objects.filter(advisor=hired_advisor).order_by("date")
    ActivityRollup.objects.filter(pk=first.pk).update(participants=60, theme_email=2)
    ActivityRollup.objects.filter(pk=second.pk).delete()
    ActivityRollup.objects.filter(pk=third.pk).update(departement="23")
    ActivityRollup.objects.create(
        date=first.date - timedelta(days=10), commune_id="19272", departement_id="19", advisor=other_advisor,
        structure=other_advisor.structure, kind="ponctuel", reports=3, participants=3,
    )  # fmt: skip

    dry = StringIO()
    call_command("rebuild_rollups", "--dry-run", stdout=dry)
    assert dry.getvalue().startswith("4 lignes à corriger sur 5 vérifiées : 1 absente, 1 en trop, 2 fausses.")
    assert table() != healthy

    out = StringIO()
    call_command("rebuild_rollups", stdout=out)
    printed = out.getvalue()
    assert printed.startswith("4 lignes corrigées sur 5 vérifiées : 1 absente, 1 en trop, 2 fausses.")
    assert f"{first.date:%d/%m/%Y}, commune 87085, conseiller n° {hired_advisor.pk}, atelier collectif" in printed
    assert "participants 6 au lieu de 60, theme_email 0 au lieu de 2" in printed
    assert "ligne absente (1 compte(s) rendu(s))" in printed
    assert "département 87 au lieu de 23" in printed
    assert "ligne en trop (aucun compte rendu)" in printed
    assert table() == healthy

    again = StringIO()
    call_command("rebuild_rollups", stdout=again)
    assert again.getvalue() == "Aucune différence (4 lignes vérifiées).\n"


def test_rebuild_repairs_the_rows_per_departement(advisor, hired_advisor, place, other_advisor):
    for days in (1, 2):
        save_report(hired_advisor, advisor, individual_data(place, date=timezone.localdate() - timedelta(days)))
    other_place = PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor], commune_id="23096")
    save_report(other_advisor, other_advisor.user, individual_data(other_place))
    healthy = departement_table()
    assert len(healthy) == 3
    first, *_ = DepartementRollup.objects.filter(departement="87").order_by("date")
    DepartementRollup.objects.filter(pk=first.pk).update(participants=40)
    DepartementRollup.objects.filter(departement="23").delete()
    DepartementRollup.objects.create(date=first.date, departement_id="19", kind="ponctuel", reports=2, participants=2)

    dry = StringIO()
    call_command("rebuild_rollups", "--dry-run", stdout=dry)
    assert dry.getvalue() == "Aucune différence (3 lignes vérifiées). 3 lignes par département à corriger.\n"
    assert departement_table() != healthy
    out = StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert out.getvalue() == "Aucune différence (3 lignes vérifiées). 3 lignes par département corrigées.\n"
    assert departement_table() == healthy
    assert rollups.rebuild(dry_run=True).departement_differences == 0


def test_bulk_build_adds_to_existing_rows_per_departement(advisor, hired_advisor, place):
    save_report(hired_advisor, advisor, individual_data(place))
    # The same day, in another commune of the département, inserted in bulk (as the demo and the benchmark do).
    copy = ActivityReport(**{**_stored_fields(ActivityReport.objects.get()), "commune_id": "87154"})
    ActivityReport.objects.bulk_create([copy])
    assert rollups.bulk_build(ActivityReport.objects.filter(commune_id="87154")) == 1
    assert DepartementRollup.objects.get().reports == 2
    assert departement_table() == by_departement(computed_in_python())


def _stored_fields(report) -> dict:
    fields = {field.attname: getattr(report, field.attname) for field in ActivityReport._meta.concrete_fields}
    fields.pop("id")
    return fields


def test_rebuild_fills_an_empty_table(advisor, hired_advisor, place):
    for days in range(1, 6):
        save_report(hired_advisor, advisor, individual_data(place, date=timezone.localdate() - timedelta(days)))
    healthy = table()
    ActivityRollup.objects.all().delete()
    result = rollups.rebuild()
    assert result.count("missing") == 5
    assert table() == healthy


# ---- concurrency (PostgreSQL) ------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent inserts need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_reports_of_a_day_make_one_row(advisor, hired_advisor, place):
    data = individual_data(place)
    outcomes = run_concurrently(*[lambda: save_report(hired_advisor, advisor, data) for _ in range(12)])
    assert outcomes == ["saved"] * 12
    rollup = ActivityRollup.objects.get()
    assert (rollup.reports, rollup.participants, rollup.duration_minutes) == (12, 12, 12 * 45)
    assert DepartementRollup.objects.get().reports == 12
    result = rollups.rebuild(dry_run=True)
    assert result.differences == [] and result.departement_differences == 0
