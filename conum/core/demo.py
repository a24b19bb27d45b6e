"""Demo volumes: CONUM_DEMO_SCALE (default 1) multiplies the demo's numbers of structures, candidates and
activity reports. The test of `conum demo` builds a demo ten times smaller (0.1); `uv run conum demo` keeps
its realistic volumes. Territories and the programme are always loaded in full."""

import os

from django.core.exceptions import ImproperlyConfigured


def scale() -> float:
    value = os.environ.get("CONUM_DEMO_SCALE", "").strip() or "1"
    try:
        factor = float(value)
    except ValueError:
        factor = 0
    if not 0 < factor <= 1:
        raise ImproperlyConfigured(f"CONUM_DEMO_SCALE={value!r} : un nombre entre 0 (exclu) et 1 est attendu.")
    return factor


def scaled(volume: int) -> int:
    """`volume` times the demo scale, at least 1."""
    return max(1, round(volume * scale()))


def populate(out):
    if scale() != 1:
        out.write(f"✓ Volumes de démonstration réduits : × {scale():g} (CONUM_DEMO_SCALE)")
