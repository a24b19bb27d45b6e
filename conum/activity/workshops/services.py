"""Workshops: an advisor schedules sessions (one, or a weekly or monthly series of up to 52), edits one
session or "this one and all the following" of its series, and cancels a session (the people registered
are told by e-mail; the session stays visible as cancelled).

The rules live here, whoever calls (the advisor's pages today, an API tomorrow): a refusal is a
RuleViolation whose `field` names the form field to fix. Registrations are in registrations.py.

A session is described by a `details` dict: title, description, themes, level, place (a Place or None),
remote_link, starts_at, ends_at, capacity, registration_opens_at and registration_closes_at (None: open
now, close when the session starts), public, what_to_bring.
"""

import uuid
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from conum.activity.enums import SEAT_HOLDING_STATUSES, RegistrationStatus, Theme, WorkshopLevel
from conum.activity.models import Place, Registration, Workshop
from conum.activity.workshops import registrations
from conum.activity.workshops.registrations import CONTROL_CHARACTERS, at
from conum.core import journal
from conum.core.dates import add_months
from conum.core.emails import send_templated_email
from conum.core.errors import RuleViolation
from conum.core.formatting import plural
from conum.core.roles import Role

# French labels of the journal actions this module and registrations.py record (registered by apps.py).
JOURNAL_LABELS: dict[str, str] = {
    "activity.workshop_created": "Séance d'atelier programmée",
    "activity.workshop_updated": "Séance d'atelier modifiée",
    "activity.workshop_cancelled": "Séance d'atelier annulée",
    "activity.registration_created": "Inscription à un atelier",
    "activity.registration_cancelled": "Inscription à un atelier annulée",
    "activity.registration_promoted": "Inscription confirmée depuis la liste d'attente",
    "activity.attendance_marked": "Présences d'un atelier notées",
}
# (roles, label, url name, order) of the main navigation entries this area adds (registered by apps.py).
NAVIGATION: list[tuple] = [([Role.ADVISOR], "Mes ateliers", "workshops:list", 30)]

MAX_SESSIONS = 52
TITLE_LENGTH = (5, 150)
DESCRIPTION_LENGTH = (20, 3000)
WHAT_TO_BRING_LENGTH = 300
REASON_LENGTH = (5, 300)
MIN_CAPACITY, MAX_CAPACITY = 1, 100
DETAIL_FIELDS = (
    "title", "description", "themes", "level", "place", "remote_link", "starts_at", "ends_at", "capacity",
    "registration_opens_at", "registration_closes_at", "public", "what_to_bring",
)  # fmt: skip
# Changes that people registered are told about.
NOTIFIED_CHANGES = ("starts_at", "ends_at", "place", "remote_link")


class Repeat(models.TextChoices):
    NONE = "none", "Une seule séance"
    WEEKLY = "weekly", "Chaque semaine, le même jour"
    MONTHLY = "monthly", "Chaque mois, le même jour du mois"


# ---- dates -----------------------------------------------------------------------------------------


def session_days(first: date, repeat: str, count: int) -> list[date]:
    """The days of a series; monthly ones keep the first session's day of the month when it exists."""
    if repeat == Repeat.WEEKLY:
        return [first + timedelta(weeks=i) for i in range(count)]
    if repeat == Repeat.MONTHLY:
        return [add_months(first, i) for i in range(count)]
    return [first]


def shift_days(moment: datetime, days: int) -> datetime:
    """`moment` moved by whole days at the same wall-clock time (14:00 stays 14:00 across a clock change)."""
    local = timezone.localtime(moment).replace(tzinfo=None)
    return timezone.make_aware(local + timedelta(days=days))


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


# ---- who -------------------------------------------------------------------------------------------


def advisor_places(advisor):
    """The places where the advisor works (not archived): a session takes place in one of them."""
    return Place.objects.filter(advisors=advisor, archived_at__isnull=True)


def _acting_advisor(by):
    from conum.recruitment.models import Advisor

    if getattr(by, "role", None) != Role.ADVISOR:
        raise RuleViolation("Votre rôle ne permet pas cette action : seul un conseiller numérique gère ses ateliers.")
    advisor = Advisor.objects.filter(user=by, in_post=True).select_related("structure").first()
    if advisor is None:
        raise RuleViolation("Aucun poste de conseiller numérique en cours pour ce compte.")
    return advisor


