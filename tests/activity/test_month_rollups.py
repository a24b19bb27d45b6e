"""The month rows per département follow every create, edit and delete, `rebuild_rollups` repairs them, and
territory statistics read them for whole months with the same figures as a direct count of the reports."""

import importlib
import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from conum.activity.enums import ReportKind, Theme
from conum.activity.models import (
    ActivityReport,
    ActivityRollup,
    DepartementMonthRollup,
    DepartementRollup,
    departement_period_rows,
)
from conum.activity.reports import rollups
from conum.activity.reports import services as reports
from conum.activity.reports.statistics import activity_statistics
from conum.core.dates import month_start
from conum.steering.statistics.scopes import resolve_scope
from tests.activity.builders import (
    departement_table,
    direct,
    edit_report,
    from_rollups,
    full_data,
    individual_data,
    random_data,
    save_report,
)
from tests.activity.factories import PlaceFactory
from tests.helpers import run_concurrently


def month_table() -> dict:
    """The month rows as {(month, département, kind): non-zero columns}."""
    return departement_table(DepartementMonthRollup, "month")


def by_month(days: dict) -> dict:
    """Département day rows ({(date, département, kind): counts}) summed per month."""
    sums = defaultdict(Counter)
    for (day, departement, kind), counts in days.items():
        sums[(day.replace(day=1), departement, kind)].update(counts)
    return {key: dict(counts) for key, counts in sums.items()}


def a_day(today: date, rng) -> date:
    """A day of the last 14 months, often at a month's edge (first or last day)."""
    month = month_start(today, -rng.randint(0, 13))
    following = month_start(month, 1)
    day = rng.choice([month, following - timedelta(days=1), month + timedelta(days=rng.randint(0, 27))])
    return min(day, today)


@pytest.fixture
def authors(hired_advisor, advisor, place, other_advisor):
    my_places = [place, PlaceFactory(structure=hired_advisor.structure, advisors=[hired_advisor], commune_id="87154")]
    their_places = [PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor], commune_id="23096")]
    return [(hired_advisor, advisor, my_places), (other_advisor, other_advisor.user, their_places)]


def random_activity(rng, authors, steps: int) -> None:
    """Creates, edits (often moving a report to another month) and deletes, through the real code path."""
    today = timezone.localdate()
    for _step in range(steps):
        author, user, places = rng.choice(authors)
        live = list(ActivityReport.objects.live().filter(advisor=author))
        operation = rng.choices(["create", "edit", "delete"], weights=[5, 3, 2])[0] if live else "create"
        data = random_data(rng, places, today) | {"date": a_day(today, rng)}
        if operation == "create":
            save_report(author, user, data)
        elif operation == "edit":
            edit_report(rng.choice(live), user, full_data(data))
        else:
            reports.delete_report(rng.choice(live), user)


# ---- writes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2])
def test_month_rows_equal_the_day_rows_summed_after_random_creates_edits_and_deletes(seed, authors):
    random_activity(random.Random(seed), authors, 120)
    assert ActivityReport.objects.exclude(deleted_at=None).exists()
    months = month_table()
    assert len({month for month, _departement, _kind in months}) >= 6  # reports spread over many months
    assert months == by_month(departement_table())
    assert rollups.rebuild(dry_run=True).departement_differences == 0


def test_an_edit_within_a_month_and_across_months_moves_the_month_rows(hired_advisor, advisor, place):
    today = timezone.localdate()
    first = month_start(today, -2)
    report = save_report(hired_advisor, advisor, individual_data(place, date=first))
    edit_report(report, advisor, {"date": first + timedelta(days=9)})  # the same month
    row = DepartementMonthRollup.objects.get()
    assert (row.month, row.departement_id, row.reports, row.participants) == (first, "87", 1, 1)
    assert DepartementRollup.objects.get().date == first + timedelta(days=9)
    previous = first - timedelta(days=1)  # the last day of the month before
    edit_report(report, advisor, {"date": previous, "location": "domicile", "commune": "23096"})
    row = DepartementMonthRollup.objects.get()
    assert (row.month, row.departement_id, row.kind, row.reports, row.location_domicile) == (
        previous.replace(day=1), "23", "individuel", 1, 1
    )  # fmt: skip
    reports.delete_report(report, advisor)
    assert not DepartementMonthRollup.objects.exists() and not DepartementRollup.objects.exists()


