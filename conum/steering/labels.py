"""The steering app's main navigation entries and the coordinator's to-dos (it records no journal action)."""

from conum.core.roles import Role
from conum.steering.team.todos import team_todos

# (roles, label, url name, order), registered by apps.py.
NAVIGATION: list[tuple] = [
    ([Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT], "Pilotage", "steering:deployment", 5),
    (
        [Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT, Role.STRUCTURE_MANAGER, Role.COORDINATOR],
        "Statistiques",
        "steering:statistics",
        85,
    ),
    ([Role.COORDINATOR], "Mon équipe", "team:page", 80),
]

# (roles, provider) for "Mon espace" (conum/core/todos.py), registered by apps.py.
TODOS = [([Role.COORDINATOR], team_todos)]
