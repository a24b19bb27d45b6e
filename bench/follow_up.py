"""Follow-up of people at national scale (issue 19): appointments, availability and beneficiary files.

The data (`fill`, the generate stage "appointments and beneficiary files", after the reports and before the
rollups, since linking a report to a file sets its "returning" answer, which the rollups count):

- availability rules: a few weekly slots (45 minutes, a morning or an afternoon) per advisor in post, at a
  public place of its structure's département (as the past workshop sessions);
- appointments on those slots from the advisor's start (24 months at most) to 4 weeks ahead, drawn so that the
  scale's total is reached (attended, absent, cancelled, or still booked);
- beneficiary files in the advisors' structures, in proportion to the structure's individual reports;
- one in `linked_every` individual reports linked to a file of its structure (a long-tailed number of visits per
  file), with one set-based UPDATE per batch of structures: the file's first report by date is not "returning",
  the others are (what beneficiaries/services.renumber keeps); each file's consent and last activity follow its
  reports; then attended appointments linked to a report of their advisor and day, and to its file.

Each step is resumable (rules and appointments per advisor, files per structure; linking only touches rows not
linked yet); rollups already built are dropped when answers changed, so the next stage rebuilds them.

Measured (`uv run python -m bench follow_up [--scale national|small]`): the agenda of the busiest advisor's
busiest week, the file page of the file with the longest history, the file list of the biggest structure
(test client GETs, median/p95, queries per call, floor), each beside the same rows read the naive way (no
select_related, or one query per file for the list).
"""

import random
import time
from collections import defaultdict
from datetime import datetime, timedelta
from datetime import time as day_time

from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncWeek
from django.test import Client
from django.utils import timezone

from conum.accounts.models import User
from conum.activity.beneficiaries import services as files_service
from conum.activity.beneficiaries.views import PER_PAGE
from conum.activity.enums import AgeBand, AppointmentStatus, ReportKind, Theme
from conum.activity.models import (
    ActivityReport,
    ActivityRollup,
    Appointment,
    AvailabilityRule,
    Beneficiary,
    DepartementMonthRollup,
    DepartementRollup,
    cancellation_token,
)
from conum.core.roles import Role
from conum.public import search
from conum.recruitment.models import Advisor
from conum.territories.models import Commune

from . import statistics
from .scale import Scale, scale_from
from .timing import measure, measure_get, ratio, report, sign_in

BATCH = 20_000
STRUCTURES_PER_LINK = 500  # one UPDATE per batch of structures: 6 nationally, each reading ~1.7 M reports
ADVISORS_PER_LINK = 500
SLOT = timedelta(minutes=45)
SLOTS_PER_RULE = 4  # 9:00-12:00 or 14:00-17:00
AHEAD = timedelta(weeks=4)
NAMES = ["Martine", "Gérard", "Nadia", "Louis", "Yvette", "Bernard", "Fatou", "Jean", "Sylvie", "Karim", "Odile"]
THEMES = [Theme.ADMINISTRATIVE, Theme.EQUIPMENT, Theme.EMAIL, Theme.HEALTH, Theme.SECURITY, Theme.BROWSING]
EMAIL_DOMAIN = "@bench-follow-up.example"
REPEAT = 20


def fill(scale: Scale) -> None:
    advisors = statistics.advisors_in_post(scale)
    place_of = _places(advisors)
    _rules(scale, advisors, place_of)
    _appointments(scale, advisors, place_of)
    _files(scale, advisors)
    _analyze()
    changed = _link_reports(scale)
    _link_appointments(advisors)
    if changed:
        _drop_rollups()


def _places(advisors) -> dict[int, int]:
    """The place where each advisor receives appointments: a public place of its structure's département."""
    by_departement = defaultdict(list)
    for pk, departement in search.public_places().order_by("pk").values_list("pk", "departement_id"):
        by_departement[departement].append(pk)
    every_place = [pk for pks in by_departement.values() for pk in pks]
    departement_of = dict(Commune.objects.values_list("code", "departement_id"))
    return {
        advisor: random.Random(advisor).choice(by_departement.get(departement_of[commune]) or every_place)
        for advisor, _structure, commune, _since in advisors
    }


