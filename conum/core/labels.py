"""The core app's main navigation entries (its journal page)."""

from .roles import Role

# (roles, label, url name, order), registered by apps.py.
NAVIGATION: list[tuple] = [
    ([Role.NATIONAL_STAFF], "Journal", "core:journal", 95),
]
