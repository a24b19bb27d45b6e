# ruff: noqa: F811  (the activity fixtures, imported to be used as fixtures here)
"""Reports in a real browser: entered with the keyboard and without JavaScript, listed, counted in the
statistics; axe finds no serious problem on the form (also in its error state), the list and the statistics.

axe runs in the page's JavaScript: its checks use a second page, with JavaScript (on a page without it,
axe waits forever)."""

import pytest
from playwright.sync_api import expect

from conum.activity.models import ActivityReport
from tests.activity.conftest import advisor, hired_advisor, limoges_application, place  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.system]


def test_an_advisor_records_reports_without_javascript_and_sees_them_in_its_statistics(
    live_server, advisor, hired_advisor, place, new_page, log_in, screenshot
):
    page = new_page(java_script_enabled=False)
    log_in(page, advisor.email)
    page.locator("#navigation-principale").get_by_role("link", name="Comptes rendus").click()
    page.get_by_role("link", name="Nouveau compte rendu").click()
    expect(page.locator("h1")).to_have_text("Nouveau compte rendu d'activité")

    # Sent empty: the summary lists what to fix, each field says it.
    page.get_by_role("button", name="Enregistrer et saisir un autre compte rendu").click()
    expect(page.get_by_role("alert")).to_contain_text("Le compte rendu n'est pas enregistré")
    screenshot(page, "form_errors")

    # An individual accompaniment, by keyboard: labels are what a screen reader announces.
    page.get_by_label("Lieu d'activité", exact=True).first.check(force=True)  # the DSFR draws the box on the label
    page.locator("#id_place").select_option(label="Médiathèque de Limoges")
    page.get_by_label("45 min").check(force=True)
    page.get_by_label("60–69 ans").check(force=True)
    page.get_by_label("Retraité(e)").check(force=True)
    page.get_by_label("E-mail", exact=True).check(force=True)
    page.get_by_label("Téléphone").check(force=True)
    page.get_by_label("Autonome avec guidage en cas de besoin").check(force=True)
    page.get_by_label("Poursuit en atelier collectif").check(force=True)
    page.get_by_label("Notes").press("Tab")
    page.keyboard.press("Enter")  # the first button: save, and enter the next one
    expect(page.get_by_role("status")).to_contain_text("enregistré (accompagnement individuel)")
    expect(page.locator("#id_place")).to_have_value(str(place.pk))  # the usual place is remembered
    screenshot(page, "form")

    # Then a workshop of 4.
    page.get_by_role("link", name="Atelier collectif").click()
    page.get_by_label("1 h 30").check(force=True)
    page.locator("#id_participants").fill("4")
    page.locator("#id_age_70_plus").fill("3")
    page.locator("#id_age_non_communique").fill("1")
    page.locator("#id_status_retraite").fill("4")
    page.get_by_label("Prendre en main du matériel").check(force=True)
    page.get_by_role("button", name="Enregistrer et voir mes comptes rendus").click()
    expect(page.locator("caption").first).to_have_text("2 comptes rendus")
    screenshot(page, "list")
    assert ActivityReport.objects.filter(advisor=hired_advisor).count() == 2

    page.get_by_role("link", name="Mes statistiques").first.click()
    expect(page.locator("h1")).to_have_text("Mes statistiques")
    key_figures = page.locator("table").first
    expect(key_figures.locator("tr", has_text="Accompagnements (participants)")).to_contain_text("5")
    expect(key_figures.locator("tr", has_text="Ateliers collectifs")).to_contain_text("1")
    screenshot(page, "statistics")


PAGES = [
    ("form", "/activite/comptes-rendus/nouveau/?type=individuel"),
    ("workshop_form", "/activite/comptes-rendus/nouveau/?type=collectif"),
    ("list", "/activite/comptes-rendus/"),
    ("statistics", "/activite/comptes-rendus/statistiques/"),
]


def test_report_pages_have_no_serious_accessibility_violation(
    live_server, advisor, place, new_page, log_in, check_accessibility
):
    page = new_page()
    log_in(page, advisor.email)
    for name, path in PAGES:
        page.goto(path)
        expect(page.locator("main#contenu h1")).to_be_visible()
        check_accessibility(page, name)
    page.goto("/activite/comptes-rendus/nouveau/?type=collectif")
    page.get_by_role("button", name="Enregistrer et saisir un autre compte rendu").click()
    expect(page.get_by_role("alert")).to_contain_text("Le compte rendu n'est pas enregistré")
    check_accessibility(page, "form_errors")
