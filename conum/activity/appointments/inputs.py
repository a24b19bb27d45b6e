"""What is typed for appointments, parsed once into typed inputs: a booking (the public form), a weekly
availability and an absence (the advisor's forms). The services re-check under their locks what may have changed.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from conum.activity.enums import Theme, UnavailabilityReason
from conum.activity.models import Place
from conum.activity.workshops.registrations import CONTROL_CHARACTERS, EMAIL_LENGTH, NAME_LENGTH
from conum.core.inputs import Reader
from conum.core.phones import normalized_phone

NEED_LENGTH = 300
SLOT_MINUTES = (15, 20, 30, 45, 60, 90, 120)
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MAX_ABSENCE_DAYS = 366
BOOKING_KEYS = ("first_name", "email", "phone", "themes", "need", "consent")
RULE_KEYS = ("place", "weekday", "start_time", "end_time", "slot_minutes", "valid_from", "valid_until")
ABSENCE_KEYS = ("place", "first_day", "last_day", "reason")


@dataclass(frozen=True)
class BookingInput:
    first_name: str
    email: str
    phone: str
    themes: tuple[str, ...]
    need: str
    consent: bool = True


@dataclass(frozen=True)
class RuleInput:
    place: Place
    weekday: int
    start_time: time
    end_time: time
    slot_minutes: int
    valid_from: date
    valid_until: date | None


@dataclass(frozen=True)
class AbsenceInput:
    place: Place | None
    first_day: date
    last_day: date
    reason: str


def _printable(reader, key, value, label):
    if CONTROL_CHARACTERS.search(value):
        reader.add(key, f"{label} contient des caractères non imprimables : retirez-les.")


def parse_booking(data) -> BookingInput:
    """A person's booking: a first name, an e-mail address or a phone number, what they need (themes and/or a few
    words), their consent. Raises InvalidInput with each message by key."""
    reader = Reader(data, allowed=BOOKING_KEYS)
    first_name = reader.text("first_name", "Le prénom")
    if not first_name:
        reader.add("first_name", "Indiquez votre prénom.")
    elif len(first_name) > NAME_LENGTH:
        reader.add("first_name", f"Le prénom fait {len(first_name)} caractères : 100 au plus.")
    _printable(reader, "first_name", first_name, "Le prénom")
    email, phone = reader.text("email", "L'adresse e-mail"), reader.text("phone", "Le téléphone")
    if email:
        try:
            if len(email) > EMAIL_LENGTH:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            reader.add("email", "Cette adresse e-mail n'est pas valide : par exemple prenom.nom@exemple.fr.")
    if phone:
        try:
            phone = normalized_phone(phone)
        except ValidationError as error:
            reader.add("phone", error.messages[0])
    if not email and not phone and not reader.refused("email") and not reader.refused("phone"):
        reader.add(
            "email", "Indiquez une adresse e-mail ou un numéro de téléphone, pour être prévenu(e) du rendez-vous."
        )
    themes = reader.choices("themes", Theme, "Ce pour quoi vous venez")
    need = reader.text("need", "Votre besoin")
    if len(need) > NEED_LENGTH:
        reader.add("need", f"Votre besoin fait {len(need)} caractères : {NEED_LENGTH} au plus.")
    _printable(reader, "need", need, "Votre besoin")
    if not themes and not need and not reader.refused("themes"):
        reader.add("themes", "Dites ce pour quoi vous venez : cochez au moins un sujet ou écrivez quelques mots.")
    if reader.raw("consent") not in (True, "on", "true", "1"):
        reader.add(
            "consent",
            "Cochez la case d'accord sur l'utilisation de vos coordonnées : sans cet accord, le rendez-vous ne peut "
            "pas être enregistré.",
        )
    reader.raise_if_any()
    return BookingInput(first_name, email, phone, tuple(themes), need)


def _time(reader, key, missing) -> time | None:
    value = reader.raw(key)
    if value in (None, ""):
        reader.add(key, missing)
        return None
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value).strip())
    except ValueError:
        reader.add(key, "Indiquez une heure valide, par exemple 14:00.")
        return None


def parse_rule(data, *, advisor) -> RuleInput:
    """A weekly availability: one of the advisor's places, a weekday, from–to, the length of a slot, the period."""
    reader = Reader(data, allowed=RULE_KEYS)
    place = reader.instance("place", Place.objects.filter(advisors=advisor, archived_at__isnull=True))
    if place is None:
        reader.add("place", "Choisissez un de vos lieux d'activité.")
    weekday = reader.raw("weekday")
    weekday = int(weekday) if str(weekday).strip() in {str(n) for n in range(7)} else None
    if weekday is None:
        reader.add("weekday", "Choisissez un jour de la semaine.")
    start = _time(reader, "start_time", "Indiquez l'heure de début.")
    end = _time(reader, "end_time", "Indiquez l'heure de fin.")
    if start and end and end <= start:
        reader.add("end_time", "L'heure de fin vient après l'heure de début.")
    minutes = str(reader.raw("slot_minutes") or "").strip()
    slot_minutes = int(minutes) if minutes in {str(n) for n in SLOT_MINUTES} else None
    if slot_minutes is None:
        reader.add("slot_minutes", "Choisissez la durée d'un rendez-vous dans la liste.")
    elif start and end and end > start:
        span = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        if span < slot_minutes:
            reader.add(
                "end_time", f"De {start:%H:%M} à {end:%H:%M}, un rendez-vous de {slot_minutes} minutes ne tient pas."
            )
    today = timezone.localdate()
    valid_from = reader.day("valid_from", "Indiquez à partir de quand.") if not reader.missing("valid_from") else today
    valid_until = None if reader.missing("valid_until") else reader.day("valid_until", "")
    if valid_from and valid_until and valid_until < valid_from:
        reader.add("valid_until", "La fin de la période vient après son début.")
    reader.raise_if_any()
    return RuleInput(place, weekday, start, end, slot_minutes, valid_from, valid_until)


def parse_absence(data, *, advisor) -> AbsenceInput:
    """Days without appointments (leave, training): at every place of the advisor, or at one."""
    reader = Reader(data, allowed=ABSENCE_KEYS)
    place = reader.instance("place", Place.objects.filter(advisors=advisor))
    if place is None and not reader.missing("place"):
        reader.add("place", "Choisissez un de vos lieux d'activité, ou aucun pour tous.")
    first = reader.day("first_day", "Indiquez le premier jour d'absence.")
    last = reader.day("last_day", "Indiquez le dernier jour d'absence.") if not reader.missing("last_day") else first
    if first and last:
        if last < first:
            reader.add("last_day", "Le dernier jour vient après le premier.")
        elif last - first > timedelta(days=MAX_ABSENCE_DAYS):
            reader.add("last_day", "Une absence dure un an au plus : arrêtez plutôt vos disponibilités.")
    reason = reader.choice("reason", UnavailabilityReason, "Choisissez le motif dans la liste.")
    reader.raise_if_any()
    return AbsenceInput(place, first, last, reason)
