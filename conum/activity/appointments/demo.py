"""Demo appointments (called by conum/activity/demo.py): the demo advisor takes appointments on Tuesday and Thursday
mornings at its first place; a few people came last week, a few are booked for the next days, one leave next month.
Martine, who came 9 days ago, booked again for the coming days with the same e-mail (her file is linked to the
first appointment only, by conum/activity/beneficiaries/demo.py: the agenda suggests it from that contact).
Trusted values, written directly (no e-mail is sent)."""

import unicodedata
from datetime import datetime, time, timedelta

from django.utils import timezone

from conum.activity.enums import AppointmentStatus, Theme, UnavailabilityReason
from conum.activity.models import Appointment, AvailabilityException, AvailabilityRule

DEMO_ADVISOR_EMAIL = "conseiller@demo.conum.fr"
SLOT_STARTS = [time(9), time(9, 45), time(10, 30)]  # slots of the rules below
PEOPLE = [
    ("Martine", [Theme.ADMINISTRATIVE], "Déclarer mes revenus en ligne"),
    ("Gérard", [Theme.EQUIPMENT], "Mon nouveau smartphone"),
    ("Nadia", [Theme.EMAIL], "Créer une adresse e-mail"),
    ("Louis", [Theme.HEALTH, Theme.ADMINISTRATIVE], "Mon compte Ameli"),
    ("Yvette", [Theme.SECURITY], "Un SMS bizarre de ma banque"),
    ("Bernard", [Theme.CONTENTS], "Envoyer des photos à mes petits-enfants"),
]
RETURNING = ("Martine", [Theme.ADMINISTRATIVE], "Finir ma déclaration de revenus : il me manque un justificatif")


def email_of(name: str) -> str:
    """The contact a demo person books with (beneficiaries/demo.py finds Martine's appointment by it), without
    accents (gerard@, as the booking form's e-mail check takes it)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return f"{ascii_name.lower()}@exemple.fr"


def populate(advisors, places) -> int:
    """Rules, an absence and appointments for the demo advisor; the number of appointments made."""
    advisor = next((a for a in advisors if a.user and a.user.email == DEMO_ADVISOR_EMAIL), None)
    if advisor is None or not places.get(advisor.pk):
        return 0
    place = places[advisor.pk][0]
    today = timezone.localdate()
    for weekday in (1, 3):  # Tuesday, Thursday mornings
        AvailabilityRule.objects.create(
            advisor=advisor,
            place=place,
            weekday=weekday,
            start_time=time(9),
            end_time=time(12),
            slot_minutes=45,
            valid_from=today - timedelta(days=60),
        )
    leave = today + timedelta(days=35)
    AvailabilityException.objects.create(
        advisor=advisor, first_day=leave, last_day=leave + timedelta(days=4), reason=UnavailabilityReason.LEAVE
    )
    made = 0
    for offset, (name, themes, need) in zip((-9, -7, 2, 4, 7, 9), PEOPLE, strict=True):
        day = _weekday_near(today + timedelta(days=offset))
        starts_at = timezone.make_aware(datetime.combine(day, SLOT_STARTS[made % len(SLOT_STARTS)]))
        status = AppointmentStatus.BOOKED
        if day < today:
            status = AppointmentStatus.ATTENDED if made % 2 == 0 else AppointmentStatus.ABSENT
        if Appointment.objects.filter(advisor=advisor, starts_at=starts_at).exists():
            continue
        _appointment(advisor, place, starts_at, (name, themes, need), status)
        made += 1
    return made + _book_again(advisor, place, today, leave)


def _book_again(advisor, place, today, leave) -> int:
    """Martine's second appointment: the first free slot from tomorrow on (the agenda shows it soon)."""
    day = _weekday_near(today + timedelta(days=1))
    while day < leave:
        for start in SLOT_STARTS:
            starts_at = timezone.make_aware(datetime.combine(day, start))
            if Appointment.objects.filter(advisor=advisor, starts_at=starts_at).exists():
                continue
            _appointment(advisor, place, starts_at, RETURNING, AppointmentStatus.BOOKED)
            return 1
        day = _weekday_near(day + timedelta(days=1))
    return 0


def _appointment(advisor, place, starts_at, person, status) -> Appointment:
    """A 45-minute appointment of `person` (first name, themes, need), booked three days before (or just now)."""
    name, themes, need = person
    return Appointment.objects.create(
        advisor=advisor,
        place=place,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=45),
        themes=list(themes),
        need=need,
        first_name=name,
        email=email_of(name),
        status=status,
        consent_at=min(timezone.now(), starts_at - timedelta(days=3)),
    )


def _weekday_near(day):
    """The Tuesday or Thursday on or after `day` (the rules' days)."""
    while day.weekday() not in (1, 3):
        day += timedelta(days=1)
    return day
