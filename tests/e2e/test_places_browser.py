"""Places in a real browser: created without JavaScript through the form, and axe finds no serious problem."""

# ruff: noqa: F811  (the activity fixtures, imported to be used as fixtures here)

import pytest
from playwright.sync_api import expect

from conum.activity.models import Place
from tests.activity.conftest import advisor, hired_advisor, limoges_application, place  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.system]


def test_an_advisor_creates_a_place_without_javascript(advisor, hired_advisor, new_page, log_in, screenshot):
    page = new_page(java_script_enabled=False)
    log_in(page, advisor.email)
    page.locator("#navigation-principale").get_by_role("link", name="Mes lieux").click()
    expect(page.locator("h1")).to_have_text("Mes lieux d'activité")
    page.get_by_role("link", name="Ajouter un lieu").click()
    fill_place_form(page)
    page.get_by_role("button", name="Créer le lieu").click()
    # Limoges has three postal codes and the hours are malformed: both are said beside their field.
    expect(page.get_by_role("alert")).to_contain_text("Le lieu n'est pas enregistré")
    expect(page.locator("#id_opening_hours-desc-error")).to_contain_text(
        "Horaires illisibles au caractère 7 : une heure au format HH:MM est attendue."
    )
    expect(page.locator("#id_postal_code-desc-error")).to_contain_text("Limoges en a plusieurs")
    page.locator("#id_postal_code").fill("87280")
    page.locator("#id_opening_hours").fill("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00")
    page.get_by_role("button", name="Créer le lieu").click()
    expect(page.locator("h1")).to_have_text("Espace numérique de Beaubreuil")
    expect(page.locator("main")).to_contain_text("Lundi–vendredi : 9 h–12 h, 14 h–17 h")
    screenshot(page, "place_detail")
    place = Place.objects.get()
    assert place.postal_code == "87280" and list(place.advisors.all()) == [hired_advisor]
    page.goto("/activite/lieux/")
    expect(page.get_by_role("table")).to_contain_text("Espace numérique de Beaubreuil")


def fill_place_form(page):
    page.locator("#id_name").fill("Espace numérique de Beaubreuil")
    page.locator("#id_typology").select_option(label="Centre social")
    page.locator("#id_address").fill("5 allée Marcel Proust")
    page.locator("#id_commune").fill("Limoges")
    # The OpenStreetMap text is folded away for experts (the French editor comes first): open it to type there.
    page.get_by_text("Avancé : horaires au format OpenStreetMap").click()
    page.locator("#id_opening_hours").fill("Mo-Fr 9h-12h")
    for label in ("Maîtrise des outils numériques du quotidien", "Gratuit", "Se présenter"):
        page.get_by_text(label, exact=True).click()  # a DSFR checkbox's label covers it, as a person clicks it


def test_place_pages_are_accessible(
    advisor, structure_manager, place, new_page, log_in, screenshot, check_accessibility
):
    """axe needs JavaScript: these pages are checked in a JavaScript-enabled browser."""
    page = new_page()
    log_in(page, advisor.email)
    page.goto("/activite/lieux/nouveau/")
    fill_place_form(page)
    page.get_by_role("button", name="Créer le lieu").click()
    expect(page.get_by_role("alert")).to_contain_text("Le lieu n'est pas enregistré")
    screenshot(page, "place_form_errors")
    check_accessibility(page, "place_form_errors")
    for name, path in [("place_list", "/activite/lieux/"), ("place_detail", f"/activite/lieux/{place.pk}/")]:
        page.goto(path)
        expect(page.locator("main#contenu h1")).to_be_visible()
        screenshot(page, name)
        check_accessibility(page, name)
    page = new_page()
    page = new_page()
    log_in(page, structure_manager.email)
    page.goto(f"/activite/lieux/{place.pk}/modifier/")
    expect(page.locator("h1")).to_have_text("Modifier le lieu « Médiathèque de Limoges »")
    expect(page.get_by_role("group", name="Conseillers numériques qui travaillent dans ce lieu")).to_be_visible()
    screenshot(page, "place_edit")
    check_accessibility(page, "place_edit")
    page.goto(f"/activite/lieux/{place.pk}/archiver/")
    check_accessibility(page, "place_archive")
