"""The statistics pages at national scale: 10 million activity reports over 24 months.

`uv run python -m bench statistics [--scale national|small] [--reports N] [--measure-only]` tops up a
throw-away database to N reports (the scale's: 10,000,000 nationally, 20,000 small): the scale's advisors in
post in structures placed by population, then reports spread over the advisors (by time in post) and the
last 24 months (by season), with the demo's distributions (`conum/activity/demo.py`). On PostgreSQL the
reports go in with COPY, by batches of 200,000; on SQLite with bulk_create. The daily rollups are then built
with the SQL of `rollups.rebuild` (`expected_rows`: one GROUP BY per batch of advisors, inserted as is), and
the tables analysed.

Measured (median and p95 over 10 runs, SQL queries per call): the statistics page for the last 12 months as the
national team sees it (national, a région, départements 87 and 59, a structure, an advisor: test client GETs),
`activity_statistics` alone, and the naive way: the same totals and the themes distribution summed over the raw
reports of the period, with the ratio naive / page. `--measure-only` skips the loading (measures what is there).
"""

import os
import random
import time
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.test import Client
from django.utils import timezone

from conum.accounts.models import User
from conum.activity import demo
from conum.activity.enums import Theme
from conum.activity.models import ActivityReport, ActivityRollup, DepartementMonthRollup, DepartementRollup
from conum.activity.reports import dimensions, rollups
from conum.activity.reports.statistics import activity_statistics
from conum.core.dates import month_start
from conum.core.model_fields import has_value
from conum.core.roles import Role
from conum.recruitment.models import Advisor, Candidate, Match, territory_of
from conum.structures.models import HostStructure, StructureApplication
from conum.territories.models import Departement

from .population import bench_structure, communes_by_population
from .scale import Scale, scale_from
from .timing import measure, measure_get, report, sign_in

SIRET_PREFIX = "T"  # bench/matching.py uses "B", bench/public_search.py "Q"
EMAIL_DOMAIN = "@bench-stats.example"
STAFF_EMAIL = f"national{EMAIL_DOMAIN}"
BATCH = 200_000
TEMPLATES = 20_000  # distinct report contents drawn with demo._report, reused with other advisors and dates
ADVISORS_PER_ROLLUP_BATCH = 500
REPEAT = 10
NAIVE_REPEAT = 3
FIXED = ("advisor", "structure", "commune", "date")
SKIPPED = {"id", "workshop", "place", "deleted_at", "created_at", "updated_at", *FIXED}


def advisors_in_post(scale: Scale) -> list[tuple[int, int, str, date]]:
    """(advisor, structure, commune, counted from) for the scale's advisors in post, created once in bulk."""
    rng = random.Random(7)
    structure_count, advisor_count = scale.advisor_structures, scale.advisors
    ours = Advisor.objects.filter(candidate__email__endswith=EMAIL_DOMAIN)
    if not ours.exists():
        started = time.monotonic()
        communes, weights = communes_by_population("code", "departement_id")
        now, today = timezone.now(), timezone.localdate()
        with transaction.atomic():
            structures = HostStructure.objects.bulk_create(
                [
                    bench_structure(SIRET_PREFIX, index, "Structure statistiques", EMAIL_DOMAIN, code, departement)
                    for index, (code, departement) in enumerate(
                        rng.choices(communes, weights=weights, k=structure_count)
                    )
                ],
                batch_size=2000,
            )
            applications = StructureApplication.objects.bulk_create(
                [
                    StructureApplication(
                        structure=structure,
                        status="validated",
                        posts_requested=3,
                        posts_granted=3,
                        mission_start=today,
                        motivation="-",
                        commitments_accepted_at=now,
                    )  # fmt: skip
                    for structure in structures
                ],
                batch_size=2000,
            )
            # Every structure has one advisor, the rest go to structures drawn at random.
            extra = rng.choices(range(structure_count), k=advisor_count - structure_count)
            posts = list(range(structure_count)) + extra
            candidates = Candidate.objects.bulk_create(
                [
                    Candidate(
                        first_name="-",
                        last_name=f"A{index}",
                        email=f"a{index}{EMAIL_DOMAIN}",
                        phone="+33600000000",
                        commune_id=structures[post].commune_id,
                        territory=territory_of(structures[post].departement_id),
                        mobility_km=20,
                        available_from=today,
                        motivation="-",
                        email_confirmed_at=now,
                        available=False,
                    )  # fmt: skip
                    for index, post in enumerate(posts)
                ],
                batch_size=2000,
            )
            matches = Match.objects.bulk_create(
                [
                    Match(candidate=candidate, application=applications[post], status="hired", distance_km=1)
                    for candidate, post in zip(candidates, posts, strict=True)
                ],
                batch_size=2000,
            )
            # 70 % in post for more than the 24 months, the others hired along the way.
            window = 30 * demo.MONTHS
            hired = [
                today - timedelta(days=window + rng.randint(1, 700) if rng.random() < 0.7 else rng.randint(30, window))
                for _ in posts
            ]
            Advisor.objects.bulk_create(
                [
                    Advisor(
                        candidate=candidate,
                        structure=structures[post],
                        match=match,
                        hired_on=day,
                        training_due_by=day + timedelta(days=90),
                    )  # fmt: skip
                    for candidate, match, post, day in zip(candidates, matches, posts, hired, strict=True)
                ],
                batch_size=2000,
            )
        print(f"{structure_count} structures and {advisor_count} advisors in {time.monotonic() - started:.1f} s")
    first_day = timezone.localdate() - timedelta(days=30 * demo.MONTHS)
    return [
        (pk, structure, commune, max(first_day, hired_on))
        for pk, structure, commune, hired_on in ours.order_by("pk").values_list(
            "pk", "structure_id", "structure__commune_id", "hired_on"
        )
    ]


