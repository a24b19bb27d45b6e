"""The coordinator's to-dos in "Mon espace" (conum/core/todos.py): its team's alerts and week, two queries."""

from django.urls import reverse
from django.utils import timezone

from conum.core.todos import Todo
from conum.steering.team import members


def team_todos(user) -> list[Todo]:
    page = reverse("team:page")
    quiet = members.quiet_count(user, timezone.localdate())
    return [
        Todo("Conseillers sans compte rendu depuis un mois", quiet, f"{page}#sans-compte-rendu", alert=quiet > 0),
        Todo("Ateliers de l'équipe dans les 7 prochains jours", members.workshops_this_week(user, timezone.now()),
             f"{page}#equipe"),
    ]  # fmt: skip
