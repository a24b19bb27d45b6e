"""Territory loading, commune search and distance search.

Each distance figure comes with the naive way (haversine on every commune) measured in the same run.
"""

import time

from django.db import connection

from conum.territories.distance import Point, haversine_km, within
from conum.territories.loader import load_territories
from conum.territories.models import Commune
from conum.territories.search import search_communes

from .timing import measure, report


def _naive_within(center, radius_km):
    found = []
    for commune in Commune.objects.with_coordinates().select_related("departement"):
        distance = haversine_km(center, Point(commune.latitude, commune.longitude))
        if distance <= radius_km:
            commune.distance_km = distance
            found.append(commune)
    return sorted(found, key=lambda c: c.distance_km)


def run(args):
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    for attempt in ("first (or update) load", "second load (idempotent)"):
        started = time.monotonic()
        report_ = load_territories()
        print(f"load_territories, {attempt:<26} {time.monotonic() - started:6.2f} s   {report_.counts}")

    for query in ["st junien", "saint", "87200", "lim", "paris"]:
        report(f"search_communes({query!r})", *measure(lambda q=query: search_communes(q, 10))[:3])

    limoges = Commune.objects.get(code="87085")
    center = Point(limoges.latitude, limoges.longitude)
    base = Commune.objects.select_related("departement")
    for radius in (5, 20, 50):
        fast = measure(lambda r=radius: within(base, center, r), repeat=20)
        naive = measure(lambda r=radius: _naive_within(center, r), repeat=5)
        assert [c.code for c in fast[3]] == [c.code for c in naive[3]], "bounding box lost communes"
        report(f"within(Limoges, {radius} km): {len(fast[3])} communes", *fast[:3])
        report(f"  naive haversine on all {Commune.objects.count()} communes", *naive[:3])
        print(f"  ratio naive / bounding box: {naive[0] / fast[0]:.0f}x")
