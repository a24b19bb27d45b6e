"""Issue 14, High 1, through a real proxy: Debian's nginx, started here with the `location / { … }` block of
docs/deployment.md (so the documentation and this test cannot drift), in front of the live server, with
TRUSTED_PROXY_COUNT=1 as documented.

Clients differ by the loopback address they connect from (on Linux all of 127/8 is local); each also
forges an X-Forwarded-For prefix, which nginx keeps and the application must ignore.
"""

import http.client
import os
import re
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password

from tests.activity.conftest import hired_advisor, limoges_application  # noqa: F401  (fixtures)
from tests.factories import PASSWORD, UserFactory
from tests.public.conftest import network, workshop  # noqa: F401  (fixtures)

NGINX = "/usr/sbin/nginx"
DEPLOYMENT_DOC = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"
OWNER = "directrice@mairie.example"

pytestmark = [
    pytest.mark.skipif(
        not Path(NGINX).exists() and not os.environ.get("CI"),
        reason=f"{NGINX} is missing: apt-get install nginx-light (CI installs it)",
    ),
    pytest.mark.django_db(transaction=True),
]


def documented_location(upstream: str) -> str:
    """The `location / { … }` block of docs/deployment.md's nginx example, proxying to `upstream`."""
    text = DEPLOYMENT_DOC.read_text()
    start = text.index("location / {")
    depth = 0
    for end in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        if text[end] == "}" and depth == 0:
            break
    block = text[start : end + 1]
    block, replaced = re.subn(r"proxy_pass\s+[^;]+;", f"proxy_pass {upstream};", block)
    assert replaced == 1, block
    assert "$proxy_add_x_forwarded_for" in block, "the documented proxy no longer appends the client's address"
    return block


def documented_body_limit() -> str:
    """The `client_max_body_size` directive of docs/deployment.md's nginx example (its server block)."""
    return re.search(r"client_max_body_size\s+\w+;", DEPLOYMENT_DOC.read_text()).group(0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(live_server, tmp_path_factory):
    """nginx in the foreground, unprivileged paths only; yields its port."""
    root = tmp_path_factory.mktemp("nginx")
    port = free_port()
    upstream = f"http://127.0.0.1:{live_server.thread.port}"
    (root / "nginx.conf").write_text(
        f"""
daemon off;
master_process off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        {documented_body_limit()}
        {documented_location(upstream)}
    }}
}}
"""
    )
    command = [NGINX, "-p", str(root), "-e", str(root / "error.log"), "-c", str(root / "nginx.conf")]
    output = root / "output.log"
    with output.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {output.read_text()}{(root / 'error.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("nginx did not listen within 10 seconds")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


class Visitor:
    """A browser on its own loopback address, which also sends a forged X-Forwarded-For of its choosing."""

    def __init__(self, port: int, source: str):
        self.port, self.source, self.cookies = port, source, {}

    def request(self, method, path, fields=None, forged=None, body=None, content_type=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.source, 0))
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if forged:
            headers["X-Forwarded-For"] = forged
        if fields is not None:
            body = urlencode(fields)
            content_type = "application/x-www-form-urlencoded"
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def post_form(self, path, fields, forged=None):
        """GET the page for its CSRF token, then POST the form, both with the same forged prefix."""
        _, page = self.request("GET", path, forged=forged)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", path, fields | {"csrfmiddlewaretoken": token}, forged=forged)

    def log_in(self, password, forged=None):
        return self.post_form("/compte/connexion/", {"username": OWNER, "password": password}, forged=forged)


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # Argon2 is slow by design


def test_wrong_passwords_lock_only_the_client_that_sent_them(nginx, behind_nginx, settings):
    settings.LOGIN_ACCOUNT_SLOWDOWN_AFTER = 100  # the (account, address) lock alone here
    UserFactory(structure_manager=True, email=OWNER, password=make_password(PASSWORD))
    attacker = Visitor(nginx, "127.0.0.2")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        status, page = attacker.log_in(f"mauvais-{attempt}", forged=f"10.0.0.{attempt}")
    assert status == 429 and "Connexion temporairement bloquée" in page
    # A new forged prefix does not make the attacker someone else.
    status, page = attacker.log_in(PASSWORD, forged="10.0.0.200")
    assert status == 429 and "Connexion temporairement bloquée" in page

    # The lock is stored for the address nginx saw, not for a NULL address that everyone would share.
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [(OWNER, "127.0.0.2")]

    owner = Visitor(nginx, "127.0.0.3")
    status, _ = owner.log_in(PASSWORD, forged="10.0.0.1")  # even claiming one of the attacker's prefixes
    assert status == 302
    status, page = owner.request("GET", "/compte/")
    assert status == 200 and "Se déconnecter" in page


def test_a_forged_prefix_does_not_escape_the_form_limit(nginx, behind_nginx, settings, workshop):  # noqa: F811
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    url = f"/aide-numerique/ateliers/{workshop.pk}/inscription/"
    citizen = Visitor(nginx, "127.0.0.4")
    statuses = [citizen.post_form(url, {"first_name": ""}, forged=f"192.0.2.{index}")[0] for index in range(4)]
    assert statuses == [400, 400, 400, 429]  # the form's own errors, then the limit
    # Another citizen behind the same proxy has a bucket of its own.
    assert Visitor(nginx, "127.0.0.5").post_form(url, {"first_name": ""}, forged="192.0.2.1")[0] == 400


def test_a_cv_within_the_forms_limit_passes_the_documented_proxy(nginx, behind_nginx, territories):
    """nginx's default body limit (1 MB) refused a 2 MB CV with its bare 413 page although the form takes 10 MB:
    the documented `client_max_body_size` lets it reach the application, whose form answers in French."""
    visitor = Visitor(nginx, "127.0.0.6")
    _, page = visitor.request("GET", "/recrutement/candidater/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    boundary = "conum-test-boundary"
    cv = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="cv"; filename="cv.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + cv
        + f"\r\n--{boundary}--\r\n".encode()
    )
    content_type = f"multipart/form-data; boundary={boundary}"
    status, page = visitor.request("POST", "/recrutement/candidater/", body=body, content_type=content_type)
    assert status != 413 and "nginx" not in page
    assert "Devenir conseiller numérique" in page  # the form again, with its field messages