def check_owner(workshop, by) -> None:
    """Only the session's advisor changes it."""
    if getattr(by, "role", None) != Role.ADVISOR or workshop.advisor.user_id != by.pk:
        raise RuleViolation("Cet atelier n'est pas le vôtre : seul son conseiller peut le modifier.")


# ---- rules -----------------------------------------------------------------------------------------


def check_session(advisor, details: dict, now: datetime, seats_taken: int = 0, current_place_id=None) -> list:
    """Every rule a session breaks, as (form field, French message) pairs; [] when it is valid.

    `seats_taken`: people already holding a seat (capacity may not go below); `current_place_id`: the
    session's place when editing (still accepted if it was archived since).
    """
    problems = []
    title = details.get("title") or ""
    if not title.strip():
        problems.append(("title", "Indiquez le titre de l'atelier."))
    elif not TITLE_LENGTH[0] <= len(title.strip()) <= TITLE_LENGTH[1]:
        problems.append(("title", f"Le titre fait {len(title.strip())} caractères : de 5 à 150."))
    description = details.get("description") or ""
    if not description.strip():
        problems.append(("description", "Décrivez ce que l'on apprend pendant l'atelier."))
    elif not DESCRIPTION_LENGTH[0] <= len(description.strip()) <= DESCRIPTION_LENGTH[1]:
        problems.append(("description", f"La description fait {len(description.strip())} caractères : de 20 à 3 000."))
    for name, text in (("title", title), ("description", description)):
        if CONTROL_CHARACTERS.search(text):
            problems.append((name, "Ce texte contient des caractères non imprimables : retirez-les."))
    themes = details.get("themes") or []
    if not themes:
        problems.append(("themes", "Choisissez au moins un thème."))
    elif set(themes) - set(Theme.values):
        problems.append(("themes", "Choisissez les thèmes dans la liste."))
    if details.get("level") not in WorkshopLevel.values:
        problems.append(("level", "Choisissez le niveau de l'atelier : débutant, intermédiaire ou avancé."))
    problems += _place_problems(advisor, details, current_place_id)
    problems += _time_problems(details, now)
    capacity = details.get("capacity")
    if not isinstance(capacity, int) or not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        problems.append(("capacity", "Le nombre de places est compris entre 1 et 100."))
    elif capacity < seats_taken:
        problems.append(
            (
                "capacity",
                f"{plural(seats_taken, 'personne est déjà inscrite', 'personnes sont déjà inscrites')} : "
                f"le nombre de places ne peut pas descendre en dessous de {seats_taken}.",
            )
        )
    bring = details.get("what_to_bring") or ""
    if len(bring.strip()) > WHAT_TO_BRING_LENGTH:
        problems.append(("what_to_bring", f"« À apporter » fait {len(bring.strip())} caractères : 300 au plus."))
    return problems


def _place_problems(advisor, details, current_place_id) -> list:
    place, link = details.get("place"), (details.get("remote_link") or "").strip()
    problems = []
    if place is None and not link:
        problems.append(
            ("place", "Choisissez l'un de vos lieux, ou indiquez un lien de connexion pour un atelier à distance.")
        )
    if place is not None and place.pk != current_place_id and not advisor_places(advisor).filter(pk=place.pk).exists():
        problems.append(("place", "Choisissez l'un de vos lieux d'activité."))
    if link:
        try:
            URLValidator(schemes=["https", "http"])(link)
        except ValidationError:
            problems.append(
                ("remote_link", "Indiquez une adresse web complète, par exemple https://visio.exemple.fr/atelier.")
            )
        if len(link) > 200:
            problems.append(("remote_link", f"Le lien fait {len(link)} caractères : 200 au plus."))
    return problems


def _time_problems(details, now) -> list:
    starts, ends = details.get("starts_at"), details.get("ends_at")
    if starts is None or ends is None:
        return [("date", "Indiquez la date, l'heure de début et l'heure de fin de la séance.")]
    problems = []
    if ends <= starts:
        problems.append(("end_time", "L'heure de fin doit être après l'heure de début."))
    if starts <= now:
        problems.append(
            ("date", f"Le début de la séance ({at(starts)}) est déjà passé : choisissez un moment à venir.")
        )
    opens = details.get("registration_opens_at") or now
    closes = details.get("registration_closes_at") or starts
    if closes > starts:
        problems.append(
            (
                "registration_closes_at",
                f"Les inscriptions doivent se clore au plus tard au début de la séance ({at(starts)}).",
            )
        )
    if opens >= closes:
        problems.append(
            (
                "registration_opens_at",
                f"Les inscriptions doivent ouvrir avant leur clôture ({at(closes)}).",
            )
        )
    return problems


