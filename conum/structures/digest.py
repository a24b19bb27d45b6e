"""The daily digest: each prefecture account receives the applications submitted in its territory."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from conum.accounts.models import User
from conum.core.emails import send_templated_email
from conum.core.roles import Role

from .models import StructureApplication


def send_prefecture_digests(now=None, period=timedelta(days=1)) -> int:
    """E-mail every active prefecture account the applications of the last `period`; returns e-mails sent."""
    now = now or timezone.now()
    since = now - period
    recent = list(
        StructureApplication.objects.filter(submitted_at__gte=since, submitted_at__lt=now).select_related(
            "structure__commune", "structure__departement"
        )
    )
    sent = 0
    agents = User.objects.filter(role=Role.PREFECTURE_AGENT, is_active=True).select_related("region")
    for agent in agents:
        codes = set(agent.departement_codes)
        mine = [application for application in recent if application.structure.departement_id in codes]
        if mine:
            context = {"agent": agent, "applications": mine, "since": since, "site_url": settings.SITE_URL}
            send_templated_email("structures/emails/prefecture_digest.txt", context, [agent.email])
            sent += 1
    return sent
