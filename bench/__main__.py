"""Benchmarks: `uv run python -m bench <scenario>` (numbers printed, never asserted).

The database is SQLite under var/bench/ unless DATABASE_URL is set (use a throw-away database:
scenarios write to it). Pages are measured as production serves them: DEBUG off (compiled templates never
checked for changes), with a throw-away secret key.
"""

import os
import secrets
import sys
from pathlib import Path

PRODUCTION_LIKE = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "localhost,127.0.0.1",
    "SECURE": "false",  # the test client speaks plain http
    "STATIC_MANIFEST": "false",  # no collectstatic needed
}
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
    "follow_up": "bench.follow_up",
    "all": "bench.all",
    "load": "bench.load",
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in SCENARIOS:
        print(f"usage: python -m bench {{{','.join(SCENARIOS)}}}")
        sys.exit(2)
    for name, value in PRODUCTION_LIKE.items():
        os.environ.setdefault(name, value)
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
