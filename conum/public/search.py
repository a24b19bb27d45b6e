"""Places and workshops near a point, for the citizen site.

The distance helper of the territories app keeps the places inside a latitude/longitude box on indexed
columns; the database computes their exact distance and returns only the page shown, nearest first, with the
count. Everything a results page shows is read in a fixed number of queries, whatever the number of places:
the page of places with the count (one query), then the page read in full with each place's number of upcoming
workshops (one query).
"""

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db import connections
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from conum.activity.appointments.slots import bookable
from conum.activity.enums import Fee
from conum.activity.models import Place, Workshop
from conum.activity.places import opening_hours
from conum.activity.workshops.services import with_seat_counts
from conum.core.model_fields import has_value
from conum.territories.distance import HaversineKm, Point, box_filters, haversine_km
from conum.territories.time_zones import time_zone_for

SATURDAY = 5
# When nothing is found within the chosen distance, the nearest place is looked for this far.
NEAREST_RADII_KM = (100, 300, 1200)


@dataclass(frozen=True)
class PlaceFilters:
    service: str = ""
    public: str = ""
    support: str = ""
    free_only: bool = False
    open_saturday: bool = False


@dataclass(frozen=True)
class WorkshopFilters:
    theme: str = ""
    level: str = ""
    weekday: int | None = None  # 0 = Monday, as date.weekday()


def public_places():
    """Places shown to the public: not archived, and receiving people."""
    return Place.objects.open_to_public()


def _filtered(filters: PlaceFilters):
    places = public_places()
    if filters.service:
        places = places.filter(has_value("services", filters.service))
    if filters.public:
        places = places.filter(has_value("publics", filters.public))
    if filters.support:
        places = places.filter(has_value("specific_support", filters.support))
    if filters.free_only:
        places = places.filter(has_value("fees", Fee.FREE))
    return places


@functools.lru_cache(maxsize=1024)
def opens_on(text: str, weekday: int) -> bool:
    # Memoised: a few hundred distinct texts are shared by thousands of places.
    try:
        return bool(opening_hours.week(text)[weekday])
    except opening_hours.OpeningHoursError:
        return False


class Found(NamedTuple):
    """A place found by a search: what sorting and filtering need, before the page shown is read in full."""

    pk: int
    distance_km: float
    opening_hours: str = ""


