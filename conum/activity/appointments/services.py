"""Appointments: a person books a free slot (public site, no account), cancels by the link they received; the
advisor publishes weekly availability and absences, notes whether the person came, completes the report.

Invariant under concurrent requests: a slot (advisor, start) is booked once. The advisor's row is locked while the
slot is checked against the rules and the appointments already booked, and a unique constraint on (advisor, start)
among the appointments not cancelled refuses a racing twin. The journal records statuses, never a name or contact.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from conum.activity.appointments import slots, sms
from conum.activity.appointments.inputs import AbsenceInput, BookingInput, RuleInput
from conum.activity.beneficiaries import services as files
from conum.activity.enums import AppointmentStatus
from conum.activity.models import Appointment, AvailabilityException, AvailabilityRule, Beneficiary
from conum.activity.workshops.registrations import ANONYMOUS, RETENTION_MONTHS, anonymisation_due
from conum.core import journal
from conum.core.emails import send_templated_email
from conum.core.errors import RuleViolation
from conum.core.formatting import day_at
from conum.recruitment.models import Advisor

TAKEN = "Ce créneau vient d'être réservé par une autre personne : choisissez-en un autre."
NOT_OFFERED = "Ce créneau n'est plus proposé : choisissez-en un autre parmi les créneaux libres."
ATTENDANCE = (AppointmentStatus.ATTENDED, AppointmentStatus.ABSENT)


def label(appointment) -> str:
    return f"Rendez-vous n° {appointment.pk} (lieu n° {appointment.place_id})"


def public_url(appointment) -> str:
    """The person's page (confirmation, calendar file, cancellation): the unguessable token is its key."""
    return settings.SITE_URL + reverse("public:appointment", args=[appointment.cancellation_token])


def _email_context(appointment) -> dict:
    return {
        "appointment": appointment,
        "place": appointment.place,
        "page_url": public_url(appointment),
        "site_url": settings.SITE_URL,
    }


def _is_advisor_of(appointment, by) -> bool:
    return getattr(by, "pk", None) is not None and appointment.advisor.user_id == by.pk


# ---- booking and cancellation (the person) -------------------------------------------------------------


def book(place, slot_key, values: BookingInput, now=None) -> Appointment:
    """Book the slot `slot_key` (slots.Slot.key) at `place` for the person; RuleViolation when it is taken or no
    longer offered."""
    parsed = slots.parse_key(slot_key, place.time_zone)
    if parsed is None:
        raise RuleViolation(NOT_OFFERED)
    advisor_id, starts_at = parsed
    now = now or timezone.now()
    day = timezone.localtime(starts_at, place.time_zone).date()
    with transaction.atomic():
        # The advisor's row: bookings of one advisor go one after the other, whatever the place.
        advisor = Advisor.objects.select_for_update().filter(pk=advisor_id).first()
        if advisor is None:
            raise RuleViolation(NOT_OFFERED)
        candidates = slots.offered(place, day, day, now=now, advisor_id=advisor_id, keep_busy=True)
        slot = next((s for s in candidates if s.starts_at == starts_at), None)
        if slot is None:
            raise RuleViolation(NOT_OFFERED)
        if not any(s.starts_at == starts_at for s in slots.offered(place, day, day, now=now, advisor_id=advisor_id)):
            raise RuleViolation(TAKEN)
        try:
            with transaction.atomic():  # a savepoint: the unique constraint may still refuse a racing twin
                appointment = Appointment.objects.create(
                    advisor=advisor,
                    place=place,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    themes=list(values.themes),
                    need=values.need,
                    first_name=values.first_name,
                    email=values.email,
                    phone=values.phone,
                    consent_at=now,
                )
        except IntegrityError:
            raise RuleViolation(TAKEN) from None
        journal.record(
            None,
            "activity.appointment_booked",
            appointment,
            None,
            {"status": appointment.status},
            label=label(appointment),
        )
        appointment.place = place
        _send_booked(appointment, advisor)
    return appointment