def _rule_shapes(advisor, scale) -> list[tuple[int, int]]:
    """(weekday, first hour) of the advisor's rules, drawn from its pk (the same on every run)."""
    rng = random.Random(advisor * 31 + 1)
    weekdays = sorted(rng.sample(range(6), scale.availability_rules))  # Monday to Saturday
    return [(weekday, rng.choice([9, 14])) for weekday in weekdays]


def _rules(scale: Scale, advisors, place_of) -> None:
    having = set(AvailabilityRule.objects.values_list("advisor_id", flat=True).distinct())
    rows = [
        AvailabilityRule(
            advisor_id=advisor,
            place_id=place_of[advisor],
            weekday=weekday,
            start_time=day_time(hour),
            end_time=day_time(hour + 3),
            slot_minutes=int(SLOT.total_seconds() // 60),
            valid_from=since,
        )  # fmt: skip
        for advisor, _structure, _commune, since in advisors
        if advisor not in having
        for weekday, hour in _rule_shapes(advisor, scale)
    ]
    started = time.monotonic()
    AvailabilityRule.objects.bulk_create(rows, batch_size=5000)
    print(f"  {len(rows):,} availability rules ({len(having):,} advisors already had theirs) "
          f"in {time.monotonic() - started:.1f} s")  # fmt: skip


def _rule_days(since, horizon, shapes) -> list:
    """(day, first hour) of every rule opening from `since` to `horizon`."""
    monday = since - timedelta(days=since.weekday())
    days = []
    for week in range((horizon - monday).days // 7 + 1):
        for weekday, hour in shapes:
            day = monday + timedelta(weeks=week, days=weekday)
            if since <= day <= horizon:
                days.append((day, hour))
    return days


def _status(rng, starts_at, now) -> str:
    draw = rng.random()
    if starts_at > now:
        return AppointmentStatus.CANCELLED if draw < 0.1 else AppointmentStatus.BOOKED
    if starts_at > now - timedelta(days=14) and draw < 0.3:
        return AppointmentStatus.BOOKED  # attendance not noted yet
    if draw < 0.12:
        return AppointmentStatus.CANCELLED
    return AppointmentStatus.ABSENT if draw < 0.22 else AppointmentStatus.ATTENDED


def _appointments(scale: Scale, advisors, place_of) -> None:
    """Appointments on the advisors' slots, each advisor's drawn from its pk; advisors that have some are skipped."""
    having = set(Appointment.objects.values_list("advisor_id", flat=True).distinct())
    now, today = timezone.now(), timezone.localdate()
    horizon = today + AHEAD
    openings = {
        advisor: _rule_days(since, horizon, _rule_shapes(advisor, scale)) for advisor, *_rest, since in advisors
    }
    chance = min(1.0, scale.appointments / (SLOTS_PER_RULE * sum(len(days) for days in openings.values()) or 1))
    missing = [row for row in advisors if row[0] not in having]
    if not missing:
        print(f"  {Appointment.objects.count():,} appointments already there")
        return
    started, created, rows = time.monotonic(), 0, []
    for advisor, *_rest in missing:
        rng = random.Random(advisor)
        for day, hour in openings[advisor]:
            first = timezone.make_aware(datetime.combine(day, day_time(hour)))
            for slot in range(SLOTS_PER_RULE):
                if rng.random() >= chance:
                    continue
                starts_at = first + slot * SLOT
                status = _status(rng, starts_at, now)
                name = rng.choice(NAMES)
                consent_at = starts_at - timedelta(days=rng.randint(1, 15), hours=rng.randint(0, 8))
                rows.append(
                    {
                        "advisor_id": advisor,
                        "place_id": place_of[advisor],
                        "starts_at": starts_at,
                        "ends_at": starts_at + SLOT,
                        "themes": rng.sample(THEMES, rng.choice([1, 1, 2])),
                        "need": "Besoin d'aide (banc d'essai)",
                        "first_name": name,
                        "email": f"personne{rng.randint(1, 99_999)}@exemple.fr" if rng.random() < 0.7 else "",
                        "phone": "+33600000000" if rng.random() < 0.5 else "",
                        "status": status,
                        "consent_at": consent_at,
                        "reminder_sent_at": starts_at - timedelta(days=1) if starts_at < now else None,
                        "cancelled_at": consent_at + timedelta(hours=20)
                        if status == AppointmentStatus.CANCELLED
                        else None,
                        "cancellation_token": cancellation_token(),
                        "created_at": now,
                    }  # fmt: skip
                )
        if len(rows) >= BATCH:  # whole advisors per batch: an interrupted run starts again at the next advisor
            created += _insert(Appointment, rows)
            rows = []
            print(f"  {created:>9,} appointments   {created / (time.monotonic() - started):9,.0f} rows/s", flush=True)
    created += _insert(Appointment, rows)
    print(f"  {created:>9,} appointments   {created / (time.monotonic() - started):9,.0f} rows/s "
          f"(chance of a slot being booked {chance:.3f})", flush=True)  # fmt: skip


def _text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, list):
        return f"|{'|'.join(value)}|" if value else ""
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _insert(model, rows: list[dict]) -> int:
    """Rows (values by attribute name) in one transaction: COPY on PostgreSQL, bulk_create elsewhere."""
    if not rows:
        return 0
    with transaction.atomic():
        if connection.vendor != "postgresql":
            model.objects.bulk_create([model(**row) for row in rows], batch_size=5000)
            return len(rows)
        names = list(rows[0])
        columns = ", ".join(model._meta.get_field(name).column for name in names)
        statement = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for start in range(0, len(rows), 10_000):
                copy.write(
                    "".join(
                        "\t".join(_text(row[name]) for name in names) + "\n" for row in rows[start : start + 10_000]
                    )
                )
    return len(rows)


def _picked_per_structure(scale: Scale) -> dict[int, int]:
    """Individual live reports that get a file, per structure: one in `linked_every` (by id)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT structure_id, COUNT(*) FROM activity_activityreport WHERE kind = %s AND deleted_at IS NULL "
            "AND id %% %s = 0 GROUP BY structure_id",
            [ReportKind.INDIVIDUAL, scale.linked_every],
        )
        return dict(cursor.fetchall())


def _files(scale: Scale, advisors) -> None:
    """Files per structure in proportion to its reports that get one; each structure topped up to its share."""
    picked = _picked_per_structure(scale)
    total = sum(picked.values()) or 1
    existing = dict(Beneficiary.objects.values_list("structure").annotate(n=Count("pk")).order_by())
    team = defaultdict(list)
    for advisor, structure, commune, since in advisors:
        team[structure].append((advisor, commune, since))
    now = timezone.now()
    started, created, rows = time.monotonic(), 0, []
    for structure in sorted(picked):
        wanted = max(1, round(scale.beneficiaries * picked[structure] / total))
        missing = wanted - existing.get(structure, 0)
        if missing <= 0 or structure not in team:
            continue
        rng = random.Random(structure)
        for _ in range(missing):
            advisor, commune, since = rng.choice(team[structure])
            span = max(1, int((now - timezone.make_aware(datetime.combine(since, day_time(9)))).total_seconds()))
            consent_at = now - timedelta(seconds=rng.randint(0, span))
            rows.append(
                {
                    "structure_id": structure,
                    "created_by_id": advisor,
                    "consent_by_id": advisor,
                    "name": rng.choice(NAMES),
                    "email": f"personne{rng.randint(1, 99_999)}@exemple.fr" if rng.random() < 0.3 else "",
                    "phone": "+33600000000" if rng.random() < 0.4 else "",
                    "commune_id": commune if rng.random() < 0.6 else None,
                    "age_band": rng.choice(AgeBand.values),
                    "themes": rng.sample(THEMES, rng.choice([1, 1, 2])),
                    "consent_at": consent_at,
                    "last_activity_at": consent_at,
                    "created_at": now,
                    "updated_at": now,
                }  # fmt: skip
            )
        if len(rows) >= BATCH:
            created += _insert(Beneficiary, rows)
            rows = []
            print(f"  {created:>9,} files   {created / (time.monotonic() - started):9,.0f} rows/s", flush=True)
    created += _insert(Beneficiary, rows)
    print(f"  {created:>9,} files created, {Beneficiary.objects.count():,} in all   "
          f"{created / (time.monotonic() - started):9,.0f} rows/s", flush=True)  # fmt: skip


def _analyze() -> None:
    """Planner statistics of the rows just loaded: without them PostgreSQL plans the links' lookups blind."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (ActivityReport, Appointment, Beneficiary):
                cursor.execute(f"ANALYZE {model._meta.db_table}")


def _in(values) -> str:
    return ", ".join(["%s"] * len(values))


def _day_at(column: str) -> str:
    """A date column as a datetime at 08:00 UTC, in the engine's SQL."""
    if connection.vendor == "postgresql":
        return f"({column} + TIME '08:00')"
    return f"({column} || ' 08:00:00')"


def _link_reports(scale: Scale) -> int:
    """Link the picked reports to their structure's files, batch of structures by batch, one transaction each:
    the link with the "returning" answers (first visit by date: 0), a renumbering that changes nothing unless a
    file already had reports, and the files' consent and last activity. Returns the reports changed."""
    structures = sorted(set(Beneficiary.objects.values_list("structure_id", flat=True).distinct()))
    started, changed, linked = time.monotonic(), 0, 0
    for start in range(0, len(structures), STRUCTURES_PER_LINK):
        batch = structures[start : start + STRUCTURES_PER_LINK]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                _LINK.format(structures=_in(batch)), [ReportKind.INDIVIDUAL, *batch, scale.linked_every, *batch, *batch]
            )
            count = cursor.rowcount
            if count:
                cursor.execute(_RENUMBER.format(structures=_in(batch)), batch)
                changed += cursor.rowcount
                cursor.execute(
                    _ACTIVITY.format(structures=_in(batch), first=_day_at("l.first_day"), last=_day_at("l.last_day")),
                    batch,
                )
        linked += count
        changed += count
        elapsed = time.monotonic() - started
        print(f"  structures {start + len(batch):>5}/{len(structures)}: {linked:>9,} reports linked   "
              f"{linked / elapsed if elapsed else 0:9,.0f} rows/s   {elapsed:7.1f} s", flush=True)  # fmt: skip
    return changed


