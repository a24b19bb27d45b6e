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
    with tqdm(total=expected, desc="Chargement des communes", unit=" communes") as bar:
        report = load_territories(on_batch=bar.update)
    elapsed = bar.format_dict["elapsed"]
    counts = ", ".join(f"{n} {label}" for label, n in report.counts.items())
    out.write(f"✓ Territoires chargés en {elapsed:.1f} s : {counts}")
