"""Where the generated rows live: communes drawn in proportion to their population."""

from conum.structures.models import HostStructure
from conum.territories.loader import load_territories
from conum.territories.models import Commune


def communes_by_population(*fields: str) -> tuple[list[tuple], list[int]]:
    """(rows of `fields` for every commune with coordinates, in code order, and their population weights);
    the communes are loaded first if the database has none."""
    if not Commune.objects.exists():
        load_territories()
    rows = list(Commune.objects.with_coordinates().order_by("code").values_list(*fields, "population"))
    return [row[:-1] for row in rows], [max(1, row[-1]) for row in rows]


def bench_structure(
    prefix: str, index: int, label: str, email_domain: str, commune: str, departement: str
) -> HostStructure:
    """An unsaved host structure of the benchmark data; `prefix` keeps each scenario's rows apart (SIRET)."""
    return HostStructure(
        siret=f"{prefix}{index:013d}",
        name=f"{label} {index}",
        type="commune",
        address="-",
        commune_id=commune,
        departement_id=departement,
        contact_first_name="-",
        contact_last_name="-",
        contact_role="-",
        contact_email=f"s{index}{email_domain}",
        contact_phone="+33500000000",
    )