# The k-th picked report of a structure goes to its file number floor(files × u²), u = ((7919 k + 13) mod 10007) /
# 10007 spread evenly over [0, 1): the first files get many visits, most get one or two (a long tail).
_LINK = """
UPDATE activity_activityreport
SET beneficiary_id = p.file_id,
    returning_participants = CASE WHEN p.visit = 1 THEN 0 ELSE activity_activityreport.participants END
FROM (
    SELECT drawn.id, files.id AS file_id,
           ROW_NUMBER() OVER (PARTITION BY files.id ORDER BY drawn.date, drawn.id) AS visit
    FROM (
        SELECT picked.id, picked.date, picked.structure_id,
               counts.files * ((picked.n * 7919 + 13) %% 10007) * ((picked.n * 7919 + 13) %% 10007)
               / (10007 * 10007) AS n
        FROM (
            SELECT r.id, r.date, r.structure_id,
                   ROW_NUMBER() OVER (PARTITION BY r.structure_id ORDER BY r.id) - 1 AS n
            FROM activity_activityreport r
            WHERE r.kind = %s AND r.structure_id IN ({structures}) AND r.deleted_at IS NULL
              AND r.beneficiary_id IS NULL AND r.id %% %s = 0
        ) picked
        JOIN (
            SELECT b.structure_id, COUNT(*) AS files FROM activity_beneficiary b
            WHERE b.structure_id IN ({structures}) AND b.anonymised_at IS NULL GROUP BY b.structure_id
        ) counts ON counts.structure_id = picked.structure_id
    ) drawn
    JOIN (
        SELECT b.id, b.structure_id, ROW_NUMBER() OVER (PARTITION BY b.structure_id ORDER BY b.id) - 1 AS n
        FROM activity_beneficiary b
        WHERE b.structure_id IN ({structures}) AND b.anonymised_at IS NULL
    ) files ON files.structure_id = drawn.structure_id AND files.n = drawn.n
) p
WHERE activity_activityreport.id = p.id
"""

