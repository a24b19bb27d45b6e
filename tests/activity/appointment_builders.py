"""Availability and appointments for the appointment tests: a weekday without a public holiday, a rule on it."""

import datetime

from django.utils import timezone

from conum.activity.appointments import slots
from conum.activity.appointments.inputs import BookingInput
from conum.activity.models import Appointment, AvailabilityRule


def open_day(after: int = 3) -> datetime.date:
    """The first day from `after` days on that is a weekday and not a public holiday."""
    day = timezone.localdate() + datetime.timedelta(days=after)
    closed = slots.public_holidays(day, day + datetime.timedelta(days=30))
    while day.weekday() >= 5 or day in closed:
        day += datetime.timedelta(days=1)
    return day


def rule_on(advisor, place, day, start=9, end=11, minutes=45, **extra) -> AvailabilityRule:
    return AvailabilityRule.objects.create(
        advisor=advisor,
        place=place,
        weekday=day.weekday(),
        start_time=datetime.time(start),
        end_time=datetime.time(end),
        slot_minutes=minutes,
        valid_from=extra.pop("valid_from", timezone.localdate()),
        **extra,
    )


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def key(advisor, moment: datetime.datetime) -> str:
    return f"{advisor.pk}-{timezone.localtime(moment):%Y%m%d%H%M}"


def person(**overrides) -> BookingInput:
    values = {
        "first_name": "Jeanne",
        "email": "jeanne@exemple.fr",
        "phone": "",
        "themes": ("email",),
        "need": "Créer une adresse e-mail",
    }
    return BookingInput(**(values | overrides))


def appointment_at(advisor, place, starts_at, minutes=45, **overrides) -> Appointment:
    """An appointment written directly (a past one, whatever the rules)."""
    values = {
        "advisor": advisor,
        "place": place,
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(minutes=minutes),
        "themes": ["email"],
        "first_name": "Paul",
        "email": "paul@exemple.fr",
        "consent_at": timezone.now(),
    }
    return Appointment.objects.create(**(values | overrides))
