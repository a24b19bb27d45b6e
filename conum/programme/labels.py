"""What the programme app shows elsewhere: its journal actions and its main navigation entries."""

from conum.core.roles import Role

JOURNAL_LABELS: dict[str, str] = {
    "programme.parameters_updated": "Paramètres du programme modifiés",
    "programme.quota_set": "Dotation fixée",
    "programme.initial_quotas_set": "Dotations initiales fixées",
    "programme.minimum_wage_added": "SMIC ajouté",
    "programme.training_track_updated": "Parcours de formation modifié",
}
# (roles, label, url name, order), registered by apps.py.
NAVIGATION: list[tuple] = [
    ([Role.NATIONAL_STAFF], "Paramètres du programme", "programme:parameters", 80),
    ([Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT], "Dotations", "programme:quotas", 70),
]
