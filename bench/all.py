"""`uv run python -m bench all [--scale national|small]`: generate, then every scenario in turn."""

import importlib
import time

from . import generate

SCENARIOS = ["statistics", "public_search", "opendata", "api", "reports", "matching", "candidates", "follow_up"]


def run(args):
    generate.run(args)
    for name in SCENARIOS:
        print(f"\n===== {name} =====", flush=True)
        started = time.monotonic()
        importlib.import_module(f"bench.{name}").run(args)
        print(f"===== {name}: {time.monotonic() - started:.1f} s", flush=True)
