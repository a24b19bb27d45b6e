"""Matomo: nothing when unset; when configured, the consent banner and our loader on every page, the Matomo host
allowed by the CSP, and an address without its secrets (a registration's token, a search)."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.test import RequestFactory, override_settings
from django.urls import resolve

from conum.activity.models import Registration
from conum.core.audience import tracked_path
from tests.activity.factories import PlaceFactory, WorkshopFactory
from tests.api import conftest as api

limoges_application, hired_advisor = api.limoges_application, api.hired_advisor
MATOMO = {"MATOMO_URL": "https://stats.example.gouv.fr", "MATOMO_SITE_ID": "42"}
LOADER = re.compile(r'<script src="/static/core/audience\.js" id="mesure-audience-script" ([^>]*)></script>')


def loader(html: str) -> dict:
    [attributes] = LOADER.findall(html)
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', attributes))


def settings_under(env: dict, expression: str):
    """`expression` evaluated in a fresh process whose settings are read from `env` (settings run once per process)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MATOMO_")} | env
    code = f"import json, conum.settings as s; print(json.dumps({expression}, default=str))"
    result = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=60)
    return json.loads(result.stdout) if result.returncode == 0 else result.stderr


@pytest.mark.django_db
def test_nothing_when_matomo_is_not_configured(client):
    response = client.get("/")
    html = response.content.decode()
    assert "audience.js" not in html and "mesure-audience" not in html and "Mesure d'audience" not in html
    assert "matomo" not in response["Content-Security-Policy"]
    legal = client.get("/donnees-personnelles/").content.decode()
    assert "Il ne mesure pas l'audience" in legal and "conum_mesure_audience" not in legal


@pytest.mark.django_db
@override_settings(**MATOMO)
def test_the_banner_and_the_loader_when_configured(client):
    html = client.get("/").content.decode()
    assert loader(html) == {"matomo-url": "https://stats.example.gouv.fr/", "site-id": "42", "path": "/",
                            "title": "core:home"}  # fmt: skip
    # The banner is shown by the script (no script, no measurement): both answers equally prominent.
    banner = html[html.index('<div class="fr-consent-banner" id="mesure-audience"') :]
    assert banner.index("hidden>") < banner.index("</div>")
    assert 'class="fr-btn" data-audience-choice="oui">Accepter<' in banner
    assert 'class="fr-btn" data-audience-choice="non">Refuser<' in banner
    assert "data-audience-reopen hidden>Mesure d'audience</button>" in html  # the footer's way to change one's mind
    assert "<script>" not in html and "_paq" not in html  # no inline script: the page needs no nonce
    legal = client.get("/donnees-personnelles/").content.decode()
    assert "mesure l'audience du site avec Matomo" in legal and "<code>conum_mesure_audience</code></td>" in legal


@pytest.mark.django_db
@override_settings(**MATOMO)
def test_the_tracked_address_keeps_ids_and_hides_tokens_and_searches(client, hired_advisor):
    place = PlaceFactory(structure=hired_advisor.structure)
    page = client.get(f"/aide-numerique/lieux/{place.pk}/?commune=Limoges&email=jeanne@example.org")
    assert loader(page.content.decode())["path"] == f"/aide-numerique/lieux/{place.pk}/"
    workshop = WorkshopFactory(advisor=hired_advisor, place=place)
    client.post(f"/aide-numerique/ateliers/{workshop.pk}/inscription/",
                {"first_name": "Jeanne", "last_name": "M.", "email": "jeanne@example.org", "phone": "",
                 "consent": "on"})  # fmt: skip
    token = Registration.objects.get().cancellation_token
    confirmation = client.get(f"/aide-numerique/inscription/{token}/").content.decode()
    assert "Votre inscription est confirmée" in confirmation
    tracked = loader(confirmation)
    assert tracked["path"] == "/aide-numerique/inscription/{token}/" and tracked["title"] == "public:registration"
    assert token not in LOADER.search(confirmation).group(0)


def test_tracked_path_by_kind_of_captured_value():
    factory = RequestFactory()

    def tracked(path):
        request = factory.get(path)
        request.resolver_match = resolve(path)
        return tracked_path(request)

    assert tracked("/pilotage/departements/2A/") == "/pilotage/departements/2A/"  # a territory's code is kept
    assert tracked("/recrutement/mises-en-relation/12/retenir/") == "/recrutement/mises-en-relation/12/{name}/"
    assert tracked("/aide-numerique/rendez-vous/Zx9_secret/") == "/aide-numerique/rendez-vous/{token}/"
    assert tracked_path(factory.get("/nulle-part/")) == ""  # not routed (a 404): not counted


def test_the_csp_lets_the_matomo_host_in_only_when_configured():
    directives = "s.CONTENT_SECURITY_POLICY['DIRECTIVES']"
    configured = settings_under(MATOMO, directives)
    for name in ("script-src", "connect-src", "img-src"):
        assert "https://stats.example.gouv.fr" in configured[name], name
    assert "https://stats.example.gouv.fr" not in configured["default-src"] + configured["style-src"]
    unset = settings_under({}, directives)
    assert not [value for values in unset.values() for value in values if "stats.example" in value]


@pytest.mark.parametrize(
    "env, message",
    [
        ({"MATOMO_URL": "https://stats.example.gouv.fr"}, "MATOMO_URL (https://…) and MATOMO_SITE_ID together"),
        ({"MATOMO_SITE_ID": "42"}, "MATOMO_URL (https://…) and MATOMO_SITE_ID together"),
        ({"MATOMO_URL": "stats.example.gouv.fr", "MATOMO_SITE_ID": "42"}, "MATOMO_URL (https://…)"),
        (MATOMO | {"MATOMO_SITE_ID": "conum"}, "MATOMO_SITE_ID must be a number"),
    ],
)
def test_a_half_or_wrong_configuration_is_refused(env, message):
    assert message in settings_under(env, "s.MATOMO_URL")
