"""What an advisor has to do with its appointments (core.worklist): the ones of the week, and those past whose
venue is not noted yet."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from conum.activity.enums import AppointmentStatus
from conum.activity.models import Appointment
from conum.activity.worklist import week_end
from conum.core.worklist import WorkItem

LOOK_BACK_DAYS = 31  # past a month, an unmarked appointment is not a to-do any more


def appointments_worklist(user) -> list[WorkItem]:
    now = timezone.now()
    booked = Appointment.objects.for_user(user).filter(advisor__in_post=True, status=AppointmentStatus.BOOKED)
    this_week = booked.filter(starts_at__gte=now, starts_at__lt=week_end(timezone.localdate())).count()
    unmarked = booked.filter(starts_at__lt=now, starts_at__gte=now - timedelta(days=LOOK_BACK_DAYS)).count()
    agenda = reverse("appointments:agenda")
    items = [WorkItem("Rendez-vous à venir cette semaine", this_week, agenda)]
    if unmarked:
        items.insert(0, WorkItem("Rendez-vous passés dont la venue n'est pas notée", unmarked, agenda, alert=True))
    return items
