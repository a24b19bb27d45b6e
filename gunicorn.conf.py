"""gunicorn's settings for Conum, read from the working directory by `gunicorn conum.wsgi` (Procfile, bench load).

Once a worker has loaded Django, its heap (modules, URL patterns, compiled templates) lives as long as the worker:
frozen, the garbage collector stops walking it on every full collection, and collecting the young generation less
often spares the many short-lived objects of a rendered page (the test suite does the same: tests/environment.py).
"""

import gc


def post_worker_init(worker):
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