def _send_booked(appointment, advisor) -> None:
    with timezone.override(appointment.place.time_zone):  # times as the place's clock shows them
        if appointment.email:
            send_templated_email(
                "activity/emails/appointment_confirmed.txt", _email_context(appointment), [appointment.email]
            )
        if advisor.user_id and advisor.user.email:
            send_templated_email(
                "activity/emails/appointment_booked_advisor.txt",
                _email_context(appointment) | {"agenda_url": settings.SITE_URL + reverse("appointments:agenda")},
                [advisor.user.email],
            )


def cancel(token, now=None) -> Appointment:
    """Cancel by the person's link (idempotent: `already_cancelled` says it was). The slot is free again."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("place__commune")
            .filter(cancellation_token=str(token or ""))
            .first()
        )
        if not token or appointment is None:
            raise RuleViolation("Ce lien n'est pas valide : vérifiez qu'il est complet, tel que reçu par e-mail.")
        _cancel_locked(appointment, None, now, "Le rendez-vous a déjà commencé : il ne peut plus être annulé.")
    return appointment


def _cancel_locked(appointment, by, now, started: str) -> None:
    """Cancel the locked `appointment` unless it was (`already_cancelled` says so); RuleViolation(`started`) once it
    has begun. Journaled; the slot is free again."""
    appointment.already_cancelled = appointment.status == AppointmentStatus.CANCELLED
    if appointment.already_cancelled:
        return
    if appointment.status in ATTENDANCE or appointment.starts_at <= now:
        raise RuleViolation(started)
    appointment.status, appointment.cancelled_at = AppointmentStatus.CANCELLED, now
    appointment.save(update_fields=["status", "cancelled_at"])
    after = {"status": appointment.status}
    journal.record(
        by,
        "activity.appointment_cancelled",
        appointment,
        {"status": AppointmentStatus.BOOKED},
        after,
        label=label(appointment),
    )


# ---- the advisor ---------------------------------------------------------------------------------------


def mark(appointment, by, status: str, now=None) -> Appointment:
    """Note that the person came (attended) or not (absent), once the appointment has started; journaled."""
    if status not in ATTENDANCE:
        raise RuleViolation("Indiquez « venu(e) » ou « absent(e) ».")
    now = now or timezone.now()
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update(of=("self",)).select_related("advisor").get(pk=appointment.pk)
        )
        if not _is_advisor_of(appointment, by):
            raise RuleViolation("Ce rendez-vous n'est pas le vôtre : seul son conseiller note la venue.")
        if appointment.status == AppointmentStatus.CANCELLED:
            raise RuleViolation("Ce rendez-vous a été annulé : il n'y a pas de venue à noter.")
        if appointment.starts_at > now:
            raise RuleViolation(
                f"La venue se note à partir de l'heure du rendez-vous, le {day_at(appointment.starts_at)}."
            )
        before = {"status": appointment.status}
        if appointment.status != status:
            appointment.status = status
            appointment.save(update_fields=["status"])
            journal.record(
                by, "activity.appointment_marked", appointment, before, {"status": status}, label=label(appointment)
            )
    return appointment


NOT_YOURS = "Ce rendez-vous n'est pas le vôtre : seul son conseiller peut le modifier."


def cancel_by_advisor(appointment, by, now=None) -> Appointment:
    """The advisor cancels (illness, a change of plans) before it starts: the person is told by e-mail, with the
    place's page to book again; the slot is free again. Idempotent like the person's cancellation."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("advisor", "place__commune")
            .get(pk=appointment.pk)
        )
        if not _is_advisor_of(appointment, by):
            raise RuleViolation(NOT_YOURS)
        _cancel_locked(appointment, by, now, "Le rendez-vous a commencé : notez plutôt si la personne est venue.")
        if appointment.already_cancelled:
            return appointment
        if appointment.email:
            place_url = settings.SITE_URL + reverse("public:place", args=[appointment.place_id])
            with timezone.override(appointment.place.time_zone):
                send_templated_email(
                    "activity/emails/appointment_cancelled_by_advisor.txt",
                    _email_context(appointment) | {"place_url": place_url},
                    [appointment.email],
                )
    if appointment.phone and not appointment.email and sms.enabled():
        sms.send(
            appointment.phone,
            f"Votre rendez-vous avec un conseiller numérique le {day_at(appointment.starts_at)} est annulé par le "
            f"conseiller. Pour en prendre un autre : {settings.SITE_URL}"
            f"{reverse('public:place', args=[appointment.place_id])}",
        )
    return appointment


