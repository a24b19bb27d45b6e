"""Where the generated rows live: communes drawn in proportion to their population."""

from conum.territories.loader import load_territories
from conum.territories.models import Commune


def communes_by_population(*fields: str) -> tuple[list[tuple], list[int]]:
    """(rows of `fields` for every commune with coordinates, in code order, and their population weights);
    the communes are loaded first if the database has none."""
    if not Commune.objects.exists():
        load_territories()
    rows = list(Commune.objects.with_coordinates().order_by("code").values_list(*fields, "population"))
    return [row[:-1] for row in rows], [max(1, row[-1]) for row in rows]
