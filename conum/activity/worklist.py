"""What an advisor has to do with its workshops (core.worklist): the sessions of the week, the reports owed, the
people waiting for a seat. Only while the advisor holds a post: the pages linked need one."""

from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from conum.core.worklist import WorkItem

from .enums import AppointmentStatus, RegistrationStatus
from .models import ActivityReport, Appointment, Registration, Workshop
from .places.duplicates import pending_pairs


def week_end(today) -> datetime:
    """Next Monday at midnight, local time: the end of the current week."""
    return timezone.make_aware(datetime.combine(today + timedelta(days=7 - today.weekday()), time.min))


def unreported_sessions(sessions, now):
    """The sessions of `sessions` that ended before `now`, not cancelled, without a live report: what the to-do
    and the weekly reminder (activity/reminders.py) both list, oldest first."""
    reported = ActivityReport.objects.live().filter(workshop=OuterRef("pk"))
    ended = sessions.filter(cancelled_at__isnull=True, ends_at__lt=now)
    return ended.exclude(Exists(reported)).order_by("starts_at", "pk")


def unreported_appointments(appointments):
    """The appointments of `appointments` the person came to and no report completed yet (absent ones need
    none; unmarked ones are the agenda's to-do first)."""
    return appointments.filter(status=AppointmentStatus.ATTENDED, report__isnull=True).order_by("starts_at", "pk")


def advisor_worklist(user) -> list[WorkItem]:
    now = timezone.now()
    sessions = Workshop.objects.for_user(user).filter(advisor__in_post=True, cancelled_at__isnull=True)
    # As the list of upcoming sessions shows them (ended after now), up to Sunday night.
    this_week = sessions.filter(ends_at__gte=now, starts_at__lt=week_end(timezone.localdate()))
    unreported = unreported_sessions(sessions, now)
    waiting = Registration.objects.for_user(user).filter(
        status=RegistrationStatus.WAITLISTED,
        workshop__advisor__in_post=True,
        workshop__cancelled_at__isnull=True,
        workshop__ends_at__gte=now,
    )
    unreported_count = unreported.count()
    # The oldest session owed a report: its report form, filled in from the session (a report at a time).
    oldest = unreported.values_list("pk", flat=True).first() if unreported_count else None
    report_url = f"{reverse('reports:create')}?atelier={oldest}" if oldest else reverse("workshops:list")
    workshops_url = reverse("workshops:list")
    appointments = unreported_appointments(Appointment.objects.for_user(user).filter(advisor__in_post=True))
    appointments_count = appointments.count()
    items = []
    if appointments_count:
        items.append(WorkItem("Rendez-vous sans compte rendu", appointments_count, reverse("appointments:agenda"),
                              alert=True))  # fmt: skip
    return [
        *items,
        WorkItem("Séances passées sans compte rendu", unreported_count, report_url, alert=True),
        WorkItem("Séances à venir cette semaine", this_week.count(), workshops_url),
        WorkItem("Personnes en liste d'attente sur vos prochaines séances", waiting.count(), workshops_url),
    ]


def national_worklist(user) -> list[WorkItem]:
    """The possible duplicate places an import left for the national team to judge."""
    count = pending_pairs().for_user(user).count()
    return [WorkItem("Doublons possibles de lieux à examiner", count, reverse("places:duplicates"))] if count else []
