"""Issue 15, dead end 4: an advisor types a place's opening hours in French, day by day, instead of OpenStreetMap
syntax. From the home page, by clicking: sign in, "Mes lieux", "Ajouter un lieu", Tuesday and Thursday from 14:00
to 18:00; once with JavaScript at 1280 px, once without at 375 px; each time a mistake on Thursday is first said
beside it, and nothing is saved. The place's page shows the hours in French; axe finds no serious problem."""

# ruff: noqa: F811  (the activity fixtures, imported to be used as fixtures here)

import re

import pytest
from playwright.sync_api import expect

from conum.activity.models import Place
from tests.activity.conftest import advisor, hired_advisor, limoges_application  # noqa: F401
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.system]

DESKTOP, PHONE = 1280, 375
START, END = "De (début du premier créneau)", "à (fin du premier créneau)"


def _sign_in_and_open_the_place_form(page, advisor, *, java_script):
    """From the home page, by clicking. Without JavaScript a phone cannot open the header's menu: the home page's
    "Je suis conseiller numérique" card and "Mon espace"'s tools lead the way instead."""
    page.goto("/")
    if java_script:
        page.locator("header.fr-header").get_by_role("link", name="Se connecter").first.click()
    else:
        card = page.locator(".fr-card", has=page.get_by_role("heading", name="Je suis conseiller numérique"))
        card.get_by_role("link").click()
    page.locator("#id_username").fill(advisor.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    links = page.locator("#navigation-principale") if java_script else page.locator("main")
    links.get_by_role("link", name="Mes lieux", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes lieux d'activité")
    page.get_by_role("link", name="Ajouter un lieu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau lieu d'activité")


def _fill_the_place(page):
    """The fields other than the hours (their labels hold hints: found by id, as in test_places_browser)."""
    page.locator("#id_name").fill("Espace numérique de Beaubreuil")
    page.locator("#id_typology").select_option(label="Centre social")
    page.locator("#id_address").fill("5 allée Marcel Proust")
    page.locator("#id_commune").fill("Limoges")
    page.locator("#id_postal_code").fill("87280")
    for label in ("Maîtrise des outils numériques du quotidien", "Gratuit", "Se présenter"):
        page.get_by_text(label, exact=True).click()  # a DSFR checkbox's label covers it, as a person clicks it


def _day(page, name):
    """A weekday's fieldset (refused, its name also holds the message)."""
    return page.get_by_role("group", name=re.compile(rf"^{name}\b"))


def _fill_slot(page, day, start, end):
    _day(page, day).get_by_label(START).fill(start)
    _day(page, day).get_by_label(END).fill(end)


def _the_place_page_shows_the_hours_in_french(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace numérique de Beaubreuil")
    hours = page.locator("h2", has_text="Horaires d'ouverture").locator("xpath=following-sibling::ul[1]")
    expect(hours.get_by_role("listitem")).to_have_text(["Mardi, jeudi : 14 h–18 h", "Jours fériés : fermé"])
    assert Place.objects.get().opening_hours == "Tu,Th 14:00-18:00; PH off"


def test_an_advisor_types_the_hours_in_french_with_javascript(
    advisor, hired_advisor, new_page, screenshot, check_accessibility
):
    page = new_page()
    _sign_in_and_open_the_place_form(page, advisor, java_script=True)
    # The OpenStreetMap text is folded away, for experts: the days are what a person fills.
    expect(page.get_by_label("Horaires au format OpenStreetMap")).to_be_hidden()
    _fill_the_place(page)
    _fill_slot(page, "Mardi", "14:00", "18:00")
    _fill_slot(page, "Jeudi", "14:00", "18:00")
    _day(page, "Jeudi").get_by_label("puis de (début du second créneau, facultatif)").fill("17:00")
    expect(page.get_by_role("radio", name="Fermé les jours fériés")).to_be_checked()
    screenshot(page, f"place_hours_form-{DESKTOP}")
    check_accessibility(page, f"place_hours_form-{DESKTOP}")
    page.get_by_role("button", name="Créer le lieu").click()
    # A second slot begun and not ended: said beside Thursday, in a page axe finds clean at both widths.
    expect(_day(page, "Jeudi")).to_contain_text("Indiquez l'heure de fin du second créneau.")
    assert not Place.objects.exists()
    screenshot(page, f"place_hours_error-{DESKTOP}")
    check_accessibility(page, f"place_hours_error-{DESKTOP}")
    page.set_viewport_size({"width": PHONE, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, "the form scrolls sideways on a phone"
    check_accessibility(page, f"place_hours_error-{PHONE}")
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    _day(page, "Jeudi").get_by_label("puis de (début du second créneau, facultatif)").fill("")
    page.get_by_role("button", name="Créer le lieu").click()
    _the_place_page_shows_the_hours_in_french(page)
    screenshot(page, f"place_hours_detail-{DESKTOP}")
    check_accessibility(page, f"place_hours_detail-{DESKTOP}")

    # Back in the form, the editor shows the stored hours.
    page.get_by_role("link", name="Modifier").click()
    expect(_day(page, "Mardi").get_by_label(START)).to_have_value("14:00")
    expect(_day(page, "Jeudi").get_by_label(END)).to_have_value("18:00")
    expect(_day(page, "Lundi").get_by_label(START)).to_have_value("")


def test_an_advisor_types_the_hours_in_french_without_javascript_on_a_phone(
    advisor, hired_advisor, new_page, screenshot
):
    page = new_page(java_script_enabled=False, viewport={"width": PHONE, "height": 800})
    _sign_in_and_open_the_place_form(page, advisor, java_script=False)
    _fill_the_place(page)
    _fill_slot(page, "Mardi", "14:00", "18:00")
    _fill_slot(page, "Jeudi", "18:00", "14:00")  # the other way round: said beside Thursday, nothing saved
    screenshot(page, f"place_hours_form-{PHONE}-nojs")
    page.get_by_role("button", name="Créer le lieu").click()
    expect(page.get_by_role("alert")).to_contain_text("Le lieu n'est pas enregistré")
    expect(page.get_by_role("alert").get_by_role("link", name="Jeudi")).to_be_visible()
    expect(_day(page, "Jeudi")).to_contain_text(
        "Premier créneau : l'heure de fin (14:00) doit être après l'heure de début (18:00)."
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, "the form scrolls sideways on a phone"
    screenshot(page, f"place_hours_error-{PHONE}-nojs")
    assert not Place.objects.exists()
    expect(_day(page, "Mardi").get_by_label(START)).to_have_value("14:00")  # what was typed stays
    _fill_slot(page, "Jeudi", "14:00", "18:00")
    page.get_by_role("button", name="Créer le lieu").click()
    _the_place_page_shows_the_hours_in_french(page)
    screenshot(page, f"place_hours_detail-{PHONE}-nojs")
