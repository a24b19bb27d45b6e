"""The coordinator's space: the advisors it follows, their places, workshops and reports, and who is quiet."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from conum.core.dates import month_start
from conum.core.permissions import role_required
from conum.core.phones import readable_phone
from conum.core.roles import Role
from conum.steering.statistics.scopes import kinds_for
from conum.steering.team import members


def _statistics_query(kind: str, code: str) -> str:
    return urlencode({"perimetre": kind, "code": code})


@role_required(Role.COORDINATOR)
def team_page(request):
    user, today, now = request.user, timezone.localdate(), timezone.now()
    team = members.team_table(user, today, now)
    kinds = kinds_for(user)
    for advisor in team:
        advisor.readable_phone = readable_phone(advisor.candidate.phone) if advisor.candidate.phone else ""
        advisor.statistics_query = _statistics_query("conseiller", str(advisor.pk)) if "conseiller" in kinds else ""
    context = {
        "team": team,
        "quiet": [advisor for advisor in team if advisor.quiet],
        "quiet_since": members.quiet_since(today),
        "reports_this_month": sum(advisor.reports_this_month for advisor in team),
        "reports_last_month": sum(advisor.reports_last_month for advisor in team),
        "upcoming_workshops": sum(advisor.upcoming_workshops for advisor in team),
        "this_month": today,
        "last_month": month_start(today, -1),
        "team_statistics_query": _statistics_query("equipe", str(user.pk)) if "equipe" in kinds else "",
        "advisor_statistics": "conseiller" in kinds,
    }
    return render(request, "steering/team/page.html", context)
