import os
import statistics
import time

from django.db import connection

from .floor import same_bytes

QUICK = False  # the smoke test's setting: every figure from at most QUICK_REPEAT runs
QUICK_REPEAT = 2


def measure(function, repeat=50):
    """(median ms, p95 ms, SQL queries per call, last result)."""
    if QUICK:
        repeat = min(repeat, QUICK_REPEAT)
    durations, result, queries = [], None, 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        for _ in range(repeat):
            started = time.perf_counter()
            result = function()
            durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    p95 = durations[min(len(durations) - 1, int(len(durations) * 0.95))]
    return statistics.median(durations), p95, queries / repeat, result


def report(label, median, p95, queries):
    print(f"{label:<58} median {median:8.2f} ms   p95 {p95:8.2f} ms   {queries:5.1f} queries")


def ratio(label, naive_ms, fast_ms):
    print(f"  ratio naive / {label}: {naive_ms / fast_ms:,.1f}×")


def sign_in(client, user):
    """`client` signed in as `user`, as after the login page: a staff role's session also passed the second factor
    (a TOTP device of the bench, as tests/conftest.py does)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    if user.requires_second_factor:
        device, _created = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def measure_get(client, url, params=None, repeat=20, expected=200, floor=True):
    """`measure` of a test client GET (the whole response read, streamed or not); the last response's body.
    With `floor`, also prints the floor measured right after: the same bytes from a bare view (bench/floor.py)."""

    def get():
        response = client.get(url, params or {})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, body

    median, p95, queries, (status, body) = measure(get, repeat=repeat)
    assert status == expected, (url, status)
    if floor and not QUICK:
        with same_bytes(body):
            floor_median, floor_p95, *_rest = measure(lambda: client.get("/floor/"), repeat=repeat)
        print(
            f"  floor of GET {url}: the same {len(body):,} bytes from a bare view, median {floor_median:.2f} ms, p95 "
            f"{floor_p95:.2f} ms; the page costs {median - floor_median:.2f} ms above it"
        )
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