# ---- the person's file -----------------------------------------------------------------------------------


def suggested_files(appointment, limit: int = 3) -> list[Beneficiary]:
    """Files of the advisor's structure that the person booking may already have, found by the contact they gave:
    the file's own e-mail or phone, or an earlier appointment with the same contact that was filed. None once the
    contact is erased (the advisor still picks the file in the report)."""
    email, phone = appointment.email.strip(), appointment.phone.strip()
    if not email and not phone:
        return []
    same_contact = Q(email__iexact=email) if email else Q(pk__in=[])
    earlier = Appointment.objects.filter(beneficiary=OuterRef("pk")).exclude(pk=appointment.pk)
    earlier_contact = Q(email__iexact=email) if email else Q(pk__in=[])
    if phone:
        same_contact |= Q(phone=phone)
        earlier_contact |= Q(phone=phone)
    rows = Beneficiary.objects.filter(structure_id=appointment.advisor.structure_id, anonymised_at__isnull=True)
    rows = rows.filter(same_contact | Exists(earlier.filter(earlier_contact)))
    return list(rows.order_by("-last_activity_at", "pk")[:limit])


def file_with(appointment, beneficiary_pk: int, by, now=None) -> Beneficiary:
    """Link the appointment to one of the structure's files (the advisor recognised the person); the file counts
    as active. The file is locked before the appointment, the order of the reports' writers."""
    with transaction.atomic():
        locked = files.lock([beneficiary_pk])
        appointment = (
            Appointment.objects.select_for_update(of=("self",)).select_related("advisor").get(pk=appointment.pk)
        )
        if not _is_advisor_of(appointment, by):
            raise RuleViolation(NOT_YOURS)
        beneficiary = locked.get(beneficiary_pk)
        if not files.usable(beneficiary, appointment.advisor.structure_id):
            raise RuleViolation(files.NOT_YOUR_FILE)
        if appointment.report_id and appointment.report.beneficiary_id not in (None, beneficiary.pk):
            raise RuleViolation("Le compte rendu de ce rendez-vous est classé dans un autre dossier : changez-le là.")
        before = {"beneficiary": appointment.beneficiary_id}
        appointment.beneficiary = beneficiary
        appointment.save(update_fields=["beneficiary"])
        Beneficiary.objects.filter(pk=beneficiary.pk).update(last_activity_at=now or timezone.now())
        after = {"beneficiary": beneficiary.pk}
        journal.record(by, "activity.appointment_filed", appointment, before, after, label=label(appointment))
    return beneficiary


def unfile(appointment, by) -> None:
    """Undo a link made by mistake, while no report of the appointment names the file."""
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("advisor", "report")
            .get(pk=appointment.pk)
        )
        if not _is_advisor_of(appointment, by):
            raise RuleViolation(NOT_YOURS)
        if appointment.beneficiary_id is None:
            return
        if appointment.report_id and appointment.report.beneficiary_id == appointment.beneficiary_id:
            raise RuleViolation("Le compte rendu de ce rendez-vous est classé dans ce dossier : changez-le d'abord.")
        before = {"beneficiary": appointment.beneficiary_id}
        appointment.beneficiary = None
        appointment.save(update_fields=["beneficiary"])
        journal.record(
            by, "activity.appointment_filed", appointment, before, {"beneficiary": None}, label=label(appointment)
        )


