import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.system]


def test_home_page_has_dsfr_header_footer_and_visitor_cards(page, screenshot):
    page.goto("/")

    expect(page).to_have_title(re.compile("Conum"))
    header = page.locator("header.fr-header")
    expect(header).to_be_visible()
    expect(header.locator(".fr-header__service-title")).to_have_text("Conum")
    expect(header.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Le numérique, accompagné près de chez vous")

    footer = page.locator("footer.fr-footer")
    for label, href in [
        ("Mentions légales", "/mentions-legales/"),
        ("Données personnelles", "/donnees-personnelles/"),
        ("Accessibilité", "/accessibilite/"),
    ]:
        expect(footer.get_by_role("link", name=re.compile(f"^{label}"))).to_have_attribute("href", href)

    cards = page.locator(".fr-card")
    expect(cards).to_have_count(5)
    expect(cards.locator(".fr-card__title")).to_have_text(
        [
            "Je cherche de l'aide avec le numérique",
            "Je veux devenir conseiller numérique",
            "Ma structure souhaite accueillir un conseiller",
            "Je suis conseiller numérique",
            "Je pilote le programme",
        ]
    )
    # Citizens go to the search near them; advisors and steering staff to the login page.
    expect(cards.nth(0).get_by_role("link", name="Je cherche de l'aide avec le numérique")).to_have_attribute(
        "href", "/aide-numerique/"
    )
    expect(page.locator("#navigation-principale").get_by_role("link")).to_have_text(
        ["Trouver de l'aide", "Ateliers", "Trouver mon niveau"]
    )
    expect(cards.nth(3).get_by_role("link", name="Je suis conseiller numérique")).to_have_attribute(
        "href", "/compte/connexion/"
    )
    screenshot(page, "home")

    footer.get_by_role("link", name="Mentions légales").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mentions légales")


def test_skip_link_leads_the_keyboard_to_the_content(page):
    page.goto("/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Contenu")
    expect(skip_link).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url("/#contenu")
    expect(page.locator("main#contenu")).to_be_focused()
