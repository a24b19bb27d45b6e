"""The steering app's main navigation entries (it records no journal action)."""

from conum.core.roles import Role

# (roles, label, url name, order), registered by apps.py.
NAVIGATION: list[tuple] = [
    ([Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT], "Pilotage", "steering:deployment", 5),
    (
        [Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT, Role.STRUCTURE_MANAGER, Role.COORDINATOR],
        "Statistiques",
        "steering:statistics",
        85,
    ),
]
