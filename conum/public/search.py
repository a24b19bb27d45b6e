"""Places and workshops near a point, for the citizen site.

The distance helper of the territories app keeps the places inside a latitude/longitude box on indexed
columns, then sorts the few left by exact distance. Everything a results page shows is read in a fixed
number of queries, whatever the number of places: the places (one query), then, for the page shown only,
the number of upcoming workshops (one grouped query).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db.models import Count
from django.utils import timezone

from conum.activity.appointments.slots import bookable
from conum.activity.enums import Fee
from conum.activity.models import Place, Workshop
from conum.activity.places import opening_hours
from conum.activity.workshops.services import with_seat_counts
from conum.core.model_fields import has_value
from conum.territories.distance import Point, box_filters, haversine_km
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


def opens_on(text: str, weekday: int) -> bool:
    try:
        return bool(opening_hours.week(text)[weekday])
    except opening_hours.OpeningHoursError:
        return False


class Found(NamedTuple):
    """A place found by a search: what sorting and filtering need, before the page shown is read in full."""

    pk: int
    distance_km: float
    opening_hours: str


def nearby(queryset, center: Point, radius_km: float) -> list[Found]:
    """Rows of `queryset` within `radius_km`, nearest first: the indexed bounding box in SQL, then the exact
    distance in Python on bare tuples (a large city has thousands of places within 20 km)."""
    rows = queryset.filter(**box_filters(center, radius_km)).values_list("pk", "latitude", "longitude", "opening_hours")
    found = []
    for pk, latitude, longitude, hours in rows:
        distance = haversine_km(center, Point(latitude, longitude))
        if distance <= radius_km:
            found.append(Found(pk, distance, hours))
    found.sort(key=lambda place: (place.distance_km, place.pk))
    return found


def find_places(center: Point, radius_km: float, filters: PlaceFilters = PlaceFilters()) -> list[Found]:
    """Public places within `radius_km` of `center` matching `filters`, nearest first; `with_details` reads
    the page shown in full."""
    found = nearby(_filtered(filters), center, radius_km)
    if filters.open_saturday:
        found = [place for place in found if opens_on(place.opening_hours, SATURDAY)]
    return found


# What a result card shows (public/_place_card.html) and its hours need: the rest of a place (presentations, the
# schema's other lists) stays unread, 20 times per page.
CARD_FIELDS = (
    "name", "address", "postal_code", "departement", "latitude", "longitude", "phone", "opening_hours", "services",
    "publics", "fees", "commune__name", "commune__departement",
)  # fmt: skip


def with_details(found: list[Found]) -> list[Place]:
    """The places of `found` (a page of `find_places`) read in full, in the same order, distances kept."""
    # `bookable`: the card's "Prendre rendez-vous" link, read with the place (no query more).
    rows = public_places().select_related("commune").only(*CARD_FIELDS).annotate(bookable=bookable())
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


def count_upcoming_workshops(places, now: datetime | None = None) -> None:
    """Set `upcoming_workshops` on each place, in one grouped query."""
    counts = dict(
        upcoming_workshops(now)
        .filter(place__in=[place.pk for place in places])
        .values_list("place")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for place in places:
        place.upcoming_workshops = counts.get(place.pk, 0)


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