_RENUMBER = """
UPDATE activity_activityreport
SET returning_participants = CASE WHEN o.visit = 1 THEN 0 ELSE activity_activityreport.participants END
FROM (
    SELECT r.id, ROW_NUMBER() OVER (PARTITION BY r.beneficiary_id ORDER BY r.date, r.id) AS visit
    FROM activity_activityreport r
    WHERE r.structure_id IN ({structures}) AND r.beneficiary_id IS NOT NULL AND r.deleted_at IS NULL
) o
WHERE activity_activityreport.id = o.id
  AND activity_activityreport.returning_participants
      <> CASE WHEN o.visit = 1 THEN 0 ELSE activity_activityreport.participants END
"""

_ACTIVITY = """
UPDATE activity_beneficiary SET consent_at = {first}, last_activity_at = {last}
FROM (
    SELECT r.beneficiary_id, MIN(r.date) AS first_day, MAX(r.date) AS last_day
    FROM activity_activityreport r
    WHERE r.structure_id IN ({structures}) AND r.beneficiary_id IS NOT NULL AND r.deleted_at IS NULL
    GROUP BY r.beneficiary_id
) l
WHERE activity_beneficiary.id = l.beneficiary_id
"""


def _link_appointments(advisors) -> None:
    """Attended appointments linked to an individual report of their advisor and day (the first one) and to that
    report's file, one UPDATE per batch of advisors that writes only the appointments given a report.
    Appointments with no report that day stay reports owed."""
    day = "CAST(a.starts_at AS date)" if connection.vendor == "postgresql" else "date(a.starts_at)"
    pks = [advisor for advisor, *_rest in advisors]
    started, linked = time.monotonic(), 0
    for start in range(0, len(pks), ADVISORS_PER_LINK):
        batch = pks[start : start + ADVISORS_PER_LINK]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_APPOINTMENTS.format(day=day, advisors=_in(batch)), [ReportKind.INDIVIDUAL, *batch,
                           AppointmentStatus.ATTENDED])  # fmt: skip
            linked += cursor.rowcount
    elapsed = time.monotonic() - started
    print(f"  {linked:,} appointments linked to a report "
          f"({Appointment.objects.filter(beneficiary__isnull=False).count():,} to a file)   "
          f"{linked / elapsed if elapsed else 0:9,.0f} rows/s   {elapsed:.1f} s")  # fmt: skip