def _refuse_first(problems) -> None:
    if problems:
        field, message = problems[0]
        raise RuleViolation(message, field=field)


def _clean(details: dict) -> dict:
    cleaned = {name: details.get(name) for name in DETAIL_FIELDS}
    for name in ("title", "description", "remote_link", "what_to_bring"):
        cleaned[name] = (cleaned[name] or "").strip()
    cleaned["themes"] = list(dict.fromkeys(cleaned["themes"] or []))
    cleaned["public"] = bool(cleaned["public"]) if cleaned["public"] is not None else True
    return cleaned


# ---- transitions -----------------------------------------------------------------------------------


def create_sessions(by, details: dict, repeat: str = Repeat.NONE, count: int = 1) -> list[Workshop]:
    """Schedule one session, or a series of `count` sessions at the same time (weekly or monthly).

    The registration window, when given, moves with each session (same days and hours before it);
    left empty, registrations open now and close when each session starts.
    """
    advisor = _acting_advisor(by)
    if repeat not in Repeat.values:
        raise RuleViolation("Choisissez une répétition de la liste.", field="repeat")
    if repeat == Repeat.NONE:
        count = 1
    if not isinstance(count, int) or not 1 <= count <= MAX_SESSIONS:
        raise RuleViolation("Le nombre de séances est compris entre 1 et 52.", field="occurrences")
    now = timezone.now()
    details = _clean(details)
    _refuse_first(check_session(advisor, details, now))
    first = local_day(details["starts_at"])
    series = uuid.uuid4() if count > 1 else None
    sessions = []
    with transaction.atomic():
        for day in session_days(first, repeat, count):
            shift = (day - first).days
            values = dict(details)
            values["starts_at"] = shift_days(details["starts_at"], shift)
            values["ends_at"] = shift_days(details["ends_at"], shift)
            values["registration_opens_at"] = (
                shift_days(details["registration_opens_at"], shift) if details["registration_opens_at"] else now
            )
            values["registration_closes_at"] = (
                shift_days(details["registration_closes_at"], shift)
                if details["registration_closes_at"]
                else values["starts_at"]
            )
            workshop = Workshop.objects.create(advisor=advisor, structure=advisor.structure, series=series, **values)
            journal.record(by, "activity.workshop_created", workshop, None, journal.snapshot(workshop))
            sessions.append(workshop)
    return sessions


def update_sessions(workshop, by, details: dict, following: bool = False) -> list[Workshop]:
    """Change one session, or (`following`) this one and every later session of its series still planned.

    The later sessions move by as many days as this one, take its hours, registration window (the same
    days and hours before the session) and every other detail. People registered for a session whose date,
    hours or place changed are told by e-mail; a larger capacity gives seats to the waiting list.
    """
    check_owner(workshop, by)
    advisor = workshop.advisor
    now = timezone.now()
    details = _clean(details)
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        _check_still_editable(workshop, now)
        targets = [workshop]
        if following and workshop.series:
            targets += list(
                Workshop.objects.select_for_update()
                .filter(series=workshop.series, starts_at__gt=workshop.starts_at, cancelled_at__isnull=True)
                .order_by("starts_at", "pk")
            )
        seats = _seats_taken([t.pk for t in targets])
        _refuse_first(check_session(advisor, details, now, seats.get(workshop.pk, 0), workshop.place_id))
        old_day = local_day(workshop.starts_at)
        planned = []
        for target in targets:
            # Moved by as many days as this session: `details` (this session's day) shifted to the target's.
            shift = (local_day(target.starts_at) - old_day).days
            values = _values_for(target, details, shift, now)
            if target is not workshop:
                taken = seats.get(target.pk, 0)
                if values["capacity"] < taken:
                    raise RuleViolation(
                        f"La séance du {at(target.starts_at)} compte déjà "
                        f"{plural(taken, 'personne inscrite', 'personnes inscrites')} : le nombre de places ne "
                        f"peut pas descendre en dessous de {taken}.",
                        field="capacity",
                    )
                _refuse_first(check_session(advisor, values, now, taken, target.place_id))
            planned.append((target, values))
        for target, values in planned:
            _apply(target, values, by)
    return [target for target, _values in planned]


