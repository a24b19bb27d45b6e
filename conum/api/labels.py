"""What the API app shows elsewhere: its journal actions and its main navigation entries."""

from conum.core.roles import Role

JOURNAL_LABELS: dict[str, str] = {
    "api.client_created": "Client de l'API créé",
    "api.client_revoked": "Client de l'API révoqué",
}
# (roles, label, url name, order), registered by apps.py.
NAVIGATION: list[tuple] = [
    ([Role.NATIONAL_STAFF], "Clients API", "api_clients:list", 92),
]