_APPOINTMENTS = """
UPDATE activity_appointment SET report_id = m.report_id, beneficiary_id = r.beneficiary_id
FROM (
    SELECT a.id, (
        SELECT r.id FROM activity_activityreport r
        WHERE r.advisor_id = a.advisor_id AND r.deleted_at IS NULL AND r.date = {day} AND r.kind = %s
        ORDER BY r.id LIMIT 1
    ) AS report_id
    FROM activity_appointment a
    WHERE a.advisor_id IN ({advisors}) AND a.status = %s AND a.report_id IS NULL
) m
JOIN activity_activityreport r ON r.id = m.report_id
WHERE activity_appointment.id = m.id
"""


def _drop_rollups() -> None:
    """Rollups built before the links counted the old "returning" answers: dropped, the next stage rebuilds them."""
    if not ActivityRollup.objects.exists():
        return
    tables = [model._meta.db_table for model in (ActivityRollup, DepartementRollup, DepartementMonthRollup)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"TRUNCATE {table}" if connection.vendor == "postgresql" else f"DELETE FROM {table}")
    print("  rollups dropped (built before the links): the next stage rebuilds them")


# ---- measures --------------------------------------------------------------------------------------


def _account(advisor: Advisor, label: str) -> User:
    """The advisor's account (one is made for the bench's advisors, which have none)."""
    if advisor.user_id:
        return advisor.user
    email = f"{label}{EMAIL_DOMAIN}"
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, role=Role.ADVISOR)
    Advisor.objects.filter(user=user).update(user=None)
    advisor.user = user
    advisor.save(update_fields=["user"])
    return user


