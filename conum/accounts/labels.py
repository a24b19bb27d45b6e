"""What the accounts app shows elsewhere: its journal actions and its main navigation entries."""

from conum.core.roles import Role

JOURNAL_LABELS: dict[str, str] = {
    "accounts.opened": "Compte ouvert",
    "accounts.activated": "Compte réactivé",
    "accounts.deactivated": "Compte désactivé",
    "accounts.second_factor_set_up": "Double authentification activée",
    "accounts.recovery_code_used": "Code de secours utilisé",
    "accounts.recovery_codes_regenerated": "Codes de secours renouvelés",
    "accounts.second_factor_reset": "Double authentification réinitialisée",
}
# (roles, label, url name, order), registered by apps.py.
NAVIGATION: list[tuple] = [
    (Role.values, "Mon espace", "accounts:space", 0),
    ([Role.NATIONAL_STAFF], "Comptes", "accounts:team", 90),
]
