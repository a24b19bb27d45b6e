"""Recruitment's receivers: of the structures workflow's signals, and of signing in (imported by
RecruitmentConfig.ready, which connects them)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from conum.structures import signals as structures_signals

from . import candidacy
from .enums import POST_HOLDING_STATUSES
from .models import Match
from .tasks import match_application

# Signing in proves the mailbox (the password came from an e-mailed link): confirm the candidacy.
user_logged_in.connect(candidacy.confirm_on_login, dispatch_uid="recruitment_confirm_on_login")


@receiver(structures_signals.count_recruited_advisors, dispatch_uid="recruitment_recruited_advisors")
def recruited_advisors(sender, application, **kwargs) -> int:
    """The application's posts held by recruited advisors (answers `count_recruited_advisors`)."""
    return Match.objects.filter(application=application, status__in=POST_HOLDING_STATUSES).count()


@receiver(structures_signals.granted_posts_changed, dispatch_uid="recruitment_rematch")
def rematch(sender, application_id, **kwargs) -> None:
    """The application's granted posts changed (committed): its matching runs again in the background."""
    match_application.enqueue(application_id)
