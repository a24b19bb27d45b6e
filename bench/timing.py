import statistics
import time

from django.db import connection, reset_queries


def measure(function, repeat=50):
    """(median ms, p95 ms, queries per call, last result)."""
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
