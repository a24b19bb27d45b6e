"""The programme's published defaults, and the initial quotas (announced ones, the rest by population)."""

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from conum.territories.models import Departement

MINIMUM_WAGES = [
    (date(2021, 1, 1), Decimal("1554.58")),
    (date(2021, 10, 1), Decimal("1589.47")),
    (date(2022, 1, 1), Decimal("1603.12")),
    (date(2022, 5, 1), Decimal("1645.58")),
    (date(2022, 8, 1), Decimal("1678.95")),
    (date(2023, 1, 1), Decimal("1709.28")),
    (date(2023, 5, 1), Decimal("1747.20")),
    (date(2024, 1, 1), Decimal("1766.92")),
    (date(2024, 11, 1), Decimal("1801.80")),
]

# (hours, minimum positioning test score): the higher the score, the shorter the track.
TRAINING_TRACKS = [(105, 75), (210, 50), (315, 25), (420, 0)]

# The quotas given in the programme's announcement; the rest is split by population.
ANNOUNCED_QUOTAS = {"87": 36, "19": 22, "23": 14}


def largest_remainder(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Split `total` in proportion to `weights` (Hamilton's method): sums exactly to `total`."""
    weight_sum = sum(weights.values())
    if weight_sum <= 0:
        raise ValueError("les poids doivent avoir une somme positive")
    shares = {key: total * weight / weight_sum for key, weight in weights.items()}
    result = {key: int(share) for key, share in shares.items()}
    leftover = total - sum(result.values())
    by_remainder = sorted(shares, key=lambda key: (-(shares[key] - result[key]), -weights[key], key))
    for key in by_remainder[:leftover]:
        result[key] += 1
    return result


def initial_quotas(target: int) -> dict[str, int]:
    """Announced quotas, then the remaining posts split among the other départements by population."""
    populations = dict(
        Departement.objects.annotate(population=Sum("communes__population")).values_list("code", "population")
    )
    others = {code: population or 0 for code, population in populations.items() if code not in ANNOUNCED_QUOTAS}
    fixed = {code: posts for code, posts in ANNOUNCED_QUOTAS.items() if code in populations}
    return fixed | largest_remainder(target - sum(fixed.values()), others)
