"""The steering app's main navigation entries and the coordinator's to-dos (it records no journal action)."""

from conum.core.roles import Role
from conum.steering.team.worklist import team_worklist

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

# (roles, provider) for "Mon espace" (conum/core/worklist.py), registered by apps.py.
WORKLIST = [([Role.COORDINATOR], team_worklist)]
