"""Commune search by name prefix or postal code, largest population first."""

import re

from .models import Commune
from .text import search_key

POSTAL_PREFIX = re.compile(r"^\d{2,5}$")
# The label the autocomplete offers, and which the form field reads back: "Saint-Junien (87200)".
LABEL = re.compile(r"^(?P<name>.+?)\s*\((?P<postal_code>\d{5})\)\s*$")
MAX_RESULTS = 20


def search_communes(query: str, limit: int = 10) -> list[Commune]:
    query = (query or "").strip()
    limit = max(1, min(limit, MAX_RESULTS))
    communes = Commune.objects.select_related("departement")
    if POSTAL_PREFIX.match(query):
        communes = communes.filter(postal_code_rows__code__startswith=query).distinct()
    else:
        key = search_key(query)
        if len(key) < 2:
            return []
        communes = communes.filter(search_name__startswith=key)
    return list(communes.order_by("-population", "name")[:limit])


def commune_label(commune: Commune) -> str:
    return f"{commune.name} ({commune.main_postal_code})" if commune.main_postal_code else commune.name


def resolve_commune(text: str) -> tuple[Commune | None, list[Commune]]:
    """Read what a person typed into a commune field.

    Returns (the commune, []) when the text designates exactly one commune, else
    (None, candidates): several communes to choose from, or none at all.
    """
    text = (text or "").strip()
    label = LABEL.match(text)
    if label:
        matches = list(
            Commune.objects.select_related("departement").filter(
                search_name=search_key(label["name"]), postal_code_rows__code=label["postal_code"]
            )
        )
        if len(matches) == 1:
            return matches[0], []
    candidates = search_communes(text, limit=10)
    if len(candidates) == 1:
        return candidates[0], []
    exact = [c for c in candidates if c.search_name == search_key(text)]
    if len(exact) == 1 and not POSTAL_PREFIX.match(text):
        return exact[0], []
    return None, candidates
