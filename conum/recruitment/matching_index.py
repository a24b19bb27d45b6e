"""The nearest suitable open applications of many candidates at once: a k-d tree per territory (matching.py).

Commune centres become unit vectors, so that the straight-line (chord) distance between two of them grows
with the great-circle distance: the k nearest by chord are the k nearest on the sphere, and a mobility
radius becomes a chord bound. All the candidates of a territory are queried in one vectorised call; those
whose k nearest did not hold enough available applications are asked again with a larger k, so that the
cost follows the number of candidates, not the emptiness of the map around them. The exact haversine is
then computed for the few pairs kept, and ties are broken by application id exactly as before.
"""

import math
from collections import defaultdict

import numpy as np
from scipy.spatial import cKDTree

from conum.territories.distance import EARTH_RADIUS_KM

FIRST_K = 48  # neighbours asked first; doubled for the candidates it did not settle
# Chord slack (unit sphere, about 6 µm): pairs this close to a cut-off are decided by the exact haversine.
CHORD_EPSILON = 1e-9


def unit_vectors(latitudes, longitudes) -> np.ndarray:
    phi, lam = np.radians(np.asarray(latitudes, dtype=float)), np.radians(np.asarray(longitudes, dtype=float))
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def chord_of_km(distance_km) -> np.ndarray:
    """The chord on the unit sphere of a great-circle distance (beyond half the globe: the diameter)."""
    angle = np.minimum(np.asarray(distance_km, dtype=float) / EARTH_RADIUS_KM, math.pi)
    return 2 * np.sin(angle / 2)


def shortlists(candidates, applications, wanted: int):
    """For each candidate row, the indexes into `applications` that may be among its `wanted` nearest.

    `candidates`: (latitude, longitude, mobility in km or 0 for any distance, available_from ordinal) per row;
    `applications`: (latitude, longitude, latest_availability ordinal) per row, one territory. Yields
    (candidate row, array of application indexes): every suitable application within the mobility (chord
    bound with slack) that is nearer than the `wanted`-th suitable one, or as near up to the slack.
    """
    count = len(applications)
    if not count or not len(candidates):
        return
    app_lat, app_lon, app_latest = (np.asarray(column) for column in zip(*applications, strict=True))
    tree = cKDTree(unit_vectors(app_lat, app_lon))
    app_latest = np.append(app_latest.astype(np.int64), np.iinfo(np.int64).min)  # index `count`: missing
    lat, lon, mobility, available_from = (np.asarray(column) for column in zip(*candidates, strict=True))
    points = unit_vectors(lat, lon)
    bounds = np.where(mobility > 0, chord_of_km(mobility) + CHORD_EPSILON, np.inf)
    available_from = available_from.astype(np.int64)
    pending = np.arange(len(candidates))
    k = min(FIRST_K, count)
    while len(pending):
        # cKDTree takes one bound for all; candidates are grouped by mobility (a handful of values).
        settled = []
        for bound in np.unique(bounds[pending]):
            rows = pending[bounds[pending] == bound]
            distances, indexes = tree.query(points[rows], k=k, distance_upper_bound=bound)
            if k == 1:
                distances, indexes = distances[:, None], indexes[:, None]
            suitable = app_latest[indexes] >= available_from[rows, None]
            rank = np.cumsum(suitable, axis=1)
            enough = rank[:, -1] >= wanted
            # The chord of the `wanted`-th suitable application (inf when fewer were found).
            position = np.argmax(rank >= wanted, axis=1)
            cut = np.where(enough, distances[np.arange(len(rows)), position], np.inf)
            keep = suitable & (distances <= cut[:, None] + CHORD_EPSILON)
            # Settled: the query ran out of neighbours within the bound, or everything was asked, or the
            # k-th neighbour is beyond the cut (no tie with an unseen one).
            done = np.isinf(distances[:, -1]) | (k >= count) | (enough & (distances[:, -1] > cut + CHORD_EPSILON))
            for row, row_keep, row_indexes in zip(rows[done], keep[done], indexes[done], strict=True):
                yield row, row_indexes[row_keep]
            settled.append(rows[done])
        pending = np.setdiff1d(pending, np.concatenate(settled), assume_unique=True)
        k = min(2 * k, count)


def by_territory(items, territory_of_item) -> dict:
    grouped = defaultdict(list)
    for item in items:
        grouped[territory_of_item(item)].append(item)
    return grouped