def test_bulk_build_adds_to_the_month_rows(hired_advisor, advisor, place):
    save_report(hired_advisor, advisor, individual_data(place))
    stored = ActivityReport.objects.get()
    fields = {field.attname: getattr(stored, field.attname) for field in ActivityReport._meta.concrete_fields}
    fields.pop("id")
    copies = [ActivityReport(**fields | {"commune_id": "87154", "date": stored.date.replace(day=1)})]
    ActivityReport.objects.bulk_create(copies)
    rollups.bulk_build(ActivityReport.objects.filter(commune_id="87154"))
    assert DepartementMonthRollup.objects.get().reports == 2
    assert month_table() == by_month(departement_table())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_moving_reports_across_months_in_opposite_directions_never_deadlock(
    hired_advisor, advisor, place
):
    today = timezone.localdate()
    this_month, last_month = month_start(today, 0), month_start(today, -1)
    pairs = []
    for _pair in range(4):
        here = save_report(hired_advisor, advisor, individual_data(place, date=this_month))
        there = save_report(hired_advisor, advisor, individual_data(place, date=last_month))
        pairs.append((here, there))
    calls = []
    for here, there in pairs:
        calls.append(lambda report=here: edit_report(report, advisor, {"date": last_month}))
        calls.append(lambda report=there: edit_report(report, advisor, {"date": this_month}))
    assert run_concurrently(*calls) == ["saved"] * len(calls)
    assert month_table() == by_month(departement_table())
    assert {month: counts["reports"] for (month, _d, _k), counts in month_table().items()} == {
        this_month: 4,
        last_month: 4,
    }
    result = rollups.rebuild(dry_run=True)
    assert result.differences == [] and result.departement_differences == 0


# ---- rebuild and migration ---------------------------------------------------------------------------


def test_rebuild_repairs_a_sabotaged_month_table(authors):
    random_activity(random.Random(5), authors, 40)
    healthy = month_table()
    days = departement_table()
    first, second, *_ = DepartementMonthRollup.objects.order_by("month", "departement", "kind")
    DepartementMonthRollup.objects.filter(pk=first.pk).update(participants=first.participants + 40, theme_email=9)
    DepartementMonthRollup.objects.filter(pk=second.pk).delete()
    DepartementMonthRollup.objects.create(month=date(2021, 3, 1), departement_id="19", kind="ponctuel", reports=2)

    dry = StringIO()
    call_command("rebuild_rollups", "--dry-run", stdout=dry)
    assert dry.getvalue().endswith(" 3 lignes par département à corriger.\n")
    assert month_table() != healthy
    out = StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert out.getvalue().endswith(" 3 lignes par département corrigées.\n")
    assert month_table() == healthy and departement_table() == days
    assert rollups.rebuild_departements(dry_run=True) == 0


def test_rebuild_fills_an_empty_month_table(authors):
    random_activity(random.Random(6), authors, 30)
    healthy = month_table()
    DepartementMonthRollup.objects.all().delete()
    assert rollups.rebuild_departements() == len(healthy)
    assert month_table() == healthy


def test_the_migration_fills_the_month_rows_from_the_day_rows(authors):
    random_activity(random.Random(7), authors, 30)
    healthy = month_table()
    DepartementMonthRollup.objects.all().delete()
    migration = importlib.import_module("conum.activity.migrations.0003_departement_month_rollup")
    migration.fill_from_departement_rollups(apps, None)
    assert month_table() == healthy


# ---- reading ---------------------------------------------------------------------------------------


@pytest.fixture
def dataset(authors):
    random_activity(random.Random(2027), authors, 150)
    return authors


def periods(today: date) -> dict[str, tuple[date, date]]:
    m6, m5, m2 = month_start(today, -6), month_start(today, -5), month_start(today, -2)
    return {
        "starts mid-month, ends today": (m6 + timedelta(days=13), today),
        "whole months": (m6, m2 - timedelta(days=1)),
        "one whole month": (m5, month_start(today, -4) - timedelta(days=1)),
        "mid-month to mid-month": (m6 + timedelta(days=9), m2 + timedelta(days=4)),
        "starts on a month's first day, ends mid-month": (m6, m2 + timedelta(days=14)),
        "starts mid-month, ends on a month's last day": (m6 + timedelta(days=20), m2 - timedelta(days=1)),
        "one day, a first": (m5, m5),
        "one day, mid-month": (m5 + timedelta(days=11), m5 + timedelta(days=11)),
        "last day and first day": (m5 - timedelta(days=1), m5),
        "within one month": (m5 + timedelta(days=2), m5 + timedelta(days=20)),
        "across a year": (month_start(today, -13) + timedelta(days=3), today - timedelta(days=17)),
        "twelve whole months": (month_start(today, -12), month_start(today, 0) - timedelta(days=1)),
        "fourteen months to today": (month_start(today, -13), today),
    }


def direct_months(start, end, **where) -> list[tuple]:
    live = list(ActivityReport.objects.live().filter(date__gte=start, date__lte=end, **where))
    rows, month = [], start.replace(day=1)
    while month <= end:
        mine = [r for r in live if month <= r.date < month_start(month, 1)]
        rows.append((
            month, len(mine), sum(r.participants for r in mine),
            sum(r.participants - r.returning_participants for r in mine),
            sum(r.kind == ReportKind.WORKSHOP for r in mine), sum(r.duration_minutes for r in mine),
            sum(Theme.EMAIL in r.themes for r in mine),
        ))  # fmt: skip
        month = month_start(month, 1)
    return rows


