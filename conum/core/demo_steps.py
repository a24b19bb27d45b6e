"""The demo command's steps: each Conum app may have a `demo` module with a `populate(out)` function.

Apps run in the order of INSTALLED_APPS (lower layers first), so later issues add their
demo data by adding a module, without touching the command.
"""

import importlib
import time

from django.apps import apps


def demo_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("conum."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise


def timed(out, label, function, *args, **kwargs):
    started = time.monotonic()
    out.write(f"… {label}")
    result = function(*args, **kwargs)
    out.write(f"✓ {label} ({time.monotonic() - started:.1f} s)")
    return result
