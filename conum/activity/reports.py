"""Reports: rules and transitions of the advisors' reports (see the module's functions)."""

# French labels of the journal actions this module records (registered by apps.py).
JOURNAL_LABELS: dict[str, str] = {}
# (roles, label, url name, order) of the main navigation entries this area adds (registered by apps.py).
NAVIGATION: list[tuple] = []
