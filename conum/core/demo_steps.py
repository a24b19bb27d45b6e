"""The demo command's steps: each Conum app may have a `demo` module with a `populate(out)` function, and a
`summary(out)` that the command prints at the end, after every step (the accounts to sign in with).

Apps run in the order of INSTALLED_APPS (lower layers first), so later issues add their
demo data by adding a module, without touching the command. A step longer than a few seconds shows that it
is working: with a bar of its own (conum.core.demo.progress), else with its elapsed time (Heartbeat).
"""

import importlib
import sys
import threading
import time
from contextlib import contextmanager

from django.apps import apps
from django.db import OperationalError, connection
from django.db.backends.signals import connection_created
from tqdm import tqdm

HEARTBEAT_AFTER_SECONDS = 3
STEP_TIME_AFTER_SECONDS = 1  # a longer step prints its time after its lines


def demo_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("conum."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise


def step_label(module) -> str:
    """The French name of the app a demo module belongs to ("Activité des conseillers")."""
    return apps.get_containing_app_config(module.__name__).verbose_name


def run_steps(out) -> None:
    for module in demo_modules():
        started = time.monotonic()
        with Heartbeat(step_label(module), out) as step_out:
            module.populate(step_out)
        elapsed = time.monotonic() - started
        if elapsed >= STEP_TIME_AFTER_SECONDS:
            out.write(f"  ({step_label(module)} : {elapsed:.1f} s)")


def write_summaries(out) -> None:
    for module in demo_modules():
        if hasattr(module, "summary"):
            module.summary(out)


# While the demo is built on SQLite: a write-ahead log that is not synced to disk at each commit (the workflow
# commits once per structure, contract, payment: thousands of disk syncs), a larger page cache for the
# indexes of the 200,000 reports. An interrupted build leaves a consistent file (SQLite keeps the log's
# committed transactions); only a power cut could lose more, and the demo is built again. The server uses the
# defaults.
BUILD_PRAGMAS = ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=OFF", "PRAGMA cache_size=-131072"]
SERVE_PRAGMAS = ["PRAGMA synchronous=FULL", "PRAGMA journal_mode=DELETE"]


@contextmanager
def fast_build():
    """SQLite's BUILD_PRAGMAS on the command's connection (and any it reopens) while the demo is built (not
    inside a transaction, where SQLite cannot change its journal)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return

    def configure(sender, connection, **kwargs):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for pragma in BUILD_PRAGMAS:
                    cursor.execute(pragma)

    connection_created.connect(configure)
    try:
        connection.ensure_connection()
        configure(None, connection)
        yield
    finally:
        connection_created.disconnect(configure)
        try:
            with connection.cursor() as cursor:
                for pragma in SERVE_PRAGMAS:
                    cursor.execute(pragma)
        except OperationalError:  # another process has the file open: it stays in WAL mode, which works too
            pass


def timed(out, label, function, *args, **kwargs):
    started = time.monotonic()
    with Heartbeat(label, out):
        result = function(*args, **kwargs)
    out.write(f"✓ {label} ({time.monotonic() - started:.1f} s)")
    return result


class Heartbeat:
    """On a terminal, while a step runs: "… <label> : 12 s" in place on stderr, once the step has run for
    HEARTBEAT_AFTER_SECONDS, and while no progress bar of its own (tqdm) is showing. Used as the step's `out`,
    it clears that line before each of the step's own lines."""

    def __init__(self, label, out, stream=None):
        self.label, self.out = label, out
        self.stream = stream or sys.stderr
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.showing = False
        self.thread = None

    def __enter__(self):
        self.started = time.monotonic()
        if self.stream.isatty():
            self.thread = threading.Thread(target=self._beat, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        if self.thread:
            self.thread.join()
        with self.lock:
            self._clear()

    def write(self, *args, **kwargs):
        with self.lock:
            self._clear()
            self.out.write(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.out, name)

    def _beat(self):
        while not self.stopped.wait(1):
            with self.lock:
                if getattr(tqdm, "_instances", None):  # the step's own bar shows its progress
                    self._clear()
                    continue
                elapsed = time.monotonic() - self.started
                if elapsed >= HEARTBEAT_AFTER_SECONDS:
                    self.stream.write(f"\r… {self.label} : {elapsed:.0f} s\033[K")
                    self.stream.flush()
                    self.showing = True

    def _clear(self):
        if self.showing:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.showing = False
