import time

from tqdm import tqdm

from .loader import DATA_DIR, load_territories
from .models import Commune


def _expected_communes() -> int:
    with open(DATA_DIR / "communes.csv", encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def populate(out):
    expected = _expected_communes()
    if Commune.objects.count() == expected:
        out.write(f"✓ Territoires déjà chargés ({expected} communes)")
        return
    started = time.monotonic()
    # Like the other steps' bars: on a terminal only (disable=None), gone once the step prints its line.
    with tqdm(total=expected, desc="Chargement des communes", unit=" communes", disable=None, leave=False) as bar:
        report = load_territories(on_batch=bar.update)
    elapsed = time.monotonic() - started
    counts = ", ".join(f"{n} {label}" for label, n in report.counts.items())
    out.write(f"✓ Territoires chargés en {elapsed:.1f} s : {counts}")
