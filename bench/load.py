"""Load test of the public site (issue 8): gunicorn with 2 workers on PostgreSQL, driven by wrk.

`uv run python -m bench load [--duration 60] [--connections 32] [--threads 2]`

Reads from the database what the requests need (public places, upcoming public sessions open for
registration, communes that have places, départements), collects the static files into a temporary
directory, starts gunicorn as in production (DEBUG off, the per-IP rate limits raised so that the test's own
traffic is not refused), checks one request of each kind, warms up, then runs wrk with bench/load_mix.lua:
place search 60 %, place page 20 %, workshop registration 5 % (real registrations: they are written to the
database), public statistics 10 %, API places 5 %. Prints requests/s, latency percentiles and errors beside
the target (≥ 200 requests/s, 0 errors, p95 < 200 ms); nothing is asserted.
"""

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count
from django.utils import timezone
from gunicorn.config import KNOWN_SETTINGS

from conum.public import search
from conum.territories.models import Commune
from conum.territories.search import resolve_commune

LUA_SCRIPT = Path(__file__).resolve().parent / "load_mix.lua"
PROJECT_DIR = Path(__file__).resolve().parent.parent
TARGET_RPS, TARGET_P95_MS = 200, 200
RADIUS_KM = 20
# Searches spread over many communes, as at a press peak: the page cache helps only as much as it would.
BIG_COMMUNES, SMALL_COMMUNES = 50, 350
MAX_IDS = 2000
WARM_UP_SECONDS = 3
# A response slower than this counts as a socket error (timeout), not in the latencies.
WRK_TIMEOUT = "5s"
START_TIMEOUT_SECONDS = 60
# High enough never to be reached by one run from one address.
UNLIMITED = "1000000000"
# django.request's log line for a 4xx or 5xx response: "Not Found: /aide-numerique/lieux/1/".
LOGGED_ERROR = re.compile(r"^(?P<reason>[A-Z][A-Za-z -]+): (?P<path>/\S*)$")


def _arguments(args):
    parser = argparse.ArgumentParser(prog="python -m bench load")
    parser.add_argument("--duration", type=int, default=60, help="seconds of measured load (default 60)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (default 32)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    return parser.parse_args(args)


def _refuse(message):
    print(message, file=sys.stderr)
    sys.exit(2)


def _lua(value) -> str:
    """A Python list, dict, str or int as a Lua literal."""
    if isinstance(value, dict):
        return "{\n" + "".join(f"  {key} = {_lua(item)},\n" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(_lua(item) for item in value) + "}"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)  # a JSON string (ASCII, escaped) is a valid Lua string


def _searches(rng) -> list[str]:
    """Query strings of place searches around communes that have public places: the most populated and a
    draw of small ones; half by name (as typed), half by INSEE code (as after choosing among homonyms)."""
    with_places = search.public_places().values_list("commune_id", flat=True).distinct()
    communes = Commune.objects.with_coordinates().filter(code__in=with_places)
    big = list(communes.order_by("-population", "code")[:BIG_COMMUNES])
    small = list(communes.filter(population__lt=5000).order_by("code"))
    chosen = big + rng.sample(small, min(SMALL_COMMUNES, len(small)))
    queries = []
    for index, commune in enumerate(chosen):
        params = {"commune": commune.name}
        if index % 2 or resolve_commune(commune.name)[0] != commune:
            params["commune_choix"] = commune.code
        params["distance"] = RADIUS_KM
        queries.append(urlencode(params))
    return queries


def _open_sessions(now, until) -> list[int]:
    """Public sessions whose registration stays open for the whole run."""
    sessions = search.upcoming_workshops(now).filter(
        registration_opens_at__lte=now, registration_closes_at__gt=until, starts_at__gt=until
    )
    return list(sessions.order_by("pk").values_list("pk", flat=True))


def _prepare(rng, seconds) -> dict:
    now = timezone.now()
    places = list(search.public_places().order_by("pk").values_list("pk", flat=True))
    workshops = _open_sessions(now, now + timedelta(seconds=seconds + 600))
    departements = list(
        search.public_places()
        .values("departement_id")
        .annotate(places=Count("pk"))
        .order_by("-places", "departement_id")
        .values_list("departement_id", flat=True)[:20]
    )
    data = {
        "searches": _searches(rng),
        "places": rng.sample(places, min(MAX_IDS, len(places))),
        "workshops": rng.sample(workshops, min(MAX_IDS, len(workshops))),
        "departements": departements,
        # An unmasked CSRF secret: Django's alphabet, 32 characters.
        "csrf": "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32)),
    }
    missing = [name for name in ("searches", "places", "workshops", "departements") if not data[name]]
    if missing:
        _refuse(
            f"The database lacks what the load test needs ({', '.join(missing)}): fill it first, e.g. "
            "`python -m bench generate --scale small`."
        )
    print(
        f"picked: {len(data['searches'])} communes to search around, {len(data['places'])} places, "
        f"{len(data['workshops'])} open sessions (of {len(workshops)}), {len(departements)} départements"
    )
    return data


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_environment(static_root) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECURE="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(static_root),
        PUBLIC_FORM_RATE_LIMIT=UNLIMITED,
        API_RATE_LIMIT_PER_MINUTE=UNLIMITED,
        # 4xx and 5xx are logged by django.request as warnings and errors: kept, the rest is noise here.
        LOG_LEVEL="WARNING",
    )
    return env


