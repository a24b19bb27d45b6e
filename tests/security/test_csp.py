"""Issue 14, item 5: a strict Content-Security-Policy on every response.

No inline script or style runs unless it carries the request's nonce; nothing loads from another origin except
the map tiles of MAP_TILES_URL; the pages themselves hold no inline script, style or event handler, so that the
policy breaks nothing; a page kept for visitors never carries a nonce meant for someone else.
"""

from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from conum import settings as conum_settings
from tests.activity.conftest import hired_advisor, limoges_application  # noqa: F401  (fixtures)
from tests.public.conftest import network  # noqa: F401  (fixture)

HEADER = "Content-Security-Policy"
URLS = "tests.security.csp_urls"  # the site, a page with a nonced inline script, one that fails


def directives(response) -> dict[str, list[str]]:
    assert HEADER in response.headers, f"no {HEADER} header"
    parts = (part.split() for part in response.headers[HEADER].split(";") if part.strip())
    return {name: values for name, *values in parts}


def nonce_of(response) -> str | None:
    nonces = [value for value in directives(response)["script-src"] if value.startswith("'nonce-")]
    return nonces[0][len("'nonce-") : -1] if nonces else None


def assert_strict(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    for name, values in policy.items():
        for value in values:
            assert value not in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"), (name, value)
            assert "*" not in value and value not in ("http:", "https:"), (name, value)
    for name in ("script-src", "style-src", "connect-src", "font-src"):
        assert all(value == "'self'" or value.startswith("'nonce-") for value in policy[name]), (name, policy[name])


class InlineCode(HTMLParser):
    """What a strict policy would block in a page: inline scripts and styles without a nonce, style attributes,
    event-handler attributes and javascript: links."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        inline_script = tag == "script" and not attributes.get("src") and attributes.get("type") != "application/json"
        if (inline_script or tag == "style") and not attributes.get("nonce"):
            self.found.append(self.get_starttag_text())
        for name, value in attrs:
            if name == "style" or name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(self.get_starttag_text())


def inline_code(response) -> list[str]:
    return InlineCode(response.content.decode()).found


# ---- every kind of response --------------------------------------------------------------------------------


@pytest.mark.urls(URLS)
def test_every_kind_of_response_carries_the_strict_policy(client, candidate, programme):
    anonymous = Client(raise_request_exception=False)
    responses = {
        "page": anonymous.get("/"),
        "not found": anonymous.get("/cette-page-n-existe-pas/"),
        "server error": anonymous.get("/test-csp/erreur/"),
        "redirect to login": anonymous.get("/programme/"),
        "API": anonymous.get("/api/v1/communes?q=limoges"),
        "API error": anonymous.get("/api/v1/communes?q="),
        "API not found": anonymous.get("/api/v1/rien"),
        "open data": anonymous.get("/donnees-ouvertes/lieux-de-mediation-numerique.json"),
        "CSRF failure": Client(enforce_csrf_checks=True).post("/compte/connexion/", {"username": "a@b.fr"}),
    }
    client.force_login(candidate)
    responses["forbidden"] = client.get("/programme/")
    expected = {"page": 200, "not found": 404, "server error": 500, "redirect to login": 302, "API": 200,
                "API not found": 404, "open data": 200, "CSRF failure": 403, "forbidden": 403}  # fmt: skip
    for kind, response in responses.items():
        assert response.status_code == expected.get(kind, response.status_code), kind
        assert_strict(response)
    assert responses["API error"].status_code >= 400


# ---- pages hold nothing the policy blocks ------------------------------------------------------------------


def test_public_pages_hold_no_inline_script_style_or_handler(client, network, programme):  # noqa: F811
    place = network["saint_junien"]
    urls = [
        "/",
        "/compte/connexion/",
        "/aide-numerique/?commune=Saint-Junien&distance=20",  # the map and its scripts
        f"/aide-numerique/lieux/{place.pk}/",
        "/aide-numerique/ateliers/?commune=87200&commune_choix=87154",
        "/aide-numerique/mon-niveau/",
        "/chiffres-cles/?departement=87",  # server-side SVG charts
        "/territoires/communes/87085/",
        "/api/v1/docs",
        "/cette-page-n-existe-pas/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert inline_code(response) == [], url
        assert nonce_of(response) is None, url  # nothing inline: no nonce handed out


def test_staff_pages_hold_no_inline_script_style_or_handler(client, hired_advisor):  # noqa: F811
    client.force_login(hired_advisor.user)
    for url in ("/activite/ateliers/calendrier/", "/statistiques/", "/compte/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert inline_code(response) == [], url


def test_the_csrf_failure_page_is_a_conum_page_without_inline_style(db):
    response = Client(enforce_csrf_checks=True).post("/compte/connexion/", {"username": "a@b.fr"})
    assert response.status_code == 403
    assert inline_code(response) == []
    assert "rechargez la page" in response.content.decode()


# ---- the nonce ---------------------------------------------------------------------------------------------


@pytest.mark.urls(URLS)
def test_an_inline_script_runs_only_with_this_requests_nonce(client):
    first, second = client.get("/test-csp/script/"), client.get("/test-csp/script/")
    nonces = [nonce_of(first), nonce_of(second)]
    assert all(nonces) and nonces[0] != nonces[1]
    for response, nonce in zip((first, second), nonces, strict=True):
        assert f'<script nonce="{nonce}">' in response.content.decode()
        assert f"'nonce-{nonce}'" in directives(response)["style-src"]
        assert_strict(response)


@pytest.mark.urls(URLS)
def test_a_page_holding_a_nonce_is_never_served_again_to_another_visitor(db):
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        first, second = Client().get("/test-csp/script-gardee/"), Client().get("/test-csp/script-gardee/")
    cache.clear()
    for response in (first, second):
        nonce = nonce_of(response)
        assert nonce and f'<script nonce="{nonce}">' in response.content.decode()
    assert nonce_of(first) != nonce_of(second)


def test_a_page_kept_for_visitors_is_served_again_with_the_policy(network):  # noqa: F811
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        first = Client().get("/aide-numerique/?commune=Saint-Junien&distance=20")
        again = Client().get("/aide-numerique/?commune=Saint-Junien&distance=20")
    cache.clear()
    assert again.content == first.content  # served from the cache
    assert directives(again) == directives(first)
    assert_strict(again)


# ---- map tiles ---------------------------------------------------------------------------------------------


def image_sources(map_tiles_url: str) -> list[str]:
    """img-src as the settings build it for this MAP_TILES_URL (the served default is checked on a response)."""
    return ["'self'", "data:", *conum_settings._tile_origins(map_tiles_url)]


def test_images_come_from_this_site_and_the_configured_tile_server_only(client, db):
    default = directives(client.get("/"))["img-src"]
    assert sorted(default) == sorted(["'self'", "data:", "https://data.geopf.fr"])
    assert sorted(image_sources("https://tiles.example.org:8443/plan/{z}/{x}/{y}.png")) == sorted(
        ["'self'", "data:", "https://tiles.example.org:8443"]
    )
    # Leaflet's {s} takes its default subdomains a, b and c: each one, no wildcard.
    assert sorted(image_sources("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")) == sorted(
        ["'self'", "data:"] + [f"https://{s}.tile.openstreetmap.org" for s in "abc"]
    )
    assert image_sources("") == ["'self'", "data:"]  # no map
    assert image_sources("/tuiles/{z}/{x}/{y}.png") == ["'self'", "data:"]  # tiles served by this site