def _client(advisor: Advisor, label: str) -> Client:
    client = Client(SERVER_NAME="localhost")
    sign_in(client, _account(advisor, label))
    return client


def _agenda():
    """The busiest advisor (appointments not cancelled) and its busiest week (Monday)."""
    booked = Appointment.objects.exclude(status=AppointmentStatus.CANCELLED)
    busiest = booked.values("advisor").annotate(n=Count("pk")).order_by("-n", "advisor").first()
    advisor = Advisor.objects.select_related("user").get(pk=busiest["advisor"])
    week = (
        booked.filter(advisor=advisor)
        .annotate(week=TruncWeek("starts_at"))
        .values("week")
        .annotate(n=Count("pk"))
        .order_by("-n", "week")
        .first()
    )
    return advisor, timezone.localtime(week["week"]).date(), busiest["n"], week["n"]


def _agenda_rows(advisor, start, end, related: bool) -> int:
    """The agenda's rows and what the page prints of them; `related`: as the view reads them."""
    sessions = advisor.workshops.filter(starts_at__gte=start, starts_at__lt=end)
    meetings = Appointment.objects.filter(advisor=advisor, starts_at__gte=start, starts_at__lt=end).exclude(
        status=AppointmentStatus.CANCELLED
    )
    if related:
        sessions, meetings = sessions.select_related("place"), meetings.select_related("place")
    printed = [session.place.name if session.place_id else "" for session in sessions]
    printed += [meeting.place.name for meeting in meetings]
    return len(printed)


def _former_appointments(beneficiary):
    """`beneficiaries.services.appointments` before the bench found it scanning: an OR across the join to the
    reports, which reads every appointment and every report."""
    return (
        Appointment.objects.filter(Q(beneficiary=beneficiary) | Q(report__beneficiary=beneficiary))
        .order_by("-starts_at", "-pk")
        .distinct()
    )


def _file_rows(beneficiary, related: bool) -> int:
    """The file page's history and appointments and what it prints of them; `related`: as the view reads them
    (otherwise: no select_related and the former appointments query)."""
    if related:
        reports, meetings = files_service.history(beneficiary), files_service.appointments(beneficiary)
    else:
        reports = ActivityReport.objects.live().filter(beneficiary=beneficiary).order_by("-date", "-pk")
        meetings = _former_appointments(beneficiary)
    printed = [(r.advisor.full_name, r.place.name if r.place_id else "", r.commune_id) for r in reports]
    printed += [(m.advisor.full_name, m.place.name) for m in meetings]
    return len(printed)


def _list_rows(structure, naive: bool) -> int:
    """The list's first page: files with their number of live reports and the last one's date."""
    files = Beneficiary.objects.filter(structure=structure, anonymised_at__isnull=True).select_related("commune")
    if naive:
        rows = []
        for row in files.order_by("name", "pk")[:PER_PAGE]:
            live = row.reports.filter(deleted_at__isnull=True)
            rows.append((row.name, row.commune, live.count(), live.aggregate(last=Max("date"))["last"]))
        return len(rows)
    live = Q(reports__deleted_at__isnull=True)
    files = files.annotate(accompaniments=Count("reports", filter=live), last_report=Max("reports__date", filter=live))
    return len(
        [
            (row.name, row.commune, row.accompaniments, row.last_report)
            for row in files.order_by("name", "pk")[:PER_PAGE]
        ]
    )


