"""The matching engine: which available candidates each validated structure with open posts may recruit.

A candidate matches a structure when both are in the same territory (metropolitan France, or one
overseas département/collectivity), the structure is within the candidate's own mobility distance
(between commune centres), and the candidate is available at the latest AVAILABILITY_GRACE_DAYS after
the mission start. Each candidate is proposed to the MAX_STRUCTURES_PER_CANDIDATE nearest such structures:
in a city a candidate is within reach of hundreds of structures, and proposing everyone everywhere would
store tens of millions of matches and bury each list; spread this way, every structure sees the people
for whom it is among the nearest. "France entière" candidates get the same number of nearest structures
of their territory. Structures find the others within reach with their own radius search (search.py), and
their additions by hand stay while the person is available, the posts are open and the person's mobility
still covers the structure (disclosure.covers).

Everything is computed in memory with a k-d tree of the open applications per territory, queried for all its
candidates at once (matching_index.py), so a national run is a few queries, a few vectorised searches and
the exact distance of the pairs kept. The same code serves the nightly full run and the incremental runs on one
candidate or one structure.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Q

from conum.recruitment import matching_index
from conum.recruitment.disclosure import covers
from conum.recruitment.enums import POST_HOLDING_STATUSES, PROPOSAL_STATUSES, MatchOrigin, MatchStatus
from conum.recruitment.models import Candidate, Match, territory_of
from conum.structures.enums import ApplicationStatus
from conum.structures.models import StructureApplication
from conum.territories.distance import EARTH_RADIUS_KM, Point, bounding_box, haversine_km

AVAILABILITY_GRACE_DAYS = 30
MAX_STRUCTURES_PER_CANDIDATE = 20


@dataclass
class OpenApplication:
    id: int
    latitude: float
    longitude: float
    territory: str
    latest_availability: date


@dataclass
class MatchingReport:
    created: int = 0
    reactivated: int = 0
    withdrawn: int = 0
    distances_updated: int = 0

    def __str__(self):
        return (
            f"{self.created} mises en relation créées, {self.reactivated} réactivées, "
            f"{self.withdrawn} retirées, {self.distances_updated} distances mises à jour"
        )


def _haversine(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def open_applications(today=None) -> list[OpenApplication]:
    """Validated applications that still have a post free (not held by a proposed or signed contract)."""
    today = today or date.today()
    rows = (
        StructureApplication.objects.filter(
            status=ApplicationStatus.VALIDATED, structure__commune__latitude__isnull=False
        )
        .annotate(held=Count("matches", filter=Q(matches__status__in=POST_HOLDING_STATUSES)))
        .filter(posts_granted__gt=F("held"))
        .values_list(
            "id",
            "structure__commune__latitude",
            "structure__commune__longitude",
            "structure__departement_id",
            "mission_start",
        )
    )
    grace = timedelta(days=AVAILABILITY_GRACE_DAYS)
    return [
        OpenApplication(pk, lat, lon, territory_of(departement), max(start, today) + grace)
        for pk, lat, lon, departement, start in rows
    ]


def compute(candidates, applications: list[OpenApplication]) -> dict[tuple[int, int], float]:
    """{(candidate id, application id): distance in km} for every pair that should be matched."""
    applications_of = matching_index.by_territory(applications, lambda application: application.territory)
    candidates_of = matching_index.by_territory(
        (row for row in candidates if row[1] is not None and row[2] is not None), lambda row: row[3]
    )
    wanted = {}
    for territory, rows in candidates_of.items():
        pool = applications_of.get(territory)
        if not pool:
            continue
        shortlists = matching_index.shortlists(
            [
                (lat, lon, mobility or 0, available_from.toordinal())
                for _pk, lat, lon, _t, mobility, available_from in rows
            ],
            [(a.latitude, a.longitude, a.latest_availability.toordinal()) for a in pool],
            MAX_STRUCTURES_PER_CANDIDATE,
        )
        # Candidates of one commune share its centre: each distance is computed once (a quarter of the pairs).
        distances_from = defaultdict(dict)
        for row_index, indexes in shortlists:
            pk, lat, lon, _territory, mobility, _available_from = rows[row_index]
            known = distances_from[(lat, lon)]
            nearest = []
            for index in indexes.tolist():
                pair = known.get(index)
                if pair is None:
                    application = pool[index]
                    distance = _haversine(lat, lon, application.latitude, application.longitude)
                    pair = known[index] = (distance, application.id)
                if not mobility or pair[0] <= mobility:
                    nearest.append(pair)
            # (distance, id): structures of one commune are equidistant, their id decides so that every run keeps
            # the same 20 (a tie broken by the database's row order re-created 164,000 proposals between two runs).
            nearest.sort()
            for distance, application_id in nearest[:MAX_STRUCTURES_PER_CANDIDATE]:
                wanted[(pk, application_id)] = distance
    return wanted


def _reach(applications) -> Q:
    """Candidates who could reach one of these applications: within the largest mobility, or "France entière"."""
    reach = Q(mobility_km=0)
    for application in applications:
        min_lat, max_lat, min_lon, max_lon = bounding_box(Point(application.latitude, application.longitude), 100)
        box = Q(latitude__gte=min_lat, latitude__lte=max_lat)
        if min_lon is not None:
            box &= Q(longitude__gte=min_lon, longitude__lte=max_lon)
        reach |= box
    return reach


def _candidate_rows(candidates):
    return candidates.matchable().values_list(
        "id", "latitude", "longitude", "territory", "mobility_km", "available_from"
    )


@transaction.atomic
def run(candidates=None, applications=None, today=None) -> MatchingReport:
    """Create, reactivate and withdraw proposals so that they match `compute`; idempotent.

    `candidates`/`applications` (querysets) limit the run to their matches: the incremental runs.
    """
    candidate_scope = candidates if candidates is not None else Candidate.objects.all()
    # Always all open structures: "the 20 nearest" of a candidate must be the same in every kind of run.
    open_list = open_applications(today)
    rows = _candidate_rows(candidate_scope)
    scoped_ids = None
    if applications is not None:
        scoped_ids = set(applications.values_list("pk", flat=True))
        rows = rows.filter(_reach(a for a in open_list if a.id in scoped_ids))
    rows = list(rows)
    wanted = compute(rows, open_list)
    if scoped_ids is not None:
        wanted = {key: distance for key, distance in wanted.items() if key[1] in scoped_ids}
    report = MatchingReport()

    existing = Match.objects.all()
    if candidates is not None:
        existing = existing.filter(candidate__in=candidate_scope)
    if applications is not None:
        existing = existing.filter(application__in=applications)
    current = {
        (candidate_id, application_id): (pk, status, origin, distance)
        for pk, candidate_id, application_id, status, origin, distance in existing.values_list(
            "pk", "candidate_id", "application_id", "status", "origin", "distance_km"
        )
    }
    to_create, to_reactivate, to_withdraw, distance_updates = [], [], [], []
    for key, distance in wanted.items():
        rounded = f"{distance:.1f}"
        if key not in current:
            to_create.append((key[0], key[1], rounded))
            continue
        pk, status, _origin, stored = current[key]
        if status == MatchStatus.WITHDRAWN:
            to_reactivate.append(pk)
        # Strings first: building 1.4 million Decimals took seconds of a steady national run.
        if str(stored) != rounded and stored != Decimal(rounded):
            distance_updates.append(Match(pk=pk, distance_km=Decimal(rounded)))
    open_by_id = {application.id: application for application in open_list}
    # Matchable candidates of the scope (in an application-scoped run, those within reach of it).
    by_candidate = {row[0]: row for row in rows if row[1] is not None and row[2] is not None}
    for key, (pk, status, origin, stored) in current.items():
        if status not in PROPOSAL_STATUSES or key in wanted:
            continue
        # A structure's own additions stay while the person is available, the posts are open and the person's
        # mobility covers the structure (the rule of the search that found them); their distance follows a move.
        row, application = by_candidate.get(key[0]), open_by_id.get(key[1])
        if origin == MatchOrigin.MANUAL and row and application and row[3] == application.territory:
            distance = haversine_km(Point(row[1], row[2]), Point(application.latitude, application.longitude))
            if covers(row[4], distance):
                if stored != Decimal(f"{distance:.1f}"):
                    distance_updates.append(Match(pk=pk, distance_km=Decimal(f"{distance:.1f}")))
                continue
        to_withdraw.append(pk)

    _insert(to_create)
    for start in range(0, len(to_reactivate), 2000):
        Match.objects.filter(pk__in=to_reactivate[start : start + 2000]).update(status=MatchStatus.NEW)
    for start in range(0, len(to_withdraw), 2000):
        Match.objects.filter(pk__in=to_withdraw[start : start + 2000]).update(status=MatchStatus.WITHDRAWN)
    Match.objects.bulk_update(distance_updates, ["distance_km"], batch_size=2000)
    report.created, report.reactivated = len(to_create), len(to_reactivate)
    report.withdrawn, report.distances_updated = len(to_withdraw), len(distance_updates)
    return report


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _insert(new_matches):
    """Store the new proposals, (candidate id, application id, rounded distance) each: COPY on PostgreSQL,
    where a national first run inserts 1.4 million of them (bulk_create took minutes), bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        matches = (Match(candidate_id=c, application_id=a, distance_km=Decimal(d)) for c, a, d in new_matches)
        Match.objects.bulk_create(matches, batch_size=2000)
        return
    if not new_matches:
        return
    # Every other column as bulk_create would store it: the field's default, auto_now stamps.
    template = Match(candidate_id=0, application_id=0, distance_km=Decimal(0))
    varying = {"candidate", "application", "distance_km"}
    fields = [f for f in Match._meta.concrete_fields if not f.primary_key and f.name not in varying]
    fixed = "\t".join(_copy_text(f.get_db_prep_save(f.pre_save(template, True), connection)) for f in fields)
    columns = ", ".join(
        f.column for f in [Match._meta.get_field(name) for name in ("candidate", "application", "distance_km")] + fields
    )
    statement = f"COPY {connection.ops.quote_name(Match._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for start in range(0, len(new_matches), 20_000):
            copy.write("".join(f"{c}\t{a}\t{d}\t{fixed}\n" for c, a, d in new_matches[start : start + 20_000]))