def _check_still_editable(workshop, now) -> None:
    if workshop.cancelled_at:
        raise RuleViolation("Cette séance est annulée : elle ne peut plus être modifiée.")
    if workshop.starts_at <= now:
        raise RuleViolation("Cette séance a déjà commencé : elle ne peut plus être modifiée ni annulée.")


def _values_for(target, details, shift, now) -> dict:
    values = dict(details)
    values["starts_at"] = shift_days(details["starts_at"], shift)
    values["ends_at"] = shift_days(details["ends_at"], shift)
    if details["registration_opens_at"]:
        values["registration_opens_at"] = shift_days(details["registration_opens_at"], shift)
    else:  # "open now": a window already open stays as it was
        values["registration_opens_at"] = min(target.registration_opens_at, now)
    if details["registration_closes_at"]:
        values["registration_closes_at"] = shift_days(details["registration_closes_at"], shift)
    else:
        values["registration_closes_at"] = values["starts_at"]
    return values


def _seats_taken(workshop_ids) -> dict[int, int]:
    rows = (
        Registration.objects.filter(workshop_id__in=workshop_ids, status__in=SEAT_HOLDING_STATUSES)
        .values("workshop_id")
        .annotate(n=Count("pk"))
    )
    return {row["workshop_id"]: row["n"] for row in rows}


def _apply(workshop, values: dict, by) -> None:
    before = journal.snapshot(workshop, fields=list(DETAIL_FIELDS))
    old_capacity = workshop.capacity
    notify = any(_differs(getattr(workshop, name), values[name]) for name in NOTIFIED_CHANGES)
    for name, value in values.items():
        setattr(workshop, name, value)
    workshop.save()
    after = journal.snapshot(workshop, fields=list(DETAIL_FIELDS))
    changed = [name for name in DETAIL_FIELDS if before[name] != after[name]]
    if not changed:
        return
    journal.record(
        by,
        "activity.workshop_updated",
        workshop,
        {name: before[name] for name in changed},
        {name: after[name] for name in changed},
    )
    if workshop.capacity > old_capacity:
        registrations.fill_seats(workshop, by)
    if notify:
        for registration in workshop.registrations.filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
        ).exclude(email=""):
            send_templated_email(
                "activity/emails/workshop_changed.txt",
                registrations.email_context(registration, workshop),
                [registration.email],
            )


def _differs(old, new) -> bool:
    if isinstance(old, models.Model) or isinstance(new, models.Model):
        return getattr(old, "pk", None) != getattr(new, "pk", None)
    return old != new


def cancel_session(workshop, by, reason: str) -> Workshop:
    """Cancel a session that has not started: its registrations end, people with an e-mail are told why."""
    check_owner(workshop, by)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(
            "Indiquez le motif de l'annulation : il est envoyé aux personnes inscrites.", field="reason"
        )
    if not REASON_LENGTH[0] <= len(reason) <= REASON_LENGTH[1]:
        raise RuleViolation(f"Le motif fait {len(reason)} caractères : de 5 à 300.", field="reason")
    if CONTROL_CHARACTERS.search(reason):
        raise RuleViolation("Le motif contient des caractères non imprimables : retirez-les.", field="reason")
    now = timezone.now()
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if workshop.cancelled_at:
            raise RuleViolation(f"Cette séance est déjà annulée (le {at(workshop.cancelled_at)}).")
        _check_still_editable(workshop, now)
        workshop.cancelled_at, workshop.cancellation_reason = now, reason
        workshop.save(update_fields=["cancelled_at", "cancellation_reason", "updated_at"])
        live = list(
            workshop.registrations.select_for_update().filter(
                status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
            )
        )
        Registration.objects.filter(pk__in=[r.pk for r in live]).update(
            status=RegistrationStatus.CANCELLED, cancelled_at=now
        )
        journal.record(
            by,
            "activity.workshop_cancelled",
            workshop,
            {"cancelled_at": None},
            {"cancelled_at": now, "reason": reason, "registrations_cancelled": len(live)},
        )
        for registration in live:
            if registration.email:
                send_templated_email(
                    "activity/emails/workshop_cancelled.txt",
                    registrations.email_context(registration, workshop),
                    [registration.email],
                )
    return workshop


# ---- lists -----------------------------------------------------------------------------------------


def with_seat_counts(workshops):
    """Annotate `seats_taken` (people holding a seat) and `waitlisted`, in the same query."""
    return workshops.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__status__in=SEAT_HOLDING_STATUSES)),
        waitlisted=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
    )
