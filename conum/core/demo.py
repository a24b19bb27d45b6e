"""Demo volumes: CONUM_DEMO_SCALE (default 1) multiplies the demo's numbers of structures, candidates and
activity reports. The test of `conum demo` builds a demo 25 times smaller (0.04); `uv run conum demo` keeps
its realistic volumes. Territories and the programme are always loaded in full."""

import functools
import os

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from tqdm import tqdm

NATIONAL_STAFF_EMAIL = "equipe-nationale@demo.conum.fr"  # a demo account of conum/accounts/demo.py


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


def once(model, present: str):
    """A demo step's `populate(out)` that runs on a database without `model` rows; where the demo ran before,
    it only writes "✓ <present> (<their count>)"."""

    def decorate(populate):
        @functools.wraps(populate)
        def run(out):
            count = model.objects.count()
            if count:
                out.write(f"✓ {present} ({count})")
                return None
            return populate(out)

        return run

    return decorate


def progress(iterable, label: str, total: int | None = None):
    """A demo step's long loop, with a bar on the terminal (none in a log or a test's captured output)."""
    return tqdm(
        iterable,
        desc=label,
        total=total,
        leave=False,
        disable=None,  # off when stderr is not a terminal
        bar_format="… {desc} : {percentage:3.0f} % |{bar:30}| {n_fmt}/{total_fmt}, encore {remaining}",
    )


def quiet_emails():
    """The workflow's e-mails sent while the demo data is built are kept in memory, not printed on the console."""
    return override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")


def national_staff():
    """The national team's demo account, who takes the national decisions of the demo data."""
    return get_user_model().objects.get(email=NATIONAL_STAFF_EMAIL)


def populate(out):
    if scale() != 1:
        out.write(f"✓ Volumes de démonstration réduits : × {scale():g} (CONUM_DEMO_SCALE)")