def report_initial(appointment) -> dict:
    """What the appointment tells of its report: an individual accompaniment, its date, place, duration, themes."""
    minutes = int((appointment.ends_at - appointment.starts_at).total_seconds() // 60)
    return {
        "date": timezone.localdate(appointment.starts_at),
        "location": "lieu_activite",
        "place": appointment.place_id,
        "duration_minutes": minutes,
        "themes": appointment.themes,
        **({"beneficiary": appointment.beneficiary_id} if appointment.beneficiary_id else {}),  # already on file
    }


def link_report(appointment, report, by) -> None:
    """The report written after the appointment: the agenda then shows it done, and the person's file (when the
    report names one) lists the appointment in its history."""
    linked = {"report": report} | ({"beneficiary_id": report.beneficiary_id} if report.beneficiary_id else {})
    with transaction.atomic():
        updated = Appointment.objects.filter(pk=appointment.pk, advisor__user=by).update(**linked)
        if updated:
            journal.record(
                by, "activity.appointment_reported", appointment, None, {"report": report.pk}, label=label(appointment)
            )


def add_rule(advisor, by, values: RuleInput) -> AvailabilityRule:
    with transaction.atomic():
        if not values.place.advisors.filter(pk=advisor.pk).exists():
            raise RuleViolation("Ce lieu n'est plus un de vos lieux d'activité.", field="place")
        rule = AvailabilityRule.objects.create(advisor=advisor, **values.__dict__)
        journal.record(by, "activity.availability_added", rule, None, {"place": rule.place_id, "weekday": rule.weekday})
    return rule


def add_absence(advisor, by, values: AbsenceInput) -> AvailabilityException:
    with transaction.atomic():
        absence = AvailabilityException.objects.create(advisor=advisor, **values.__dict__)
        journal.record(
            by,
            "activity.absence_added",
            absence,
            None,
            {"first_day": str(absence.first_day), "last_day": str(absence.last_day), "reason": absence.reason},
        )
    return absence


def booked_during(advisor, first, last, place=None) -> int:
    """Appointments still booked on those days (the advisor is told to warn the people)."""
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    rows = Appointment.objects.filter(
        advisor=advisor, status=AppointmentStatus.BOOKED, starts_at__gte=start, starts_at__lt=end
    )
    return rows.filter(place=place).count() if place else rows.count()


def remove(row, by) -> None:
    """Remove an availability or an absence; appointments already booked stay."""
    action = "activity.availability_removed" if isinstance(row, AvailabilityRule) else "activity.absence_removed"
    with transaction.atomic():
        journal.record(by, action, row, None, None)
        row.delete()


# ---- reminders and retention -----------------------------------------------------------------------------


def send_due_reminders(now=None) -> tuple[int, int]:
    """E-mail (and text, when an SMS provider is configured) each person booked for tomorrow (or later today).
    Idempotent and safe to run concurrently: each appointment is claimed by a conditional UPDATE first.
    Returns (e-mails, text messages) sent."""
    now = now or timezone.now()
    until = timezone.make_aware(datetime.combine(timezone.localtime(now).date() + timedelta(days=2), time.min))
    due = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED, reminder_sent_at__isnull=True, starts_at__gt=now, starts_at__lt=until
    ).order_by("pk")
    emails = texts = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Appointment.objects.filter(
                pk=pk, reminder_sent_at__isnull=True, status=AppointmentStatus.BOOKED
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            appointment = Appointment.objects.select_related("place__commune").get(pk=pk)
            if appointment.email:
                with timezone.override(appointment.place.time_zone):
                    send_templated_email(
                        "activity/emails/appointment_reminder.txt", _email_context(appointment), [appointment.email]
                    )
                emails += 1
        if appointment.phone and sms.enabled():
            where = appointment.place
            text = (
                f"Rappel : rendez-vous avec un conseiller numérique le {day_at(appointment.starts_at)}, "
                f"{where.name}, {where.address}, {where.commune.name}. Pour annuler : {public_url(appointment)}"
            )
            texts += sms.send(appointment.phone, text)
    return emails, texts


_HOLDING_DATA = ~Q(first_name=ANONYMOUS, email="", phone="", need="")


def anonymise_past(now=None) -> int:
    """The appointments past RETENTION_MONTHS months lose the person's first name, contact and words (as workshop
    registrations do); status, themes and times stay. Idempotent; returns how many were anonymised."""
    now = now or timezone.now()
    roughly = now - timedelta(days=RETENTION_MONTHS * 28)
    rows = Appointment.objects.filter(_HOLDING_DATA, ends_at__lt=roughly).values_list("pk", "ends_at")
    due = [pk for pk, ends_at in rows if anonymisation_due(ends_at) <= now]
    return Appointment.objects.filter(pk__in=due).update(first_name=ANONYMOUS, email="", phone="", need="")
