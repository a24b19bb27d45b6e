"""The places open-data export in the national schema, as a visitor downloads it.

`uv run python -m bench opendata [--scale national|small]`: the CSV and JSON files read to the end (streamed
responses, 2,000 places per query), and the naive way: every place loaded alone with its commune and
structure fetched one query each, as a template loop over `Place.objects.all()` would.
"""

from django.db import connection
from django.test import Client

from conum.activity.models import Place
from conum.steering import opendata

from .public_search import fill
from .scale import scale_from
from .timing import measure, measure_get, ratio, report


def _naive_csv() -> int:
    rows = 0
    for place in Place.objects.filter(archived_at__isnull=True).order_by("pk"):  # commune, structure: lazy
        opendata.place_record(place)
        rows += 1
    return rows


def run(args):
    scale = scale_from(args)
    fill(scale.places, scale.workshops)
    published = opendata.published_places().count()
    print(f"database: {connection.vendor}; {published:,} published places")
    client = Client(SERVER_NAME="localhost")
    csv = measure_get(client, "/donnees-ouvertes/lieux-de-mediation-numerique.csv", repeat=5, floor=False)
    lines = csv[3].count("\n") - 1
    assert lines >= published, (lines, published)  # multi-line cells may add lines, never remove them
    report(f"GET places CSV ({len(csv[3]) / 1e6:.1f} MB)", *csv[:3])
    json = measure_get(client, "/donnees-ouvertes/lieux-de-mediation-numerique.json", repeat=5, floor=False)
    report(f"GET places JSON ({len(json[3]) / 1e6:.1f} MB)", *json[:3])
    naive = measure(_naive_csv, repeat=2)
    report("naive: one place at a time, relations fetched one by one", *naive[:3])
    ratio("CSV export", naive[0], csv[0])