class Nearest:
    """Rows of a query within a radius, nearest first (ties by id), as `Found`, read from the database only as
    far as they are used: its length is a COUNT, a slice one LIMIT/OFFSET query that also counts (a window),
    so that a page of results costs one query however many places a city has. Django's Paginator takes it."""

    def __init__(self, queryset, center: Point, radius_km: float, columns=("pk", "distance_km")):
        # The indexed bounding box and the exact distance, computed by the database as `haversine_km` does; the
        # ORM writes this inner query, the few words around it are SQL (the ORM's Window and ordering on an
        # annotation cost more to compile than the query takes for a town).
        inner = (
            queryset.filter(**box_filters(center, radius_km))
            .annotate(distance_km=HaversineKm(center))
            .order_by()
            .values_list(*columns)
        )
        self._inner, self._db, self._radius = inner.query.sql_with_params(), inner.db, radius_km
        self._columns = ", ".join(columns)
        self._count: int | None = None
        self._start, self._read = 0, None  # the last slice read
        self._all: list | None = None

    def _select(self, columns: str, tail: str = "", params=()) -> list[tuple]:
        sql, inner_params = self._inner
        connection = connections[self._db]
        fence = " OFFSET 0" if connection.vendor == "postgresql" else ""  # one distance per row: no pull-up
        query = f"SELECT {columns} FROM ({sql}{fence}) found WHERE distance_km <= %s {tail}"
        with connection.cursor() as cursor:
            cursor.execute(query, (*inner_params, self._radius, *params))
            return cursor.fetchall()

    def __len__(self) -> int:
        if self._count is None:
            self._count = len(self._all) if self._all is not None else self._select("COUNT(*)")[0][0]
        return self._count

    def count(self) -> int:  # as a queryset's (the API's pagination asks for it)
        return len(self)

    def __iter__(self):
        if self._all is None:
            self._all = [Found(*row) for row in self._select(self._columns, "ORDER BY distance_km, pk")]
            self._count = len(self._all)
        return iter(self._all)

    def __getitem__(self, index):
        if isinstance(index, int):
            found = self[index : index + 1] if index >= 0 else list(self)[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        if index.step not in (None, 1) or (index.start or 0) < 0 or (index.stop is not None and index.stop < 0):
            return list(self)[index]
        start, stop = index.start or 0, index.stop
        if self._all is not None:
            return self._all[start:stop]
        if stop is None:
            return list(self)[start:]
        if self._read is not None and self._start <= start and self._covers(stop):
            return self._read[start - self._start : stop - self._start]
        return self.read(start, stop)

    def _covers(self, stop: int) -> bool:
        end = self._start + len(self._read)
        return stop <= end or (self._count is not None and end >= self._count)

    def read(self, start: int, stop: int) -> list[Found]:
        """Rows [start, stop) in one query, with the total count when any row is there."""
        if stop <= start:
            return []
        tail = "ORDER BY distance_km, pk LIMIT %s OFFSET %s"
        rows = self._select(f"{self._columns}, COUNT(*) OVER ()", tail, (stop - start, start))
        if rows:
            self._count = rows[0][-1]
        elif start == 0:
            self._count = 0
        self._start, self._read = start, [Found(*row[:-1]) for row in rows]
        return self._read


def nearby(queryset, center: Point, radius_km: float) -> Nearest:
    """Rows of `queryset` within `radius_km`, nearest first, ties by id (a large city has thousands of places
    within 20 km: only the page shown is read)."""
    return Nearest(queryset, center, radius_km)


def find_places(center: Point, radius_km: float, filters: PlaceFilters = PlaceFilters()) -> Nearest | list[Found]:
    """Public places within `radius_km` of `center` matching `filters`, nearest first; `with_details` reads
    the page shown in full."""
    if not filters.open_saturday:
        return nearby(_filtered(filters), center, radius_km)
    # Opening hours are checked in Python: every place within the distance (memoised per text).
    found = Nearest(_filtered(filters), center, radius_km, ("pk", "distance_km", "opening_hours"))
    return [place for place in found if opens_on(place.opening_hours, SATURDAY)]


# What a result card shows (public/_place_card.html) and its hours need: the rest of a place (presentations, the
# schema's other lists) stays unread, 20 times per page.
CARD_FIELDS = (
    "name", "address", "postal_code", "departement", "latitude", "longitude", "phone", "opening_hours", "services",
    "publics", "fees", "commune__name", "commune__departement",
)  # fmt: skip


def with_details(found: list[Found], count_workshops: bool = False) -> list[Place]:
    """The places of `found` (a page of `find_places`) read in full, in the same order, distances kept; with
    `count_workshops`, each with its number of `upcoming_workshops` (read in the same query)."""
    # `bookable`: the card's "Prendre rendez-vous" link, read with the place (no query more).
    rows = public_places().select_related("commune").only(*CARD_FIELDS).annotate(bookable=bookable())
    if count_workshops:
        rows = rows.annotate(upcoming_workshops=_upcoming_count())
    rows = rows.in_bulk([place.pk for place in found])
    for place in found:
        if place.pk in rows:
            rows[place.pk].distance_km = place.distance_km
    return [rows[place.pk] for place in found if place.pk in rows]


def nearest_place(center: Point, filters: PlaceFilters = PlaceFilters()) -> Place | None:
    """The nearest matching place however far it is (within mainland France's size), for an empty result."""
    for radius in NEAREST_RADII_KM:
        found = find_places(center, radius, filters)
        if found:
            return with_details(found[:1])[0]
    return None


def describe_today(places, now: datetime | None = None) -> None:
    """Set `today_hours` ("9 h–12 h, 14 h–17 h", "fermé", "" when unknown) and `open_now` on each place, by its
    own clock and public holidays (overseas places have their time zone, Alsace-Moselle its holidays)."""
    now = now or timezone.now()
    for place in places:
        local = place.local_time
        today = timezone.localtime(now, local.zone).date()
        try:
            place.today_hours = opening_hours.today_hours(place.opening_hours, today, local.zone, local.holidays)
            place.open_now = opening_hours.is_open(place.opening_hours, now, local.zone, local.holidays)
        except opening_hours.OpeningHoursError:
            place.today_hours, place.open_now = "", False


def upcoming_workshops(now: datetime | None = None):
    """Sessions a person may still join: public, not cancelled, not started, at a place."""
    now = now or timezone.now()
    return Workshop.objects.upcoming(now).filter(public=True, place__isnull=False, place__archived_at__isnull=True)


def _upcoming_count(now: datetime | None = None):
    """Annotation of a place query: its number of `upcoming_workshops`, a subquery read with the places."""
    sessions = upcoming_workshops(now).filter(place=OuterRef("pk")).order_by().values("place")
    return Coalesce(Subquery(sessions.annotate(count=Count("pk")).values("count")), 0)


def find_workshops(
    center: Point,
    radius_km: float,
    filters: WorkshopFilters = WorkshopFilters(),
    by_distance=False,
    now=None,
) -> list[tuple[int, float]]:
    """(workshop id, distance in km) of the upcoming sessions at places within `radius_km`, soonest first
    (nearest first with `by_distance`). Ids only: the page shown is read by `workshops_by_id`."""
    # The places' bounding box joined in SQL (a city's thousands of place ids would make a long IN list), the
    # exact distance in Python, once per place.
    sessions = upcoming_workshops(now).filter(place__in=public_places().filter(**box_filters(center, radius_km)))
    if filters.theme:
        sessions = sessions.filter(has_value("themes", filters.theme))
    if filters.level:
        sessions = sessions.filter(level=filters.level)
    distances, rows = {}, []
    for pk, place_id, latitude, longitude, starts_at, departement in sessions.values_list(
        "pk", "place_id", "place__latitude", "place__longitude", "starts_at", "place__departement"
    ):
        # The weekday of the place's own clock: 09:00 on Monday in Nouméa is still Sunday in Paris.
        weekday = starts_at.astimezone(time_zone_for(departement)).weekday()
        if filters.weekday is not None and weekday != filters.weekday:
            continue
        if place_id not in distances:
            distances[place_id] = haversine_km(center, Point(latitude, longitude))
        if distances[place_id] <= radius_km:
            rows.append((pk, distances[place_id], starts_at))
    key = (lambda row: (round(row[1], 1), row[2], row[0])) if by_distance else (lambda row: (row[2], row[1], row[0]))
    return [(pk, distance) for pk, distance, _starts_at in sorted(rows, key=key)]


def workshops_by_id(found: list[tuple[int, float]]) -> list[Workshop]:
    """The sessions of `found` (a page of `find_workshops`), in its order, with place, seats and distance."""
    distance = dict(found)
    sessions = with_seat_counts(Workshop.objects.filter(pk__in=list(distance)).select_related("place__commune"))
    by_pk = {session.pk: session for session in sessions}
    ordered = [by_pk[pk] for pk, _ in found if pk in by_pk]
    for session in ordered:
        session.distance_km = distance[session.pk]
        session.seats_left = max(0, session.capacity - session.seats_taken)
    return ordered


def booking(workshop, now=None) -> str:
    """What a person can do now: "open", "waitlist" (open but full), "not_yet", "closed" or "cancelled".
    `workshop` carries `seats_taken` (with_seat_counts)."""
    now = now or timezone.now()
    if workshop.cancelled_at:
        return "cancelled"
    if now >= workshop.registration_closes_at or now >= workshop.starts_at:
        return "closed"
    if now < workshop.registration_opens_at:
        return "not_yet"
    return "waitlist" if workshop.seats_taken >= workshop.capacity else "open"
