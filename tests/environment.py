"""Loaded with `-p tests.environment` before Django is set up: the test environment."""

import gc
import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("PUBLIC_PAGE_CACHE_SECONDS", "0")  # tests/public/test_page_cache.py turns it on
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
# Sirene and the Base Adresse Nationale stay off: their tests (tests/core/test_sirene*, test_geocoding*) turn them on
# against a local replay server.
os.environ.setdefault("SIRENE_ENABLED", "false")
os.environ.setdefault("GEOCODING_ENABLED", "false")
# Playwright's sync API runs an event loop in the test thread; database calls there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The suite allocates millions of short-lived objects beside a large, long-lived heap (Django, the templates, the
# territories): the collector's full passes over that heap were a sizeable share of the run. Everything imported so
# far is frozen out of its passes, and the young generation is collected less often.
gc.freeze()
gc.set_threshold(50_000, 50, 100)
