"""`conum demo --addrport` serves what production serves: DEBUG off, French error pages, static files, e-mail
links on the address it serves on; the demo candidate account has its own candidacy page."""

import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

pytestmark = pytest.mark.system

SCALE = 0.02


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def demo(tmp_path):
    """The demo served on a free port; yields (base URL, a function returning its output so far)."""
    port = _free_port()
    log = tmp_path / "demo.log"
    outside = ("DEBUG", "DATABASE_URL", "TASKS_BACKEND", "SECRET_KEY", "SITE_URL", "ALLOWED_HOSTS", "SECURE")
    env = {k: v for k, v in os.environ.items() if k not in outside}
    env |= {"CONUM_VAR_DIR": str(tmp_path), "CONUM_DEMO_SCALE": str(SCALE), "PYTHONUNBUFFERED": "1"}
    with open(log, "w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "conum.cli", "demo", "--addrport", f"127.0.0.1:{port}"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 300
        while "Ctrl+C pour arrêter" not in log.read_text():
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(1)
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}", log.read_text
    finally:
        server.terminate()
        server.wait(timeout=30)


def _open(opener, url, data=None):
    try:
        response = opener.open(url, urllib.parse.urlencode(data).encode() if data else None, timeout=30)
    except urllib.error.HTTPError as error:
        return error.code, html.unescape(error.read().decode())
    return response.status, html.unescape(response.read().decode())


def _post_form(opener, url, fields):
    _status, page = _open(opener, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return _open(opener, url, {"csrfmiddlewaretoken": token, **fields})


def test_demo_serves_like_production_on_its_address(demo):
    base, output = demo
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    status, page = _open(opener, f"{base}/une-adresse-mal-tapee/")
    assert status == 404 and "Page non trouvée" in page
    assert "URLconf" not in page and "DEBUG = True" not in page  # not Django's debug page

    _status, home = _open(opener, f"{base}/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
    assert _open(opener, base + stylesheet)[0] == 200

    _post_form(opener, f"{base}/compte/mot-de-passe-oublie/", {"email": "structure@demo.conum.fr"})
    time.sleep(1)
    links = re.findall(r"http://[^\s/]+/compte/mot-de-passe-oublie/\S+", output())
    assert links and all(link.startswith(f"{base}/") for link in links), output()

    _post_form(
        opener, f"{base}/compte/connexion/", {"username": "candidat@demo.conum.fr", "password": "demo-conum-2026"}
    )
    status, page = _open(opener, f"{base}/recrutement/ma-candidature/")
    assert status == 200 and "Ma candidature de conseiller numérique" in page
