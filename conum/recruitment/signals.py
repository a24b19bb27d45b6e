"""Recruitment's receivers of the structures workflow's signals (connected in RecruitmentConfig.ready)."""

from .enums import POST_HOLDING_STATUSES
from .models import Match
from .tasks import match_application


def recruited_advisors(sender, application, **kwargs) -> int:
    """The application's posts held by recruited advisors (answers `count_recruited_advisors`)."""
    return Match.objects.filter(application=application, status__in=POST_HOLDING_STATUSES).count()


def rematch(sender, application_id, **kwargs) -> None:
    """The application's granted posts changed (committed): its matching runs again in the background."""
    match_application.enqueue(application_id)
