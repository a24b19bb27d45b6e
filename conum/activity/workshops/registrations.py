"""Registrations for workshop sessions: from the public site (the citizen pages call `register` and `cancel`)
and by the session's advisor (walk-ins, people met elsewhere).

Invariant under concurrent requests: people holding a seat (confirmed, then attended or absent) ≤ the
session's capacity. The session's row is locked while counting, so the next person beyond capacity goes on
the waiting list; a confirmed person who cancels gives the seat to the first waiting person (by order of
registration), who is told by e-mail. Each person gets an unguessable link to cancel without an account.

The journal records statuses and counts only, never a name, an e-mail or a phone number.
"""

import re
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from conum.activity.enums import SEAT_HOLDING_STATUSES, RegistrationStatus
from conum.activity.models import Registration, Workshop
from conum.core import journal
from conum.core.dates import add_months
from conum.core.emails import send_templated_email
from conum.core.errors import RuleViolation
from conum.core.formatting import day_at
from conum.core.phones import normalized_phone
from conum.core.roles import Role
from conum.territories.time_zones import time_zone_for

NAME_LENGTH = 100
EMAIL_LENGTH = 254
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DUPLICATE = "Cette adresse e-mail est déjà inscrite à cette séance : une seule inscription par personne."
ATTENDANCE_STATUSES = (RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT)


def at(moment: datetime, zone=None) -> str:
    """'03/12/2026 à 14 h 30' (local time, or the time in `zone`: a session's place's), for messages."""
    return day_at(timezone.localtime(moment, zone).replace(tzinfo=None) if zone else moment)


def label(registration) -> str:
    """What the journal shows for a registration: no personal data."""
    return f"Inscription n° {registration.pk} (atelier n° {registration.workshop_id})"


def cancellation_url(registration) -> str:
    return settings.SITE_URL + reverse("workshops:public_cancel", args=[registration.cancellation_token])


def email_context(registration, workshop) -> dict:
    return {
        "registration": registration,
        "workshop": workshop,
        "place": workshop.place,
        "cancel_url": cancellation_url(registration),
        "site_url": settings.SITE_URL,
    }


def seats_taken(workshop_ids) -> dict[int, int]:
    """{session pk: people holding a seat (confirmed, then attended or absent)}; sessions without any left out."""
    rows = (
        Registration.objects.filter(workshop_id__in=workshop_ids, status__in=SEAT_HOLDING_STATUSES)
        .values("workshop_id")
        .annotate(n=Count("pk"))
    )
    return {row["workshop_id"]: row["n"] for row in rows}


def _is_advisor_of(workshop, by) -> bool:
    return getattr(by, "role", None) == Role.ADVISOR and workshop.advisor.user_id == getattr(by, "pk", None)


def _checked_person(first_name, last_name, email, phone, consent) -> tuple[str, str, str, str]:
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    email, phone = (email or "").strip(), (phone or "").strip()
    for field, value, missing, name in (
        ("first_name", first_name, "Indiquez le prénom.", "Le prénom"),
        ("last_name", last_name, "Indiquez le nom, ou au moins son initiale.", "Le nom"),
    ):
        if not value:
            raise RuleViolation(missing, field=field)
        if len(value) > NAME_LENGTH:
            raise RuleViolation(f"{name} fait {len(value)} caractères : 100 au plus.", field=field)
        if CONTROL_CHARACTERS.search(value):
            raise RuleViolation(f"{name} contient des caractères non imprimables : retirez-les.", field=field)
    if email:
        try:
            if len(email) > EMAIL_LENGTH:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            raise RuleViolation(
                "Cette adresse e-mail n'est pas valide : par exemple prenom.nom@exemple.fr.", field="email"
            ) from None
    if phone:
        try:
            phone = normalized_phone(phone)
        except ValidationError as error:
            raise RuleViolation(error.messages[0], field="phone") from None
    if not consent:
        raise RuleViolation(
            "Cochez la case d'accord sur l'utilisation des coordonnées : sans cet accord, l'inscription ne peut "
            "pas être enregistrée.",
            field="consent",
        )
    return first_name, last_name, email, phone


