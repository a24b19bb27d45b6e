"""The coordinator's to-dos in "Mon espace" (conum/core/worklist.py): its team's alerts and week, two queries."""

from django.urls import reverse
from django.utils import timezone

from conum.core.worklist import WorkItem
from conum.steering.team import members


def team_worklist(user) -> list[WorkItem]:
    page = reverse("team:page")
    quiet = members.quiet_count(user, timezone.localdate())
    return [
        WorkItem("Conseillers sans compte rendu depuis un mois", quiet, f"{page}#sans-compte-rendu", alert=quiet > 0),
        WorkItem("Ateliers de l'équipe dans les 7 prochains jours", members.workshops_this_week(user, timezone.now()),
             f"{page}#equipe"),
    ]  # fmt: skip
