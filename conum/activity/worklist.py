"""What an advisor has to do with its workshops (core.worklist): the sessions of the week, the reports owed, the
people waiting for a seat. Only while the advisor holds a post: the pages linked need one."""

from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from conum.core.worklist import WorkItem

from .enums import RegistrationStatus
from .models import ActivityReport, Registration, Workshop


def week_end(today) -> datetime:
    """Next Monday at midnight, local time: the end of the current week."""
    return timezone.make_aware(datetime.combine(today + timedelta(days=7 - today.weekday()), time.min))


def advisor_worklist(user) -> list[WorkItem]:
    now = timezone.now()
    sessions = Workshop.objects.for_user(user).filter(advisor__in_post=True, cancelled_at__isnull=True)
    # As the list of upcoming sessions shows them (ended after now), up to Sunday night.
    this_week = sessions.filter(ends_at__gte=now, starts_at__lt=week_end(timezone.localdate()))
    reported = ActivityReport.objects.live().filter(workshop=OuterRef("pk"))
    unreported = sessions.filter(ends_at__lt=now).exclude(Exists(reported)).order_by("starts_at", "pk")
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
    return [
        WorkItem("Séances passées sans compte rendu", unreported_count, report_url, alert=True),
        WorkItem("Séances à venir cette semaine", this_week.count(), workshops_url),
        WorkItem("Personnes en liste d'attente sur vos prochaines séances", waiting.count(), workshops_url),
    ]
