"""What a visitor without an account sees in the header."""

from conum.core.navigation import VISITOR

# (roles, label, url name, order), registered by apps.py.
NAVIGATION: list[tuple] = [
    ([VISITOR], "Trouver de l'aide", "public:search", 10),
    ([VISITOR], "Ateliers", "public:workshops", 20),
    ([VISITOR], "Trouver mon niveau", "public:self_assessment", 30),
]
