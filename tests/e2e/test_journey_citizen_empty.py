"""A citizen near a sparse commune, on a phone: from the home page, searches help near Bellac, finds one place
within the default 20 km, follows the link that widens the search and finds the places a little farther."""

# ruff: noqa: F811  (the activity and public fixtures, imported to be used as fixtures here)

import base64
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.activity.conftest import hired_advisor, limoges_application  # noqa: F401
from tests.public.conftest import network  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.system]

PHONE = {"width": 375, "height": 800}
# The map tiles come from an external host: the browser gets a transparent tile instead.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"


def test_citizen_near_bellac_widens_the_search_and_finds_the_place(network, new_page, screenshot, check_accessibility):
    page = new_page(viewport=PHONE)
    if settings.MAP_TILES_URL:
        tiles = urlsplit(settings.MAP_TILES_URL)
        page.context.route(
            f"{tiles.scheme}://{tiles.netloc}/**",
            lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
        )

    page.goto("/")
    page.get_by_role("link", name="Je cherche de l'aide avec le numérique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trouver de l'aide avec le numérique près de chez moi")
    page.get_by_label("Votre commune ou votre code postal").fill("Bellac")
    page.get_by_role("button", name="Rechercher").click()

    # Within the default 20 km: one place, and the offer to look a little farther, with what it finds.
    results = page.locator("#resultats")
    expect(results.get_by_role("heading", level=2)).to_have_text("1 lieu à moins de 20 km de Bellac (87)")
    expect(results.locator("h3 a")).to_have_text(["France Services d'Oradour-sur-Glane"])
    widen = results.get_by_role("link", name="Élargir la recherche à 30 km : 3 lieux")
    expect(widen).to_be_visible()
    fits_the_phone(page)
    screenshot(page, "bellac_20km")
    check_accessibility(page, "bellac_20km")

    widen.click()
    expect(page).to_have_url(re.compile(r"distance=30"))
    expect(results.get_by_role("heading", level=2)).to_have_text("3 lieux à moins de 30 km de Bellac (87)")
    expect(results.locator("h3 a")).to_have_text(
        ["France Services d'Oradour-sur-Glane", "Mairie de Saint-Brice-sur-Vienne", "Médiathèque de Saint-Junien"]
    )
    expect(page.get_by_label("Distance")).to_have_value("30")  # the form says what was searched
    expect(results.get_by_role("link", name=re.compile("^Élargir la recherche"))).to_have_count(0)
    fits_the_phone(page)
    screenshot(page, "bellac_30km")
    check_accessibility(page, "bellac_30km")

    results.get_by_role("link", name="Médiathèque de Saint-Junien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Médiathèque de Saint-Junien")
    fits_the_phone(page)
    screenshot(page, "place")
    check_accessibility(page, "place")
