import os
import statistics
import time
from contextlib import contextmanager

from django.core import signals
from django.db import connection, reset_queries

QUICK = False  # the smoke test's setting: every figure from at most QUICK_REPEAT runs
QUICK_REPEAT = 2


def measure(function, repeat=50):
    """(median ms, p95 ms, queries per call, last result)."""
    if QUICK:
        repeat = min(repeat, QUICK_REPEAT)
    durations, result = [], None
    connection.force_debug_cursor = True
    reset_queries()
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        durations.append((time.perf_counter() - started) * 1000)
    queries = len(connection.queries) / repeat
    connection.force_debug_cursor = False
    durations.sort()
    p95 = durations[min(len(durations) - 1, int(len(durations) * 0.95))]
    return statistics.median(durations), p95, queries, result


def report(label, median, p95, queries):
    print(f"{label:<58} median {median:8.2f} ms   p95 {p95:8.2f} ms   {queries:5.1f} queries")


def ratio(label, naive_ms, fast_ms):
    print(f"  ratio naive / {label}: {naive_ms / fast_ms:,.1f}×")


@contextmanager
def queries_across_requests():
    """Each request empties the query log (request_started → reset_queries): keep it for the whole measure."""
    signals.request_started.disconnect(reset_queries)
    try:
        yield
    finally:
        signals.request_started.connect(reset_queries)


def measure_get(client, url, params=None, repeat=20, expected=200):
    """`measure` of a test client GET (the whole response read, streamed or not); the last response's body."""

    def get():
        response = client.get(url, params or {})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, body

    with queries_across_requests():
        median, p95, queries, (status, body) = measure(get, repeat=repeat)
    assert status == expected, (url, status)
    if os.environ.get("BENCH_PROFILE"):
        profile(f"GET {url} {params or ''}", get)
    return median, p95, queries, body.decode()


def profile(label, function, lines=45):
    """One more call under pyinstrument (BENCH_PROFILE=1): where the time goes, the heaviest frames first."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    function()
    profiler.stop()
    text = profiler.output_text(unicode=True, color=False, short_mode=True)
    print(f"--- profile: {label}")
    print("\n".join(text.splitlines()[:lines]))