def _measure() -> None:
    statistics._describe_machine()
    print(
        f"rows: {Appointment.objects.count():,} appointments, {AvailabilityRule.objects.count():,} availability "
        f"rules, {Beneficiary.objects.count():,} files, "
        f"{ActivityReport.objects.filter(beneficiary__isnull=False).count():,} reports linked to a file "
        f"(of {ActivityReport.objects.count():,})"
    )

    advisor, monday, booked, in_week = _agenda()
    client = _client(advisor, "agenda")
    url = f"/activite/agenda/?semaine={monday:%Y-%m-%d}"
    print(f"agenda: advisor {advisor.pk} ({booked:,} appointments), week of {monday}: {in_week} appointments")
    client.get(url)  # warm
    page, p95, queries, _body = measure_get(client, url, repeat=REPEAT)
    report("page agenda, busiest week", page, p95, queries)
    start = timezone.make_aware(datetime.combine(monday, day_time.min))
    end = start + timedelta(days=7)
    fast, p95, queries, rows = measure(lambda: _agenda_rows(advisor, start, end, related=True), repeat=REPEAT)
    report(f"agenda rows ({rows}), select_related", fast, p95, queries)
    naive, p95, queries, _rows = measure(lambda: _agenda_rows(advisor, start, end, related=False), repeat=REPEAT)
    report("naive: agenda rows, a query per place", naive, p95, queries)
    ratio("agenda rows", naive, fast)

    longest = (
        ActivityReport.objects.live()
        .filter(beneficiary__isnull=False)
        .values("beneficiary")
        .annotate(n=Count("pk"))
        .order_by("-n", "beneficiary")
        .first()
    )
    beneficiary = Beneficiary.objects.select_related("created_by__user").get(pk=longest["beneficiary"])
    client = _client(beneficiary.created_by, "file")
    url = f"/activite/personnes/{beneficiary.pk}/"
    meetings = files_service.appointments(beneficiary).count()
    print(f"file page: file {beneficiary.pk}, {longest['n']} reports, {meetings} appointments")
    client.get(url)
    page, p95, queries, _body = measure_get(client, url, repeat=REPEAT)
    report("page file, longest history", page, p95, queries)
    fast, p95, queries, rows = measure(lambda: _file_rows(beneficiary, related=True), repeat=REPEAT)
    report(f"history + appointments ({rows} rows), select_related", fast, p95, queries)
    naive, p95, queries, _rows = measure(lambda: _file_rows(beneficiary, related=False), repeat=REPEAT)
    report("naive: history + appointments, queries per row", naive, p95, queries)
    ratio("file rows", naive, fast)
    new, p95, queries, _rows = measure(lambda: list(files_service.appointments(beneficiary)), repeat=REPEAT)
    report("appointments of the file (ids of its reports, then OR)", new, p95, queries)
    former = _former_appointments(beneficiary).select_related("advisor__candidate", "place")
    old, p95, queries, _rows = measure(lambda: list(former.all()), repeat=REPEAT)
    report("former appointments query (OR across the join)", old, p95, queries)

    biggest = (
        Beneficiary.objects.filter(anonymised_at__isnull=True)
        .values("structure")
        .annotate(n=Count("pk"))
        .order_by("-n", "structure")
        .first()
    )
    member = Advisor.objects.in_post().filter(structure=biggest["structure"]).select_related("user").first()
    client = _client(member, "list")
    print(f"file list: structure {biggest['structure']}, {biggest['n']:,} files")
    client.get("/activite/personnes/")
    page, p95, queries, _body = measure_get(client, "/activite/personnes/", repeat=REPEAT)
    report("page file list, biggest structure", page, p95, queries)
    fast, p95, queries, rows = measure(lambda: _list_rows(biggest["structure"], naive=False), repeat=REPEAT)
    report(f"list page rows ({rows}), counts annotated", fast, p95, queries)
    naive, p95, queries, _rows = measure(lambda: _list_rows(biggest["structure"], naive=True), repeat=REPEAT)
    report("naive: list page rows, two queries per file", naive, p95, queries)
    ratio("list rows", naive, fast)


def run(args):
    scale_from(args)  # the data comes from `generate` at the scale
    if not Appointment.objects.exists() or not Beneficiary.objects.exists():
        raise SystemExit("no appointments or files: run `python -m bench generate` first")
    _measure()