def _check_open(workshop, by, now) -> None:
    if workshop.cancelled_at:
        raise RuleViolation("Cette séance est annulée : les inscriptions sont fermées.")
    if by is not None and _is_advisor_of(workshop, by):
        return  # the advisor adds people at any time, walk-ins included
    if by is not None and getattr(by, "role", None) == Role.ADVISOR:
        raise RuleViolation("Cet atelier n'est pas le vôtre : seul son conseiller peut y inscrire quelqu'un.")
    if not workshop.public:
        raise RuleViolation("Cette séance est réservée aux personnes invitées : son conseiller fait les inscriptions.")
    if now < workshop.registration_opens_at:
        opens = at(workshop.registration_opens_at, workshop.time_zone)
        raise RuleViolation(f"Les inscriptions à cette séance ouvriront le {opens}.")
    if now >= workshop.registration_closes_at:
        closed = at(workshop.registration_closes_at, workshop.time_zone)
        raise RuleViolation(f"Les inscriptions à cette séance sont closes depuis le {closed}.")


def register(workshop, first_name, last_name, email="", phone="", consent=True, walk_in=False, by=None) -> Registration:
    """Register a person: confirmed while seats remain, otherwise on the waiting list.

    `by` is None on the public site; the session's advisor passes its account (then the registration
    window and invitation-only sessions do not apply). The returned registration's `status` says
    confirmed or waitlisted; `position` is the place on the waiting list (None when confirmed).
    """
    first_name, last_name, email, phone = _checked_person(first_name, last_name, email, phone, consent)
    now = timezone.now()
    with transaction.atomic():
        workshop = (
            Workshop.objects.select_for_update(of=("self",))
            .select_related("advisor", "place__commune")
            .get(pk=workshop.pk)
        )
        _check_open(workshop, by, now)
        live = workshop.registrations.exclude(status=RegistrationStatus.CANCELLED)
        if email and live.filter(email__iexact=email).exists():
            raise RuleViolation(DUPLICATE, field="email")
        seats_taken = live.filter(status__in=SEAT_HOLDING_STATUSES).count()
        waiting = live.filter(status=RegistrationStatus.WAITLISTED).count()
        confirmed = seats_taken < workshop.capacity
        try:
            with transaction.atomic():  # a savepoint: the unique constraint may still refuse a racing twin
                registration = Registration.objects.create(
                    workshop=workshop,
                    first_name=first_name,
                    last_name=last_name,
                    email=email,
                    phone=phone,
                    status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITLISTED,
                    walk_in=walk_in,
                    consent_at=now,
                )
        except IntegrityError:
            raise RuleViolation(DUPLICATE, field="email") from None
        registration.position = None if confirmed else waiting + 1
        journal.record(
            by,
            "activity.registration_created",
            registration,
            None,
            {"status": registration.status, "walk_in": walk_in, "by_advisor": by is not None},
            label=label(registration),
        )
        if email:
            template = "registration_confirmed" if confirmed else "registration_waitlisted"
            send_templated_email(
                f"activity/emails/{template}.txt", email_context(registration, workshop), [registration.email]
            )
    return registration


