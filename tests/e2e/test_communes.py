import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.system]


def test_commune_search_and_distance_without_javascript(territories, new_page, screenshot):
    page = new_page(java_script_enabled=False)
    page.goto("/territoires/communes/")

    page.get_by_label("Nom de la commune ou code postal").fill("st junien")
    page.get_by_role("button", name="Rechercher").click()

    expect(page).to_have_url(re.compile(r"/territoires/communes/\?q=st\+junien$"))
    first_row = page.locator("#table-communes tbody tr").first
    expect(first_row.get_by_role("rowheader")).to_have_text("Saint-Junien")
    expect(first_row).to_contain_text("87200")
    screenshot(page, "search_results")

    first_row.get_by_role("link", name="Saint-Junien").click()
    expect(page).to_have_url("/territoires/communes/87154/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Saint-Junien")

    # From Limoges, "87200" designates several communes: the server asks which one, with radio buttons.
    page.goto("/territoires/communes/87085/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Limoges")
    page.locator("#id_vers").fill("87200")
    page.get_by_role("button", name="Calculer la distance").click()

    choices = page.locator("input[type=radio][name=vers_choix]")
    expect(choices.first).to_be_visible()
    assert choices.count() > 1
    expect(page.locator("#contenu")).to_contain_text("Plusieurs communes correspondent à « 87200 »")
    screenshot(page, "distance_choices")

    # The DSFR draws the radio button on its label, which is what a person clicks.
    page.locator("label", has_text=re.compile(r"^Saint-Junien \(87200\)")).click()
    expect(page.get_by_label(re.compile(r"^Saint-Junien \(87200\)"))).to_be_checked()
    page.get_by_role("button", name="Calculer la distance").click()

    expect(page.get_by_role("status")).to_contain_text("Limoges – Saint-Junien (87)")
    expect(page.get_by_role("status")).to_contain_text("28,4 km")
    screenshot(page, "distance")


def test_commune_field_suggests_communes_with_javascript(territories, page):
    page.goto("/territoires/communes/87085/")

    with page.expect_response(lambda response: "/api/v1/communes?q=st%20jun" in response.url) as api_call:
        page.locator("#id_vers").press_sequentially("st jun")
    assert api_call.value.ok

    options = page.locator("#id_vers-suggestions option")
    expect(options).not_to_have_count(0)
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert "Saint-Junien (87200)" in values, values
