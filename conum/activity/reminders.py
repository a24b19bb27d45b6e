"""The weekly reminder of reports owed (`conum send_report_reminders`): each advisor in post gets the past
workshop sessions and attended appointments it has not reported (the to-do's queries, activity/worklist.py),
each coordinator the same counts for its team. Once per account and week: a `ReportReminder` row is claimed
(unique per account and week) before the e-mail is queued, so a second run, or two at once, sends nothing twice.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from conum.activity.models import Appointment, ReportReminder, Workshop
from conum.activity.worklist import unreported_appointments, unreported_sessions
from conum.core.emails import send_templated_email
from conum.recruitment.models import Advisor

SHOWN = 20  # items listed in an e-mail; the rest are counted


@dataclass
class Owed:
    advisor: Advisor
    sessions: list = field(default_factory=list)
    appointments: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.sessions) + len(self.appointments)


def week_of(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def owed(now: datetime, advisors=None) -> dict[int, Owed]:
    """What each advisor in post (of `advisors`, a queryset, or all) owes, by advisor pk: two queries."""
    advisors = Advisor.objects.in_post() if advisors is None else advisors.filter(in_post=True)
    rows = {}
    sessions = unreported_sessions(Workshop.objects.filter(advisor__in=advisors.values("pk")), now)
    for session in sessions.select_related("place"):
        rows.setdefault(session.advisor_id, []).append(("sessions", session))
    appointments = unreported_appointments(Appointment.objects.filter(advisor__in=advisors.values("pk")))
    for appointment in appointments.select_related("place"):
        rows.setdefault(appointment.advisor_id, []).append(("appointments", appointment))
    people = Advisor.objects.filter(pk__in=rows).select_related("candidate", "user")
    result = {advisor.pk: Owed(advisor) for advisor in people}
    for advisor_id, items in rows.items():
        for kind, item in items:
            getattr(result[advisor_id], kind).append(item)
    return result


def _claimed(user, week: date) -> bool:
    try:
        with transaction.atomic():
            ReportReminder.objects.create(user=user, week=week)
    except IntegrityError:
        return False
    return True


def send_reminders(now: datetime | None = None) -> tuple[int, int]:
    """E-mail this week's reminders not sent yet: (advisors, coordinators) reached."""
    now = now or timezone.now()
    week = week_of(timezone.localdate(now))
    debts = owed(now)
    site = settings.SITE_URL
    advisors_sent = 0
    for debt in sorted(debts.values(), key=lambda item: item.advisor.pk):
        user = debt.advisor.user
        if user is None or not user.is_active or not _claimed(user, week):
            continue
        context = {
            "advisor": debt.advisor,
            "count": debt.count,
            "sessions": debt.sessions[:SHOWN],
            "appointments": debt.appointments[:SHOWN],
            "more_sessions": max(0, len(debt.sessions) - SHOWN),
            "more_appointments": max(0, len(debt.appointments) - SHOWN),
            "reports_url": site + reverse("reports:create"),
            "space_url": site + reverse("accounts:space"),
        }
        send_templated_email("activity/emails/report_reminder.txt", context, [user.email])
        advisors_sent += 1
    teams: dict = {}
    for debt in debts.values():
        if debt.advisor.coordinator_id:
            teams.setdefault(debt.advisor.coordinator_id, []).append(debt)
    coordinators_sent = 0
    coordinators = {row.pk: row for row in get_user_model().objects.filter(pk__in=teams)}
    for pk in sorted(teams):
        coordinator = coordinators[pk]
        if not coordinator.is_active or not _claimed(coordinator, week):
            continue
        team = sorted(teams[pk], key=lambda debt: (debt.advisor.full_name, debt.advisor.pk))
        context = {"team": team, "team_url": site + reverse("team:page")}
        send_templated_email("activity/emails/report_reminder_team.txt", context, [coordinator.email])
        coordinators_sent += 1
    return advisors_sent, coordinators_sent
