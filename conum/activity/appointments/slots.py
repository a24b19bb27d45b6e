"""The free appointment slots of a place: its advisors' weekly availability cut in slots of their length, minus the
public holidays, the advisors' absences, the appointments already booked and their workshops.

A slot is identified by its advisor and its start (`Slot.key`, "12-202612071000", local time): two advisors free
at the same time at one place give one slot to the person, who gets the first of them. A few queries per call,
whatever the number of rules or appointments (rules, absences, appointments and workshops of the period).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

import holidays
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from conum.activity.enums import AppointmentStatus
from conum.activity.models import Appointment, AvailabilityException, AvailabilityRule, Workshop
from conum.territories.time_zones import PARIS

BOOKING_DAYS = 21  # what the public sees ahead: about three weeks
MIN_NOTICE = timedelta(hours=2)  # the advisor learns of a booking in time
KEY = re.compile(r"^(\d{1,10})-(\d{12})$")


@dataclass(frozen=True)
class Slot:
    advisor_id: int
    place_id: int
    starts_at: datetime
    ends_at: datetime
    zone: tzinfo = field(default=PARIS, compare=False)  # the place's clock

    @property
    def key(self) -> str:
        return f"{self.advisor_id}-{timezone.localtime(self.starts_at, self.zone):%Y%m%d%H%M}"

    @property
    def day(self) -> date:
        return timezone.localtime(self.starts_at, self.zone).date()


def parse_key(value, zone: tzinfo = PARIS) -> tuple[int, datetime] | None:
    """(advisor pk, aware start) of a slot key, read on the place's clock; None for anything else."""
    match = KEY.match(str(value or ""))
    if not match:
        return None
    try:
        start = datetime.strptime(match[2], "%Y%m%d%H%M")
    except ValueError:
        return None
    return int(match[1]), timezone.make_aware(start, zone)


def public_holidays(first: date, last: date, subdivision: str | None = None):
    """France's public holidays over the period, with those of the place's territory (`Place.local_time`)."""
    return holidays.France(subdiv=subdivision, years=range(first.year, last.year + 1))


def _rules(place, first: date, last: date, advisor_id=None):
    """The rules of the place's advisors still in post and still working there, valid over part of the period."""
    rules = AvailabilityRule.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=first),
        place=place,
        place__archived_at__isnull=True,
        advisor__in_post=True,
        advisor__places=place,
        valid_from__lte=last,
    )
    if advisor_id is not None:
        rules = rules.filter(advisor_id=advisor_id)
    return list(rules.order_by("advisor_id", "weekday", "start_time", "pk"))


def _busy(advisor_ids, start: datetime, end: datetime) -> dict[int, list[tuple[datetime, datetime]]]:
    """Each advisor's booked appointments (at any place) and workshop sessions overlapping [start, end)."""
    busy = defaultdict(list)
    appointments = Appointment.objects.filter(advisor_id__in=advisor_ids, starts_at__lt=end, ends_at__gt=start).exclude(
        status=AppointmentStatus.CANCELLED
    )
    sessions = Workshop.objects.filter(
        advisor_id__in=advisor_ids, starts_at__lt=end, ends_at__gt=start, cancelled_at__isnull=True
    )
    for rows in (appointments, sessions):
        for advisor_id, starts_at, ends_at in rows.values_list("advisor_id", "starts_at", "ends_at"):
            busy[advisor_id].append((starts_at, ends_at))
    return busy


def _absent(advisor_ids, place, first: date, last: date) -> dict[int, list[tuple[date, date]]]:
    absent = defaultdict(list)
    rows = AvailabilityException.objects.filter(
        Q(place__isnull=True) | Q(place=place), advisor_id__in=advisor_ids, first_day__lte=last, last_day__gte=first
    )
    for advisor_id, first_day, last_day in rows.values_list("advisor_id", "first_day", "last_day"):
        absent[advisor_id].append((first_day, last_day))
    return absent


def _cut(rule, day: date, zone: tzinfo) -> list[tuple[datetime, datetime]]:
    """The rule's slots on `day`, on the place's clock: whole slots only, from its start."""
    step = timedelta(minutes=rule.slot_minutes)
    start = timezone.make_aware(datetime.combine(day, rule.start_time), zone)
    end = timezone.make_aware(datetime.combine(day, rule.end_time), zone)
    slots = []
    while start + step <= end:
        slots.append((start, start + step))
        start += step
    return slots


def offered(place, first: date, last: date, *, now=None, advisor_id=None, keep_busy=False) -> list[Slot]:
    """The place's slots from `first` to `last` (days on its clock), in time order, starting at least MIN_NOTICE after
    now. `keep_busy`: also those already taken (to tell "just booked" from "not offered")."""
    now = now or timezone.now()
    rules = _rules(place, first, last, advisor_id)
    advisor_ids = sorted({rule.advisor_id for rule in rules})
    if not advisor_ids:
        return []
    local = place.local_time
    period_start = timezone.make_aware(datetime.combine(first, time.min), local.zone)
    period_end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), local.zone)
    busy = {} if keep_busy else _busy(advisor_ids, period_start, period_end)
    absent = _absent(advisor_ids, place, first, last)
    closed = public_holidays(first, last, local.holidays)
    slots = []
    day = first
    while day <= last:
        if day not in closed:
            for rule in rules:
                if rule.weekday != day.weekday() or day < rule.valid_from:
                    continue
                if rule.valid_until and day > rule.valid_until:
                    continue
                if any(a <= day <= b for a, b in absent.get(rule.advisor_id, ())):
                    continue
                for start, end in _cut(rule, day, local.zone):
                    if start < now + MIN_NOTICE:
                        continue
                    if any(s < end and start < e for s, e in busy.get(rule.advisor_id, ())):
                        continue
                    slots.append(Slot(rule.advisor_id, place.pk, start, end, local.zone))
        day += timedelta(days=1)
    return sorted(set(slots), key=lambda slot: (slot.starts_at, slot.advisor_id))


def free_slots(place, *, now=None, days=BOOKING_DAYS) -> list[Slot]:
    """What the public may book at the place: one slot per start time (the first advisor free then)."""
    today = timezone.localtime(now or timezone.now(), place.time_zone).date()
    seen, slots = set(), []
    for slot in offered(place, today, today + timedelta(days=days), now=now):
        if slot.starts_at not in seen:
            seen.add(slot.starts_at)
            slots.append(slot)
    return slots


def by_day(slots: list[Slot]) -> list[tuple[date, list[Slot]]]:
    days = defaultdict(list)
    for slot in slots:
        days[slot.day].append(slot)
    return sorted(days.items())


def bookable(today: date | None = None) -> Exists:
    """Annotation of a place query: whether an advisor's availability there runs now or in the booking period (a
    place whose slots happen to be all taken still says it takes appointments). A subquery, so that a search page
    reads it with its places, without one more query."""
    today = today or timezone.localdate()
    rules = AvailabilityRule.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        place=OuterRef("pk"),
        advisor__in_post=True,
        advisor__places=OuterRef("pk"),
        valid_from__lte=today + timedelta(days=BOOKING_DAYS),
    )
    return Exists(rules)