def test_territory_statistics_equal_a_direct_count_for_any_period(dataset, national_staff):
    scopes = [
        ("national", "", {}),
        ("region", "75", {"commune__departement__region": "75"}),
        ("departement", "87", {"commune__departement": "87"}),
        ("departement", "23", {"commune__departement": "23"}),
    ]
    for name, (start, end) in periods(timezone.localdate()).items():
        for kind, code, where in scopes:
            for report_kind in ("", ReportKind.INDIVIDUAL):
                scoped = resolve_scope(national_staff, kind, code).rollups
                lookup = dict(where) | ({"kind": report_kind} if report_kind else {})
                stats = activity_statistics(scoped, start, end, theme=Theme.EMAIL, kind=report_kind)
                context = (name, kind, code, report_kind, start, end)
                assert from_rollups(stats) == direct(start, end, **lookup), context
                months = [
                    (m.month, m.reports, m.accompaniments, m.people, m.workshops, m.duration_minutes, m.theme_reports)
                    for m in stats.months
                ]
                assert months == direct_months(start, end, **lookup), context
        # The national figures are those of the daily rollups, summed another way.
        national = activity_statistics(Q(), start, end)
        assert national.totals == activity_statistics(ActivityRollup.objects.all(), start, end).totals, name


def test_period_rows_read_month_rows_and_the_fewest_day_rows():
    def read(start, end):
        tables = {DepartementMonthRollup: "months", DepartementRollup: "days"}
        return [tables[rows.model] for rows in departement_period_rows(start, end, Q())]

    assert read(date(2025, 1, 1), date(2025, 12, 31)) == ["months"]
    assert read(date(2025, 2, 1), date(2025, 2, 28)) == ["months"]
    assert read(date(2025, 1, 15), date(2025, 12, 31)) == ["months", "days"]  # minus 1-14 January
    assert read(date(2025, 1, 20), date(2025, 12, 31)) == ["months", "days"]  # plus 20-31 January
    assert read(date(2025, 2, 1), date(2025, 2, 1)) == ["days"]
    assert read(date(2025, 1, 2), date(2025, 1, 10)) == ["days"]
    # A scope's condition applies to the month rows and to the day rows.
    where = Q(departement__region="75") & ~Q(kind="collectif")
    for rows in departement_period_rows(date(2025, 1, 1), date(2025, 2, 14), where):
        sql = str(rows.query)
        assert '"region_id" = 75' in sql.replace("'", "") and "collectif" in sql


@pytest.mark.parametrize(
    ("start", "end", "added", "taken"),
    [
        (date(2025, 1, 15), date(2025, 3, 31), [], [(date(2025, 1, 1), date(2025, 1, 14))]),
        (date(2025, 1, 20), date(2025, 3, 31), [(date(2025, 1, 20), date(2025, 1, 31))], []),
        (date(2025, 1, 2), date(2025, 1, 30), [], [(date(2025, 1, 1), date(2025, 1, 1)), (date(2025, 1, 31),) * 2]),
        (date(2025, 1, 20), date(2025, 3, 26), [(date(2025, 1, 20), date(2025, 1, 31))],
         [(date(2025, 3, 27), date(2025, 3, 31))]),
    ],
)  # fmt: skip
def test_an_edge_month_is_read_from_its_days_or_its_month_row_minus_the_other_days(
    start, end, added, taken, territories
):
    """Each day of the quarter has a report: the days read, with their sign, say which way each edge went."""
    expected = {day: 1 for first, last in added for day in _days(first, last)}
    expected |= {day: -1 for first, last in taken for day in _days(first, last)}
    *_months, days = departement_period_rows(start, end, Q())
    for day in _days(date(2025, 1, 1), date(2025, 3, 31)):
        DepartementRollup.objects.create(date=day, departement_id="87", kind="individuel", reports=1)
    read = {row["date"]: row["period_sign"] for row in days.values("date", "period_sign")}
    assert read == expected


def _days(first, last):
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_the_national_page_queries_do_not_grow_with_months_or_rows(
    client, national_staff, hired_advisor, advisor, place, django_assert_max_num_queries
):
    client.force_login(national_staff)
    today = timezone.localdate()
    save_report(hired_advisor, advisor, individual_data(place))
    one_month = {"perimetre": "national", "debut": month_start(today, -1), "fin": month_start(today, 0)}
    with django_assert_max_num_queries(12) as few:
        assert client.get("/statistiques/", one_month).status_code == 200
    for days in range(1, 1200, 9):
        save_report(hired_advisor, advisor, individual_data(place, date=today - timedelta(days)))
    four_years = {"perimetre": "national", "debut": today - timedelta(days=1400), "fin": today - timedelta(days=3)}
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        assert client.get("/statistiques/", four_years).status_code == 200
    for captured in (few, many):
        sql = [query["sql"] for query in captured.captured_queries]
        assert len([q for q in sql if "rollup" in q]) <= 2  # one month-row query, one day-row query at most
        assert not [q for q in sql if "activity_activityreport" in q]