def _collectstatic(env):
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
    )
    print(f"collectstatic: {time.monotonic() - started:.1f} s")


def _start_gunicorn(env, port, log):
    # The venv's gunicorn, what `uv run gunicorn` runs; its own session so that stopping it stops its
    # workers and a Ctrl-C in the terminal reaches only this script (which then stops it).
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "conum.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    # Recent gunicorn opens a control socket at one path per user: useless here, and shared with any other
    # gunicorn of the machine.
    if any("--no-control-socket" in (setting.cli or []) for setting in KNOWN_SETTINGS):
        command.append("--no-control-socket")
    print("starting:", " ".join(command[1:]))
    return subprocess.Popen(
        command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(server):
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _log_tail(log_path, lines=30) -> str:
    return "\n".join(Path(log_path).read_text(errors="replace").splitlines()[-lines:])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer here, as it is for wrk


_opener = urllib.request.build_opener(_NoRedirect)


def _fetch(url, data=None, headers=None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with _opener.open(request, timeout=30) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _wait_until_up(base, server, log_path):
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            _refuse(f"gunicorn stopped (exit code {server.returncode}):\n{_log_tail(log_path)}")
        try:
            status, _body = _fetch(base + "/aide-numerique/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    _refuse(f"gunicorn did not answer within {START_TIMEOUT_SECONDS} s:\n{_log_tail(log_path)}")


def _check_each_class(base, data) -> bool:
    """One request of each kind, before the load: a class that fails would only show as an error count."""
    body = urlencode(
        {"csrfmiddlewaretoken": data["csrf"], "first_name": "Camille", "last_name": "V", "email": "",
         "phone": "", "consent": "on", "website": ""}
    ).encode()  # fmt: skip
    checks = [
        ("search", base + "/aide-numerique/?" + data["searches"][0], None, {}),
        ("place", f"{base}/aide-numerique/lieux/{data['places'][0]}/", None, {}),
        (
            "register",
            f"{base}/aide-numerique/ateliers/{data['workshops'][0]}/inscription/",
            body,
            {"Cookie": f"csrftoken={data['csrf']}", "Content-Type": "application/x-www-form-urlencoded"},
        ),
        ("statistics", base + "/chiffres-cles/", None, {}),
        ("statistics", f"{base}/chiffres-cles/?departement={data['departements'][0]}", None, {}),
        ("api", f"{base}/api/v1/places?departement={data['departements'][0]}", None, {}),
    ]
    ok = True
    for name, url, post, headers in checks:
        started = time.perf_counter()
        status, text = _fetch(url, post, headers)
        elapsed = (time.perf_counter() - started) * 1000
        print(f"  {name:<11} {status}  {elapsed:7.1f} ms  {'POST' if post else 'GET'} {url[len(base) :]}")
        if status >= 400:
            ok = False
            print(f"    failing response body (start):\n{_excerpt(text)}")
    return ok


def _excerpt(body, limit=1500) -> str:
    """The start of a response, HTML tags dropped, for a readable failure."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return "    " + text[:limit]


def _wrk(base, data_file, duration, connections, threads) -> tuple[str, dict | None]:
    command = [
        shutil.which("wrk") or "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={duration}s",
        f"--timeout={WRK_TIMEOUT}",
        f"--script={LUA_SCRIPT}",
        base,
    ]
    env = dict(os.environ, CONUM_LOAD_DATA=str(data_file))
    completed = subprocess.run(command, env=env, capture_output=True, check=False)
    output = completed.stdout.decode(errors="replace")
    if completed.returncode:
        print(completed.stderr.decode(errors="replace"), file=sys.stderr)
    result = None
    lines = []
    for line in output.splitlines():
        if line.startswith("CONUM_RESULT "):
            result = json.loads(line.removeprefix("CONUM_RESULT "))
        else:
            lines.append(line)
    return "\n".join(lines), result


def _class_of_path(path) -> str:
    if path.startswith("/api/"):
        return "api"
    if path.startswith("/chiffres-cles/"):
        return "statistics"
    if path.endswith("/inscription/"):
        return "register"
    if path.startswith("/aide-numerique/lieux/"):
        return "place"
    return "search" if path == "/aide-numerique/" else path


def _logged_errors(log_path) -> Counter:
    """(kind, reason) → count, from django.request's "Internal Server Error: /path" lines: the responses
    themselves do not say which request they answer (an error page has no page title of its own)."""
    logged = Counter()
    for line in Path(log_path).read_text(errors="replace").splitlines():
        found = LOGGED_ERROR.match(line)
        if found:
            logged[_class_of_path(found["path"]), found["reason"]] += 1
    return logged


def _summary(result, log_path):
    if not result["requests"]:
        print(f"no response at all: see gunicorn's log\n{_log_tail(log_path)}")
        return
    latency, errors = result["latency_ms"], result["errors"]
    rps = result["requests"] / result["duration_s"] if result["duration_s"] else 0.0
    socket_errors = errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]
    total_errors = socket_errors + errors["status"]
    p95 = latency["p95"]
    print("\nResult")
    print(f"  requests/s   {rps:8.1f}")
    print(f"  latency      p50 {latency['p50']:.1f} ms, p95 {p95:.1f} ms, p99 {latency['p99']:.1f} ms")
    print(
        f"  errors       {total_errors} (socket: connect {errors['connect']}, read {errors['read']}, "
        f"write {errors['write']}, timeout {errors['timeout']}; non-2xx/3xx responses: {errors['status']})"
    )
    print(f"\nTarget: ≥ {TARGET_RPS} requests/s, 0 errors, p95 < {TARGET_P95_MS} ms")
    verdicts = [
        (f"requests/s {rps:.1f}", rps >= TARGET_RPS),
        (f"errors {total_errors}", total_errors == 0),
        (f"p95 {p95:.1f} ms", p95 is not None and p95 < TARGET_P95_MS),
    ]
    for label, met in verdicts:
        print(f"  {label:<22} {'met' if met else 'NOT met'}")
    for name, sample in result.get("samples", {}).items():
        status, _newline, body = sample.partition("\n")
        print(f"\nSample failing response ({name}, status {status}):\n{_excerpt(body)}")
    if total_errors:
        logged = _logged_errors(log_path)
        if logged:
            print("\nError responses logged by Django (django.request), by kind of request:")
            for (name, reason), count in sorted(logged.items()):
                print(f"  {name:<11} {reason}: {count}")
        print(f"\nEnd of gunicorn's log:\n{_log_tail(log_path)}")


def run(args):
    options = _arguments(args)
    if not os.environ.get("DATABASE_URL") or connection.vendor != "postgresql":
        _refuse(
            "The load test runs on PostgreSQL only (SQLite serialises writes and is not the production engine): "
            "set DATABASE_URL=postgres://… to a throw-away database (registrations are written to it)."
        )
    if not shutil.which("wrk"):
        _refuse("wrk is not installed (Debian: apt-get install wrk).")
    print(f"database: {connection.settings_dict['NAME']}")
    data = _prepare(random.Random(8), WARM_UP_SECONDS + options.duration)
    connection.close()  # the script holds no connection during the run

    temporary = Path(tempfile.mkdtemp(prefix="conum-load-"))
    server, interrupted = None, False
    try:
        data_file = temporary / "load_data.lua"
        data_file.write_text("return " + _lua(data) + "\n")
        env = _server_environment(temporary / "static")
        _collectstatic(env)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = temporary / "gunicorn.log"
        with open(log_path, "wb") as log:
            server = _start_gunicorn(env, port, log)
            _wait_until_up(base, server, log_path)
            print("one request of each kind:")
            if not _check_each_class(base, data):
                print("  (some kinds fail: the load below will count them as errors)")
            print(f"warm-up: {WARM_UP_SECONDS} s")
            _wrk(base, data_file, WARM_UP_SECONDS, options.connections, options.threads)
            print(
                f"load: {options.duration} s, {options.connections} connections, {options.threads} threads, "
                "gunicorn 2 workers\n"
            )
            output, result = _wrk(base, data_file, options.duration, options.connections, options.threads)
        print(output)
        if result is None:
            print("wrk gave no result (see above)")
        else:
            _summary(result, log_path)
    except KeyboardInterrupt:
        interrupted = True
        print("\ninterrupted")
    finally:
        # Ctrl-C reaches this process twice (from the terminal and through `uv run`): a second one must not
        # leave gunicorn running or the collected static files behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if server is not None:
            print("stopping gunicorn")
            _stop(server)
        shutil.rmtree(temporary, ignore_errors=True)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if interrupted:
        sys.exit(130)