def cancel(token, by=None) -> Registration:
    """Cancel the registration behind `token` (idempotent: cancelling twice changes nothing).

    A person who held a seat gives it to the first person waiting. `by`: the session's advisor cancelling
    for someone (the person is then told by e-mail), None for the person's own link. The returned
    registration carries `promoted` (the registrations confirmed from the waiting list) and
    `already_cancelled`.
    """
    found = Registration.objects.filter(cancellation_token=str(token or "")).values_list("pk", "workshop_id").first()
    if not token or found is None:
        raise RuleViolation(
            "Ce lien d'annulation n'est pas valide : vérifiez qu'il est complet, tel que reçu par e-mail."
        )
    pk, workshop_id = found
    now = timezone.now()
    with transaction.atomic():
        # Always the session first, then the registration: the same order as register(), no deadlock.
        workshop = (
            Workshop.objects.select_for_update(of=("self",))
            .select_related("advisor", "place__commune")
            .get(pk=workshop_id)
        )
        if by is not None and not _is_advisor_of(workshop, by):
            raise RuleViolation("Cet atelier n'est pas le vôtre : seul son conseiller peut annuler une inscription.")
        registration = Registration.objects.select_for_update().get(pk=pk)
        registration.promoted, registration.already_cancelled = [], False
        if registration.status == RegistrationStatus.CANCELLED:
            registration.already_cancelled = True
            return registration
        if registration.status in ATTENDANCE_STATUSES:
            raise RuleViolation(
                "La séance a eu lieu et la présence est notée : l'inscription ne peut plus être annulée."
            )
        if workshop.starts_at <= now:
            raise RuleViolation("La séance a déjà commencé : l'inscription ne peut plus être annulée.")
        held_seat = registration.status == RegistrationStatus.CONFIRMED
        before = {"status": registration.status}
        registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, now
        registration.save(update_fields=["status", "cancelled_at"])
        journal.record(
            by,
            "activity.registration_cancelled",
            registration,
            before,
            {"status": registration.status, "by_advisor": by is not None},
            label=label(registration),
        )
        if by is not None and registration.email:
            send_templated_email(
                "activity/emails/registration_cancelled.txt",
                email_context(registration, workshop),
                [registration.email],
            )
        if held_seat:
            registration.promoted = fill_seats(workshop, by)
    return registration


def fill_seats(workshop, by=None) -> list[Registration]:
    """Give the free seats to the people waiting, first registered first; the caller holds the session's lock."""
    if workshop.cancelled_at:
        return []
    free = workshop.capacity - workshop.registrations.filter(status__in=SEAT_HOLDING_STATUSES).count()
    if free <= 0:
        return []
    waiting = list(
        workshop.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")[:free]
    )
    for registration in waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status"])
        journal.record(
            by,
            "activity.registration_promoted",
            registration,
            {"status": RegistrationStatus.WAITLISTED},
            {"status": RegistrationStatus.CONFIRMED},
            label=label(registration),
        )
        if registration.email:
            send_templated_email(
                "activity/emails/registration_promoted.txt",
                email_context(registration, workshop),
                [registration.email],
            )
    return waiting


def mark_attendance(workshop, by, attendance: dict) -> dict[str, int]:
    """Note who came: {registration pk: "attended" | "absent"} for people holding a seat, once the session
    has started. A value left empty leaves the person as is. Returns the session's totals."""
    if not _is_advisor_of(workshop, by):
        raise RuleViolation("Cet atelier n'est pas le vôtre : seul son conseiller peut noter les présences.")
    now = timezone.now()
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if workshop.cancelled_at:
            raise RuleViolation("Cette séance est annulée : il n'y a pas de présences à noter.")
        if now < workshop.starts_at:
            starts = at(workshop.starts_at, workshop.time_zone)
            raise RuleViolation(f"Les présences se notent à partir du début de la séance, le {starts}.")
        holders = {r.pk: r for r in workshop.registrations.select_for_update().filter(status__in=SEAT_HOLDING_STATUSES)}
        changes = {}
        for pk, status in attendance.items():
            if not status:
                continue
            if status not in ATTENDANCE_STATUSES:
                raise RuleViolation("Indiquez « présent(e) » ou « absent(e) » pour chaque personne.")
            if _as_int(pk) not in holders:
                raise RuleViolation(
                    "Cette personne n'a pas de place à cette séance : sa présence ne peut pas être notée."
                )
            changes[_as_int(pk)] = status
        before = _attendance_totals(holders.values())
        for pk, status in changes.items():
            if holders[pk].status != status:
                holders[pk].status = status
                holders[pk].save(update_fields=["status"])
        totals = _attendance_totals(holders.values())
        if totals != before:
            journal.record(by, "activity.attendance_marked", workshop, before, totals)
    return totals


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _attendance_totals(registrations) -> dict[str, int]:
    statuses = [r.status for r in registrations]
    return {
        "attended": statuses.count(RegistrationStatus.ATTENDED),
        "absent": statuses.count(RegistrationStatus.ABSENT),
        "not_marked": statuses.count(RegistrationStatus.CONFIRMED),
    }


# ---- reminders -------------------------------------------------------------------------------------