def _columns() -> list[str]:
    fields = [field for field in ActivityReport._meta.concrete_fields if field.name not in SKIPPED]
    return [field.name for field in fields]


def _templates(rng, columns, count) -> list[tuple]:
    """Report contents with the demo's distributions (kind, themes, ages, statuses…), as column values."""
    advisor = Advisor.objects.filter(candidate__email__endswith=EMAIL_DOMAIN).select_related("structure").first()
    today = timezone.localdate()
    prepared = []
    for _ in range(count):
        built = demo._report(rng, advisor, [None], today)
        prepared.append(
            tuple(
                ActivityReport._meta.get_field(column).get_db_prep_value(getattr(built, column), connection)
                for column in columns
            )
        )
    return prepared


def _draw(rng, advisors, count):
    """(advisor tuple, day) pairs: advisors by days in post in the window, days by season and weekday."""
    today = timezone.localdate()
    first_day = today - timedelta(days=30 * demo.MONTHS)
    days = [first_day + timedelta(days=n) for n in range((today - first_day).days + 1)]
    day_weights = [
        0 if day.weekday() == 6 else demo.SEASON[day.month] * (0.5 if day.weekday() == 5 else 1) for day in days
    ]
    advisor_weights = [(today - start).days + 1 for *_rest, start in advisors]
    picked_days = rng.choices(days, weights=day_weights, k=count)
    picked = rng.choices(advisors, weights=advisor_weights, k=count)
    for advisor, day in zip(picked, picked_days, strict=True):
        start = advisor[3]
        if day < start:
            day = start + timedelta(days=rng.randint(0, (today - start).days))
        yield advisor, day


