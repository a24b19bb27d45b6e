"""Sentry: errors reach the configured ingest endpoint (a real HTTP server on 127.0.0.1 standing for Sentry), with
no personal data in them; nothing is sent when SENTRY_DSN is unset."""

import gzip
import json
import secrets
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
import sentry_sdk
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from conum import urls as conum_urls
from conum.core import monitoring
from conum.wsgi import application

# Drawn at random: the event carries source lines, and these values must not be found there by chance.
_DIGITS = [f"{secrets.randbelow(100):02d}" for _ in range(4)]
EMAIL = f"jeanne.{secrets.token_hex(4)}@example.org"
PHONES = ["06 " + " ".join(_DIGITS), "06" + "".join(_DIGITS), "+33 6 " + " ".join(_DIGITS)]
SECRET = secrets.token_urlsafe(12)  # a token in the path, as in a cancellation link
COOKIE = secrets.token_urlsafe(12)
SESSION = secrets.token_hex(16)


@csrf_exempt
def boom(request, token):
    raise ValueError(f"Inscription impossible pour {request.POST['email']}, joignable au {PHONES[0]} ou {PHONES[2]}")


# This module is the URL configuration of the test: the site's own, plus a view that fails.
urlpatterns = [path("essai/<str:token>/plantage/", boom), *conum_urls.urlpatterns]
handler500 = conum_urls.handler500


class Ingest:
    """Sentry's envelope endpoint: keeps each envelope received, decompressed."""

    def __init__(self):
        self.envelopes: list[bytes] = []
        self.arrived = threading.Event()
        ingest = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                ingest.envelopes.append(body)
                ingest.arrived.set()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def dsn(self) -> str:
        return f"http://publickey@127.0.0.1:{self.server.server_address[1]}/1"

    def events(self) -> list[dict]:
        """The error events among the envelopes' items (a header line, then each item's header and payload)."""
        found = []
        for envelope in self.envelopes:
            lines = envelope.split(b"\n")
            for header, payload in zip(lines[1::2], lines[2::2], strict=False):
                if json.loads(header).get("type") == "event":
                    found.append(json.loads(payload))
        return found


@pytest.fixture
def ingest():
    server = Ingest()
    server.thread.start()
    yield server
    sentry_sdk.get_client().close(timeout=2)
    sentry_sdk.get_global_scope().set_client(None)  # the next tests run without reporting, as configured
    server.server.shutdown()
    server.server.server_close()


def test_off_when_the_dsn_is_unset():
    assert settings.SENTRY_DSN == ""
    assert monitoring.init_sentry("", "production", 0) is False
    assert not sentry_sdk.get_client().is_active()


@pytest.fixture
def keep_the_test_connection():
    """The WSGI application, called in-process, would close the test's connection at each request's start and end
    (as in tests/api/test_schemathesis.py)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(environ: dict) -> str:
    """The site's WSGI application (the one production runs) called in-process: its status line."""
    answered = []
    setup_testing_defaults(environ)
    body = b"".join(application(environ, lambda status, headers, exc_info=None: answered.append(status)))
    assert body
    return answered[0]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_an_error_reaches_sentry_without_personal_data(ingest, keep_the_test_connection):
    assert monitoring.init_sentry(ingest.dsn, "recette", 0.0) is True
    form = urlencode({"email": EMAIL, "telephone": PHONES[1], "message": "Bonjour"}).encode()
    status = call({
        "REQUEST_METHOD": "POST",
        "PATH_INFO": f"/essai/{SECRET}/plantage/",
        "QUERY_STRING": urlencode({"page": 2, "email": EMAIL, "q": "Jeanne Martin"}),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(form)),
        "wsgi.input": BytesIO(form),
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": f"suivi={COOKIE}; sessionid={SESSION}",
        "HTTP_AUTHORIZATION": "Bearer conum_abcdef_secret",
        "HTTP_REFERER": f"https://conum.example/annuler/{SECRET}/",
        "HTTP_USER_AGENT": "Navigateur d'essai",
        "HTTP_X_FORWARDED_FOR": "203.0.113.7",
        "REMOTE_ADDR": "198.51.100.9",
    })  # fmt: skip
    assert status.startswith("500")
    sentry_sdk.flush(timeout=5)
    assert ingest.arrived.wait(5)

    raw = b"".join(ingest.envelopes).decode()
    for personal in [EMAIL, *PHONES, "6" + "".join(_DIGITS), COOKIE, SESSION, SECRET, "conum_abcdef_secret",
                     "203.0.113.7", "198.51.100.9", "Jeanne", "Bonjour"]:  # fmt: skip
        assert personal not in raw, personal
    [event] = ingest.events()
    assert event["environment"] == "recette"
    exception = event["exception"]["values"][-1]
    assert exception["type"] == "ValueError"
    assert exception["value"] == "Inscription impossible pour [filtré], joignable au [filtré] ou [filtré]"
    assert all("vars" not in frame for frame in exception["stacktrace"]["frames"])
    request = event["request"]
    assert event["transaction"] == "/essai/{token}/plantage/" and request["method"] == "POST"
    assert request["url"] == "http://testserver/essai/{token}/plantage/"
    assert "page=2" in request["query_string"] and "email=%5Bfiltr%C3%A9%5D" in request["query_string"]
    assert request["headers"] == {
        "Host": "testserver", "User-Agent": "Navigateur d'essai", "Referer": "https://conum.example/",
        "Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(form)),
    }  # fmt: skip
    assert "data" not in request and "cookies" not in request and "env" not in request
    assert event["user"] == {}


def test_scrub_event_keeps_only_a_numeric_user_id():
    event = {"user": {"id": 42, "email": EMAIL, "ip_address": "203.0.113.7", "username": EMAIL}}
    assert monitoring.scrub_event(event)["user"] == {"id": "42"}
    assert monitoring.scrub_event({"user": {"id": EMAIL}})["user"] == {}


@pytest.mark.parametrize(
    "text, scrubbed",
    [
        ("Écrire à jeanne.martin@example.org ou au 05 55 12 34 56", "Écrire à [filtré] ou au [filtré]"),
        ("Nouméa : +687 24 12 34", "Nouméa : [filtré]"),
        ("La Réunion : 0262 12 34 56", "La Réunion : [filtré]"),
        ("Séance 12345 du 2026-11-01 à 14:00, 20 places", "Séance 12345 du 2026-11-01 à 14:00, 20 places"),
    ],
)
def test_scrub_text(text, scrubbed):
    assert monitoring.scrub_text(text) == scrubbed


def test_traces_rate_is_checked():
    assert monitoring.traces_rate("") == 0 and monitoring.traces_rate("0.25") == 0.25
    for wrong in ("beaucoup", "2", "-0.1"):
        with pytest.raises(ImproperlyConfigured, match="SENTRY_TRACES_SAMPLE_RATE"):
            monitoring.traces_rate(wrong)