def send_due_reminders(now: datetime | None = None) -> int:
    """E-mail a reminder to each confirmed person with an e-mail address whose session is tomorrow (or later
    today, when missed). Idempotent and safe to run concurrently: a registration is claimed by a conditional
    UPDATE of `reminder_sent_at` before its e-mail is queued. Returns how many reminders were sent.
    "Tomorrow" is the session's place's (overseas places have their own time zone)."""
    now = now or timezone.now()
    soon = (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            workshop__cancelled_at__isnull=True,
            workshop__starts_at__gt=now,
            workshop__starts_at__lt=now + timedelta(days=3),  # beyond tomorrow's end, wherever the place is
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", "workshop__starts_at", "workshop__place__departement", "workshop__structure__departement")
    )
    due = [pk for pk, starts_at, *departements in soon if starts_at < _end_of_tomorrow(now, *departements)]
    sent = 0
    for pk in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=pk, reminder_sent_at__isnull=True, status=RegistrationStatus.CONFIRMED
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            registration = Registration.objects.select_related("workshop__place__commune").get(pk=pk)
            send_templated_email(
                "activity/emails/workshop_reminder.txt",
                email_context(registration, registration.workshop),
                [registration.email],
            )
            sent += 1
    return sent


def _end_of_tomorrow(now, place_departement, structure_departement) -> datetime:
    """Midnight after tomorrow in the session's time zone (its place's; a remote one's, its structure's)."""
    zone = time_zone_for(place_departement or structure_departement)
    return datetime.combine(timezone.localtime(now, zone).date() + timedelta(days=2), time.min, tzinfo=zone)


def summary(registration) -> str:
    """What the advisor is told after adding someone (no e-mail or phone in it)."""
    name = f"{registration.first_name} {registration.last_name}"
    if registration.status == RegistrationStatus.WAITLISTED:
        return (
            f"La séance est complète : {name} est inscrit(e) sur la liste d'attente, en position "
            f"{registration.position}. Une place lui sera donnée si une personne se désiste."
        )
    return f"{name} est inscrit(e) à la séance."


# ---- retention -------------------------------------------------------------------------------------

RETENTION_MONTHS = 3
ANONYMOUS = "Anonyme"
_HOLDING_DATA = ~Q(first_name=ANONYMOUS, last_name="", email="", phone="")
_BATCH = 500  # sessions per UPDATE, to keep the IN list short on a first run over years of sessions


def anonymisation_due(ends_at: datetime) -> datetime:
    """When a session's registrations lose their personal data: RETENTION_MONTHS calendar months after its end
    (30 November 16:00 → 28 February 16:00), as promised on the personal data page."""
    ends_at = timezone.localtime(ends_at)
    day = add_months(ends_at.date(), RETENTION_MONTHS)
    return ends_at.replace(year=day.year, month=day.month, day=day.day)


def anonymise_past(now: datetime | None = None) -> int:
    """Anonymise the registrations of the sessions that ended RETENTION_MONTHS months ago or more: the first name
    becomes "Anonyme", the last name, e-mail and phone are emptied. Status, walk-in, dates and attendance stay, so
    statistics and attendance counts do not change. Idempotent: rows already anonymised are neither touched nor
    counted. Returns how many registrations were anonymised.

    No journal entry: the journal records one object per entry, and this concerns many registrations.
    """
    now = now or timezone.now()
    # Months are 28 to 31 days: select generously, then compare each session's own expiry.
    roughly = now - timedelta(days=RETENTION_MONTHS * 28)
    sessions = (
        Registration.objects.filter(_HOLDING_DATA, workshop__ends_at__lt=roughly)
        .order_by()
        .values_list("workshop_id", "workshop__ends_at")
        .distinct()
    )
    due = sorted(pk for pk, ends_at in sessions if anonymisation_due(ends_at) <= now)
    anonymised = 0
    for start in range(0, len(due), _BATCH):
        anonymised += Registration.objects.filter(_HOLDING_DATA, workshop_id__in=due[start : start + _BATCH]).update(
            first_name=ANONYMOUS, last_name="", email="", phone=""
        )
    return anonymised
