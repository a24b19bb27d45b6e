"""The coordinator's team: the advisors in post it follows, each with its places, workshops and reports.

One query for the advisors (their figures are subqueries), one for their places: the number of queries does
not grow with the team. Reports count by the date of the accompaniment, as the statistics do.
"""

from datetime import date, datetime, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from conum.activity.models import ActivityReport, Place, Workshop
from conum.core.dates import add_months, month_start
from conum.recruitment.models import Advisor

WEEK = timedelta(days=7)


def quiet_since(today: date) -> date:
    """An advisor in post since this day without any report dated from this day on has reported nothing for a
    month; a newcomer of less than a month is not flagged (it may still be in training)."""
    return add_months(today, -1)


def members(coordinator) -> QuerySet:
    """The advisors in post that `coordinator` follows, by name."""
    return (
        Advisor.objects.for_coordinator(coordinator)
        .in_post()
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )


def with_quiet(advisors: QuerySet, today: date) -> QuerySet:
    """`advisors` annotated with `quiet`: in post for a month, without any report dated within it."""
    since = quiet_since(today)
    recent = ActivityReport.objects.live().filter(advisor=OuterRef("pk"), date__gte=since)
    quiet = When(~Exists(recent), hired_on__lte=since, then=Value(True))
    return advisors.annotate(quiet=Case(quiet, default=Value(False), output_field=BooleanField()))


def _count(rows: QuerySet):
    """The number of `rows` of the outer advisor, as a subquery (0 rather than nothing)."""
    counted = rows.order_by().values("advisor").annotate(number=Count("pk")).values("number")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def team_table(coordinator, today: date, now: datetime) -> list[Advisor]:
    """The team, each advisor annotated with its figures and `active_places` (not archived): two queries."""
    this_month, last_month = month_start(today), month_start(today, -1)
    reports = ActivityReport.objects.live().filter(advisor=OuterRef("pk"))
    upcoming = Workshop.objects.upcoming(now).filter(advisor=OuterRef("pk"))
    active_places = Place.objects.filter(archived_at__isnull=True).order_by("name", "pk")
    advisors = (
        with_quiet(members(coordinator), today)
        .select_related("candidate", "structure__commune")
        .annotate(
            last_report=Subquery(reports.order_by("-date").values("date")[:1]),
            reports_this_month=_count(reports.filter(date__gte=this_month, date__lte=today)),
            reports_last_month=_count(reports.filter(date__gte=last_month, date__lt=this_month)),
            upcoming_workshops=_count(upcoming),
            next_workshop=Subquery(upcoming.order_by("starts_at").values("starts_at")[:1]),
        )
        .prefetch_related(Prefetch("places", queryset=active_places, to_attr="active_places"))
    )
    return list(advisors)


def quiet_count(coordinator, today: date) -> int:
    return with_quiet(members(coordinator), today).filter(quiet=True).count()


def workshops_this_week(coordinator, now: datetime) -> int:
    """The team's sessions in the next 7 days, not cancelled."""
    upcoming = Workshop.objects.upcoming(now).filter(starts_at__lt=now + WEEK)
    return upcoming.filter(advisor__in=members(coordinator).values("pk")).count()
