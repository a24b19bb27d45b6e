"""A sparse result is not a dead end: the next distance offered that finds more, and how many it finds.

The searches read once within the largest distance offered, then count within each distance in Python: one
query more, only for the sparse results that need it.
"""

from typing import NamedTuple

from conum.territories.forms import RADIUS_CHOICES

DISTANCES = tuple(distance for distance, _label in RADIUS_CHOICES)
LARGEST = DISTANCES[-1]
# Fewer results than this within the chosen distance: offer to look further.
FEW = 3


class Wider(NamedTuple):
    distance: int
    count: int


def is_sparse(found: int, distance: int) -> bool:
    return found < FEW and distance < LARGEST


def wider(distances_km, chosen: int, found: int) -> Wider | None:
    """The first distance offered beyond `chosen` that finds more than `found`, and its count; `distances_km`
    are the distances of the results within LARGEST. None when even LARGEST finds no more."""
    distances_km = list(distances_km)
    for distance in DISTANCES:
        if distance > chosen:
            count = sum(1 for km in distances_km if km <= distance)
            if count > found:
                return Wider(distance, count)
    return None
