"""Matomo in a real browser (chromium): the banner, "Refuser" then "Accepter", and what reaches a Matomo server
played by a local HTTP server (its tracker reads `_paq` and sends the documented `matomo.php` hit). Nothing is
measured before consent, the address sent has no token nor query string, no cookie is set but the choice, and
the CSP (with the Matomo host added) reports no violation."""

import copy
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import override_settings
from playwright.sync_api import expect, sync_playwright

from tests.activity.factories import PlaceFactory
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, PageProblems
from tests.factories import HostStructureFactory

pytestmark = [pytest.mark.e2e, pytest.mark.system]

# A stand-in for Matomo's matomo.js: the calls the page queued, then the tracking request as Matomo sends it
# (GET matomo.php with idsite, rec, url, action_name, urlref), as an image.
TRACKER = b"""
(function () {
  var settings = {};
  (window._paq || []).forEach(function (call) { settings[call[0]] = call.slice(1); });
  if (!settings.trackPageView) { return; }
  var query = "idsite=" + encodeURIComponent(settings.setSiteId[0]) + "&rec=1"
    + "&url=" + encodeURIComponent(settings.setCustomUrl[0])
    + "&action_name=" + encodeURIComponent(settings.setDocumentTitle[0])
    + "&urlref=" + encodeURIComponent(settings.setReferrerUrl[0])
    + "&cookies_disabled=" + (settings.disableCookies ? "1" : "0");
  new Image().src = settings.setTrackerUrl[0] + "?" + query;
})();
"""
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x00;"


class FakeMatomo:
    def __init__(self):
        self.hits: list[dict] = []
        self.scripts = 0
        matomo = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urlsplit(self.path)
                if url.path == "/matomo.js":
                    matomo.scripts += 1
                    self._send("application/javascript", TRACKER)
                elif url.path == "/matomo.php":
                    matomo.hits.append({key: values[-1] for key, values in parse_qs(url.query, True).items()})
                    self._send("image/gif", GIF)
                else:
                    self.send_error(404)

            def _send(self, content_type, body):
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def matomo():
    fake = FakeMatomo()
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    for directive in ("script-src", "connect-src", "img-src"):  # as the settings do for MATOMO_URL
        policy["DIRECTIVES"][directive].append(fake.url)
    with override_settings(MATOMO_URL=fake.url, MATOMO_SITE_ID="7", CONTENT_SECURITY_POLICY=policy):
        yield fake
    fake.server.shutdown()
    fake.server.server_close()


def test_consent_then_a_hit_without_secrets(live_server, territories, matomo):
    place = PlaceFactory(structure=HostStructureFactory())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        problems = PageProblems(page)
        try:
            page.goto(f"/aide-numerique/lieux/{place.pk}/?commune=Limoges")
            banner = page.get_by_role("region", name="Mesure d'audience")
            expect(banner).to_be_visible()
            page.get_by_role("button", name="Refuser").click()
            expect(banner).to_be_hidden()
            page.reload()
            expect(banner).to_be_hidden()  # the choice is kept
            assert matomo.scripts == 0 and matomo.hits == []

            # The footer's button reopens the banner; accepting loads Matomo's tracker at once.
            page.get_by_role("button", name="Mesure d'audience").click()
            expect(banner).to_be_visible()
            page.get_by_role("button", name="Accepter").click()
            expect(banner).to_be_hidden()
            page.wait_for_function("() => window._paq && window._paq.length > 0")
            page.wait_for_timeout(500)
            [hit] = matomo.hits
            assert hit["url"] == f"{live_server.url}/aide-numerique/lieux/{place.pk}/"  # no query string
            assert (hit["idsite"], hit["action_name"], hit["urlref"], hit["cookies_disabled"]) == (
                "7", "public:place", "", "1")  # fmt: skip

            # A cancellation link's token never leaves: the route stands for it.
            page.goto("/aide-numerique/inscription/Zx9-jeton-secret/")
            page.wait_for_timeout(500)
            assert matomo.hits[-1]["url"] == f"{live_server.url}/aide-numerique/inscription/{{token}}/"
            assert matomo.hits[-1]["urlref"] == ""  # the previous page is of this site
            assert [cookie["name"] for cookie in context.cookies()] == ["conum_mesure_audience"]
            assert context.cookies()[0]["value"] == "oui"
        finally:
            context.close()
            browser.close()
    assert problems.errors == []
