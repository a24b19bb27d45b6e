"""Benchmarks: `uv run python -m bench <scenario>` (numbers printed, never asserted).

The database is SQLite under var/bench/ unless DATABASE_URL is set (use a throw-away database:
scenarios write to it).
"""

import os
import sys
from pathlib import Path

SCENARIOS = {
    "generate": "bench.generate",
    "territories": "bench.territories",
    "matching": "bench.matching",
    "public_search": "bench.public_search",
    "statistics": "bench.statistics",
    "candidates": "bench.candidates",
    "opendata": "bench.opendata",
    "api": "bench.api",
    "reports": "bench.reports",
    "import_places": "bench.import_places",
    "all": "bench.all",
    "load": "bench.load",
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in SCENARIOS:
        print(f"usage: python -m bench {{{','.join(SCENARIOS)}}}")
        sys.exit(2)
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("CONUM_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conum.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from conum.cli import create_local_folders

    create_local_folders()
    call_command("migrate", verbosity=0)
    __import__(SCENARIOS[sys.argv[1]], fromlist=["run"]).run(sys.argv[2:])


main()