def load(scale: Scale, target: int) -> None:
    """Tops the reports up to `target` (resumable: each batch is committed, a new run starts after the last)."""
    rng = random.Random(7)
    drawn = advisors_in_post(scale)
    existing = ActivityReport.objects.count()
    if existing >= target:
        print(f"{existing:,} reports already there (target {target:,})")
        return
    columns = _columns()
    templates = _templates(rng, columns, min(TEMPLATES, target // 20 + 100))
    now = timezone.now()
    postgres = connection.vendor == "postgresql"
    print(f"loading {target - existing:,} reports ({'COPY' if postgres else 'bulk_create'}, batches of {BATCH:,})")
    started, loaded = time.monotonic(), existing
    while loaded < target:
        count = min(BATCH, target - loaded)
        batch_rng = random.Random(loaded)
        batch_started = time.monotonic()
        if postgres:
            _copy(batch_rng, drawn, templates, columns, count, now)
        else:
            _bulk(batch_rng, drawn, templates, columns, count, now)
        loaded += count
        elapsed = time.monotonic() - started
        print(
            f"  {loaded:>12,} reports   batch {count / (time.monotonic() - batch_started):9,.0f} rows/s   "
            f"overall {(loaded - existing) / elapsed:9,.0f} rows/s   {elapsed:7.1f} s",
            flush=True,
        )


def _text(value) -> str:
    if value is None:
        return r"\N"
    return str(value)


def _copy(rng, advisors, templates, columns, count, now) -> None:
    names = ", ".join(
        ActivityReport._meta.get_field(name).column for name in [*FIXED, *columns, "created_at", "updated_at"]
    )
    texts = ["\t".join(_text(value) for value in template) for template in templates]
    stamp = now.isoformat()
    lines = [
        f"{advisor}\t{structure}\t{commune}\t{day.isoformat()}\t{rng.choice(texts)}\t{stamp}\t{stamp}\n"
        for (advisor, structure, commune, _start), day in _draw(rng, advisors, count)
    ]
    statement = f"COPY activity_activityreport ({names}) FROM STDIN"
    with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for start in range(0, len(lines), 10_000):
            copy.write("".join(lines[start : start + 10_000]))


def _bulk(rng, advisors, templates, columns, count, now) -> None:
    ActivityReport.objects.bulk_create(
        [
            ActivityReport(
                advisor_id=advisor,
                structure_id=structure,
                commune_id=commune,
                date=day,
                **{
                    column: ActivityReport._meta.get_field(column).to_python(value)
                    for column, value in zip(columns, rng.choice(templates), strict=True)
                },
            )  # fmt: skip
            for (advisor, structure, commune, _start), day in _draw(rng, advisors, count)
        ],
        batch_size=5000,
    )


def build_rollups() -> None:
    """The rollups from the live reports with the SQL of `rollups.rebuild` (`expected_rows`), inserted as is
    advisor batch by advisor batch; skipped when they already count every live report."""
    live = ActivityReport.objects.live().count()
    counted = ActivityRollup.objects.aggregate(total=Sum("reports"))["total"] or 0
    if counted == live:
        print(f"rollups already count the {live:,} live reports")
        return
    started = time.monotonic()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE activity_activityrollup")
            cursor.execute("SET work_mem = '512MB'")
    else:
        ActivityRollup.objects.all().delete()
    advisor_ids = list(Advisor.objects.order_by("pk").values_list("pk", flat=True))
    target = [field.column for field in ActivityRollup._meta.concrete_fields if field.name != "id"]
    for start in range(0, len(advisor_ids), ADVISORS_PER_ROLLUP_BATCH):
        batch = advisor_ids[start : start + ADVISORS_PER_ROLLUP_BATCH]
        rows = (
            ActivityReport.objects.live()
            .filter(advisor__in=batch)
            .order_by()
            .values(*rollups.RollupKey._fields, departement_key=F("commune__departement_id"))
            .annotate(**dimensions.sql_counts())
        )
        sql, params = rows.query.sql_with_params()
        source = {**{name: name for name in rollups.RollupKey._fields}, "departement_id": "departement_key"}
        selected = ", ".join(f'r."{source.get(column, "n_" + column)}"' for column in target)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO activity_activityrollup ({', '.join(target)}) SELECT {selected} FROM ({sql}) r",
                params,
            )
        print(
            f"  rollups: advisors {start + len(batch):>5}/{len(advisor_ids)}   {time.monotonic() - started:7.1f} s",
            flush=True,
        )
    print(f"rollups built in SQL: {ActivityRollup.objects.count():,} rows in {time.monotonic() - started:.1f} s")


def _build_departement_rollups() -> None:
    """The rows per département, by day and by month (what national, région and département statistics read),
    from the daily rows; skipped when both tables already count every report of the daily rows."""
    daily = ActivityRollup.objects.aggregate(total=Sum("reports"))["total"] or 0
    by_day = DepartementRollup.objects.aggregate(total=Sum("reports"))["total"] or 0
    by_month = DepartementMonthRollup.objects.aggregate(total=Sum("reports"))["total"] or 0
    if by_day == by_month == daily:
        print(
            f"rollups per département already count the {daily:,} reports "
            f"({DepartementRollup.objects.count():,} day rows, {DepartementMonthRollup.objects.count():,} month rows)"
        )
        return
    started = time.monotonic()
    differences = rollups.rebuild_departements()
    print(
        f"rollups per département: {differences:,} rows written, {DepartementRollup.objects.count():,} day rows, "
        f"{DepartementMonthRollup.objects.count():,} month rows, in {time.monotonic() - started:.1f} s"
    )


def _analyze() -> None:
    if connection.vendor != "postgresql":
        return
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE activity_activityreport")
        # As autovacuum leaves it in steady state (visibility map, hint bits): what the pages read.
        cursor.execute("VACUUM (ANALYZE) activity_activityrollup")
        cursor.execute("VACUUM (ANALYZE) activity_departementrollup")
        cursor.execute("VACUUM (ANALYZE) activity_departementmonthrollup")
    print(f"ANALYZE reports, VACUUM (ANALYZE) rollups in {time.monotonic() - started:.1f} s")


# ---- measures --------------------------------------------------------------------------------------


def _naive(reports):
    """The national totals and the themes distribution summed over the raw reports of the period."""
    sums = {
        "reports": Count("id"),
        "participants": Sum("participants"),
        "returning": Sum("returning_participants"),
        "minutes": Sum("duration_minutes"),
    }
    sums |= {f"theme_{value}": Count("id", filter=has_value("themes", value)) for value in Theme.values}
    return reports.aggregate(**sums)


def _describe_machine() -> None:
    print(f"machine: {os.cpu_count()} CPUs (nproc)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('activity_activityreport')), "
                "pg_size_pretty(pg_total_relation_size('activity_activityrollup')), "
                "pg_size_pretty(pg_database_size(current_database()))"
            )
            reports_size, rollups_size, database_size = cursor.fetchone()
        print(
            f"database: postgresql {version}; reports table {reports_size}, rollups table {rollups_size}, "
            f"whole database {database_size}"
        )
    else:
        print(f"database: {connection.vendor}")


def _measure() -> None:
    staff = User.objects.filter(email=STAFF_EMAIL).first() or User.objects.create_user(
        STAFF_EMAIL, role=Role.NATIONAL_STAFF
    )
    client = Client(SERVER_NAME="localhost")
    sign_in(client, staff)
    today = timezone.localdate()
    start, end = month_start(today, -11), today
    period = f"debut={start:%d/%m/%Y}&fin={end:%d/%m/%Y}"
    reports = ActivityReport.objects.count()
    in_period = ActivityReport.objects.live().filter(date__range=(start, end)).count()
    rollup_rows = ActivityRollup.objects.count()
    departement_rows = DepartementRollup.objects.filter(date__range=(start, end)).count()
    rollups_in_period = ActivityRollup.objects.filter(date__range=(start, end)).count()
    _describe_machine()
    print(
        f"rows: {reports:,} reports ({in_period:,} in the period), {rollup_rows:,} rollup rows "
        f"({rollups_in_period:,} in the period), {departement_rows:,} rows per département in the period; "
        f"period {start} → {end}"
    )
    region = Departement.objects.values_list("region_id", flat=True).get(pk="87")
    busiest = ActivityRollup.objects.values("structure").annotate(n=Sum("reports")).order_by("-n").first()["structure"]
    advisor = ActivityRollup.objects.filter(structure=busiest).values_list("advisor", flat=True).first()
    pages = [
        ("national", "perimetre=national"),
        (f"région {region}", f"perimetre=region&code={region}"),
        ("département 87", "perimetre=departement&code=87"),
        ("département 59", "perimetre=departement&code=59"),
        ("département 75", "perimetre=departement&code=75"),
        (f"structure {busiest}", f"perimetre=structure&code={busiest}"),
        (f"advisor {advisor}", f"perimetre=conseiller&code={advisor}"),
    ]
    page_medians = {}
    for label, query in pages:
        client.get(f"/statistiques/?{query}&{period}")  # warm
        median, p95, queries, _page = measure_get(client, f"/statistiques/?{query}&{period}", repeat=REPEAT)
        page_medians[label] = median
        report(f"page {label}", median, p95, queries)
    national = Q()  # what the territory scopes read: the rows per département
    daily = ActivityRollup.objects.all()
    for label, rows in [
        ("national", national),
        ("département 87", Q(departement="87")),
        ("département 59", Q(departement="59")),
        ("national, from the daily rows (before the rows per département)", daily),
    ]:
        median, p95, queries, stats = measure(lambda rows=rows: activity_statistics(rows, start, end), repeat=REPEAT)
        report(f"activity_statistics {label}", median, p95, queries)
    live = ActivityReport.objects.live().filter(date__range=(start, end))
    for label, rows in [("national", live), ("département 87", live.filter(commune__departement_id="87"))]:
        median, p95, queries, naive = measure(lambda rows=rows: _naive(rows), repeat=NAIVE_REPEAT)
        report(f"naive: totals + themes over raw reports, {label}", median, p95, queries)
        stats = activity_statistics(national if label == "national" else Q(departement="87"), start, end)
        same = (naive["reports"], naive["participants"], naive["minutes"]) == (
            stats.reports,
            stats.accompaniments,
            stats.totals["duration_minutes"],
        ) and all(naive[f"theme_{value}"] == stats.totals[f"theme_{value}"] for value in Theme.values)
        print(
            f"  ratio naive / page {label}: {median / page_medians[label]:.1f}×   "
            f"(same figures as the rollups: {'yes' if same else 'NO'}; {naive['reports']:,} reports)"
        )
    verdict = [
        ("national page < 300 ms", page_medians["national"] < 300),
        ("département 87 page < 100 ms", page_medians["département 87"] < 100),
        ("département 59 page < 100 ms", page_medians["département 59"] < 100),
    ]
    print("targets (median): " + "; ".join(f"{label}: {'met' if ok else 'NOT met'}" for label, ok in verdict))


def prepare() -> None:
    """The rollups as `rollups.rebuild` computes them, then planner statistics."""
    build_rollups()
    _build_departement_rollups()
    _analyze()


def run(args):
    scale = scale_from(args)
    target = int(args[args.index("--reports") + 1].replace("_", "")) if "--reports" in args else scale.reports
    measure_only = "--measure-only" in args
    print(f"database: {connection.vendor}; target {target:,} reports{' (measure only)' if measure_only else ''}")
    if not measure_only:
        load(scale, target)
    prepare()
    _measure()
