"""Workshops: an advisor schedules sessions (one, or a weekly or monthly series of up to 52), edits one
session or "this one and all the following" of its series, and cancels a session (the people registered
are told by e-mail; the session stays visible as cancelled).

A session is parsed once into a SessionInput (inputs.py, every rule of a session); the transitions here take it
and re-check, under their locks, only what may have changed since: the seats taken and the place still being the
advisor's. A refusal is a RuleViolation whose `field` names the field to fix. Registrations are in registrations.py.
"""

import uuid
from datetime import date, datetime, timedelta

from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from conum.activity.enums import SEAT_HOLDING_STATUSES, RegistrationStatus
from conum.activity.models import Registration, Workshop
from conum.activity.workshops import registrations
from conum.activity.workshops.inputs import DETAIL_FIELDS, Repeat, SessionInput, advisor_places, seats_refusal
from conum.activity.workshops.registrations import CONTROL_CHARACTERS, at, seats_taken
from conum.core import journal
from conum.core.dates import add_months
from conum.core.emails import send_templated_email
from conum.core.errors import RuleViolation
from conum.core.formatting import plural
from conum.core.roles import Role

REASON_LENGTH = (5, 300)
# Changes that people registered are told about.
NOTIFIED_CHANGES = ("starts_at", "ends_at", "place", "remote_link")


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


def _acting_advisor(by):
    from conum.recruitment.models import Advisor

    if getattr(by, "role", None) != Role.ADVISOR:
        raise RuleViolation("Votre rôle ne permet pas cette action : seul un conseiller numérique gère ses ateliers.")
    advisor = Advisor.objects.in_post_for(by)
    if advisor is None:
        raise RuleViolation("Aucun poste de conseiller numérique en cours pour ce compte.")
    return advisor


def check_owner(workshop, by) -> None:
    """Only the session's advisor changes it."""
    if getattr(by, "role", None) != Role.ADVISOR or workshop.advisor.user_id != by.pk:
        raise RuleViolation("Cet atelier n'est pas le vôtre : seul son conseiller peut le modifier.")


# ---- re-checks under lock ----------------------------------------------------------------------------


def _check_place(advisor, place, sessions=()) -> None:
    """`place` (None: a remote session) is still one of the advisor's, its row locked until the commit so that it
    is not archived meanwhile; unless it already is the place of every session changed (kept if archived since)."""
    if place is None or (sessions and all(session.place_id == place.pk for session in sessions)):
        return
    if advisor_places(advisor).filter(pk=place.pk).select_for_update(of=("self",)).first() is None:
        raise RuleViolation("Choisissez l'un de vos lieux d'activité.", field="place")


# ---- transitions -----------------------------------------------------------------------------------


def create_sessions(by, session: SessionInput) -> list[Workshop]:
    """Schedule one session, or a series of `session.occurrences` sessions at the same time (weekly or monthly).

    The registration window, when given, moves with each session (same days and hours before it);
    left empty, registrations open now and close when each session starts.
    """
    advisor = _acting_advisor(by)
    now = timezone.now()
    sessions = []
    # Days and wall-clock times are the place's: a series at 09:00 in Nouméa stays at 09:00 there.
    with timezone.override(session.time_zone or timezone.get_current_timezone()), transaction.atomic():
        first = local_day(session.starts_at)
        series = uuid.uuid4() if session.occurrences > 1 else None
        _check_place(advisor, session.place)
        for day in session_days(first, session.repeat, session.occurrences):
            values = _shifted(session, (day - first).days, now)
            workshop = Workshop.objects.create(advisor=advisor, structure=advisor.structure, series=series, **values)
            journal.record(by, "activity.workshop_created", workshop, None, journal.snapshot(workshop))
            sessions.append(workshop)
    return sessions


def update_sessions(workshop, by, session: SessionInput) -> list[Workshop]:
    """Change one session, or (`session.following`) this one and every later session of its series still planned.

    The later sessions move by as many days as this one, take its hours, registration window (the same
    days and hours before the session) and every other detail. People registered for a session whose date,
    hours or place changed are told by e-mail; a larger capacity gives seats to the waiting list.
    """
    check_owner(workshop, by)
    advisor = workshop.advisor
    now = timezone.now()
    with timezone.override(session.time_zone or timezone.get_current_timezone()), transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        _check_still_editable(workshop, now)
        targets = [workshop]
        if session.following and workshop.series:
            targets += list(
                Workshop.objects.select_for_update()
                .filter(series=workshop.series, starts_at__gt=workshop.starts_at, cancelled_at__isnull=True)
                .order_by("starts_at", "pk")
            )
        seats = seats_taken([t.pk for t in targets])
        if session.capacity < seats.get(workshop.pk, 0):
            raise RuleViolation(seats_refusal(seats[workshop.pk]), field="capacity")
        _check_place(advisor, session.place, targets)
        old_day = local_day(workshop.starts_at)
        planned = []
        for target in targets:
            taken = seats.get(target.pk, 0)
            if session.capacity < taken:
                raise RuleViolation(
                    f"La séance du {at(target.starts_at)} compte déjà "
                    f"{plural(taken, 'personne inscrite', 'personnes inscrites')} : le nombre de places ne "
                    f"peut pas descendre en dessous de {taken}.",
                    field="capacity",
                )
            # Moved by as many days as this session: the input (this session's day) shifted to the target's;
            # a window left empty that is already open stays as it was.
            shift = (local_day(target.starts_at) - old_day).days
            planned.append((target, _shifted(session, shift, min(target.registration_opens_at, now))))
        for target, values in planned:
            _apply(target, values, by)
    return [target for target, _values in planned]


def _check_still_editable(workshop, now) -> None:
    if workshop.cancelled_at:
        raise RuleViolation("Cette séance est annulée : elle ne peut plus être modifiée.")
    if workshop.starts_at <= now:
        raise RuleViolation("Cette séance a déjà commencé : elle ne peut plus être modifiée ni annulée.")


def _shifted(session: SessionInput, shift: int, open_since: datetime) -> dict:
    """The session's columns moved by `shift` days at the same wall-clock times; a registration window left
    empty opens at `open_since` and closes when the session starts."""
    values = session.details()
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        if values[name]:
            values[name] = shift_days(values[name], shift)
    values["registration_opens_at"] = values["registration_opens_at"] or open_since
    values["registration_closes_at"] = values["registration_closes_at"] or values["starts_at"]
    return values


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
