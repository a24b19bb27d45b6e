"""Steering in a real browser: national staff drill down the deployment dashboard (France → Nouvelle-Aquitaine →
Haute-Vienne) and open an XLSX export; the public statistics page and the activity statistics page pass axe.
"""

import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.recruitment.hiring import validated_application

pytestmark = [pytest.mark.e2e, pytest.mark.system]

PHONE, DESKTOP = 375, 1280
DEPARTEMENT_FIELD = re.compile(r"^\s*Département\b")  # the DSFR adds "(Optionnel)" to the label
HAUTE_VIENNE = "Haute-Vienne (87)"
GRANTED = 3  # posts granted to one validated application in Limoges
XLSX_HEADER_START = ["Code", "Département", "Code région", "Dotation", "Postes attribués", "Attribués / dotation (%)"]


def _departement_row(page, caption, name=HAUTE_VIENNE):
    """The row of `name` in the table captioned `caption` (the first cell is a row header, a link)."""
    table = page.locator("table", has=page.locator("caption", has_text=caption))
    return table.locator("tbody tr", has=page.get_by_role("rowheader", name=name, exact=True))


def _quota_cell(row):
    """The "Dotation" column is the first after the row header."""
    return row.locator("td").first


def _open_xlsx(download, tmp_path):
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = load_workbook(path, read_only=True)  # read_only keeps the file open until close()
    try:
        return list(workbook.active.iter_rows(values_only=True))
    finally:
        workbook.close()


def test_national_staff_drill_down_to_haute_vienne_and_export_xlsx(
    programme, national_staff, structure_manager, page, log_in, screenshot, check_accessibility, tmp_path
):
    validated_application(structure_manager, commune="87085", posts=GRANTED)
    log_in(page, national_staff.email)
    page.locator("#navigation-principale").get_by_role("link", name="Pilotage", exact=True).click()

    # France
    expect(page).to_have_url("/pilotage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilotage du déploiement")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_role("heading", name="Avancement vers l'objectif national")).to_be_visible()
    gauges = page.get_by_role("progressbar")
    expect(gauges).to_have_count(2)
    expect(gauges.first).to_have_attribute("max", "4000")
    expect(gauges.first).to_have_attribute("value", str(GRANTED))
    progress_text = f"{GRANTED} postes attribués sur 4\u202f000 de l'objectif national"
    expect(page.locator("#contenu")).to_contain_text(progress_text)
    france_row = _departement_row(page, "Déploiement par département")
    expect(france_row).to_have_count(1)
    expect(_quota_cell(france_row)).to_have_text("36")
    check_accessibility(page, "france")
    screenshot(page, "france")

    # Région Nouvelle-Aquitaine, from the table by région
    regions = page.locator("table", has=page.locator("caption", has_text="Déploiement par région"))
    regions.get_by_role("link", name="Nouvelle-Aquitaine", exact=True).click()
    expect(page).to_have_url("/pilotage/regions/75/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilotage du déploiement : Nouvelle-Aquitaine")
    region_row = _departement_row(page, "Déploiement par département, Nouvelle-Aquitaine")
    expect(_quota_cell(region_row)).to_have_text("36")
    expect(region_row.locator("td").nth(1)).to_have_text(str(GRANTED))  # Postes attribués
    check_accessibility(page, "region")
    screenshot(page, "region")

    # Département Haute-Vienne
    region_row.get_by_role("link", name=HAUTE_VIENNE, exact=True).click()
    expect(page).to_have_url("/pilotage/departements/87/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pilotage du déploiement : {HAUTE_VIENNE}")
    posts = page.locator(".fr-callout", has=page.get_by_role("heading", name="Postes", exact=True))
    quota = posts.get_by_role("listitem").filter(has_text="Dotation")
    expect(quota).to_have_text("Dotation : 36")
    expect(quota.locator("strong")).to_have_text("36")
    expect(posts.get_by_role("listitem").filter(has_text="Postes attribués").locator("strong")).to_have_text(
        str(GRANTED)
    )
    gauge = page.get_by_role("progressbar", name="Postes attribués de la dotation départementale")
    expect(gauge).to_have_attribute("max", "36")
    expect(gauge).to_have_attribute("value", str(GRANTED))
    expect(page.locator("table", has_text="Structures d'accueil, Haute-Vienne").locator("tbody tr")).to_have_count(1)
    check_accessibility(page, "departement")
    screenshot(page, "departement")

    # Back to France by the breadcrumb, and the XLSX export of the table by département
    page.locator("nav.fr-breadcrumb").get_by_role("link", name="France", exact=True).click()
    expect(page).to_have_url("/pilotage/")
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Exporter en XLSX : déploiement par département", exact=True).click()
    download = downloaded.value
    assert re.fullmatch(r"deploiement-departements-\d{4}-\d{2}-\d{2}\.xlsx", download.suggested_filename)
    rows = _open_xlsx(download, tmp_path)
    header, lines = rows[0], rows[1:]
    assert list(header[: len(XLSX_HEADER_START)]) == XLSX_HEADER_START
    assert header[-3:] == ("Subvention engagée (€)", "Versé (€)", "Reste à verser (€)")
    haute_vienne = [line for line in lines if line[0] == "87"]
    assert len(haute_vienne) == 1, haute_vienne
    line = dict(zip(header, haute_vienne[0], strict=True))
    assert (line["Département"], line["Code région"]) == ("Haute-Vienne", "75")
    assert line["Dotation"] == 36
    assert line["Postes attribués"] == GRANTED
    assert line["Attribués / dotation (%)"] == pytest.approx(8.3)
    assert len(lines) == page.locator("table", has_text="Déploiement par département").first.locator("tbody tr").count()


# ---- the public statistics page -----------------------------------------------------------------------------


def test_public_statistics_page_passes_axe(programme, structure_manager, new_page, screenshot, check_accessibility):
    validated_application(structure_manager, commune="87085", posts=GRANTED)
    page = new_page()  # an anonymous visitor
    page.goto(reverse("steering:public_statistics"))
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main#contenu h1")).to_have_text("Le programme Conseiller numérique en chiffres")
    expect(_key_figure(page, "Objectif national de postes")).to_have_text("4\u202f000")
    check_accessibility(page, f"france-{DESKTOP}")
    screenshot(page, f"france-{DESKTOP}")

    form = page.get_by_role("form", name="Choisir un territoire")
    form.get_by_label(DEPARTEMENT_FIELD).select_option(label=HAUTE_VIENNE)
    form.get_by_role("button", name="Afficher").click()

    expect(page).to_have_url(re.compile(r"\?departement=87$"))
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_label(DEPARTEMENT_FIELD)).to_have_value("87")
    expect(page.locator("table caption", has_text="Déploiement")).to_have_text(f"Déploiement, {HAUTE_VIENNE}")
    expect(_key_figure(page, "Dotation de postes du département")).to_have_text("36")
    expect(_key_figure(page, "Postes attribués")).to_have_text(str(GRANTED))
    gauge = page.get_by_role("progressbar", name="Conseillers en poste par rapport à la dotation")
    expect(gauge).to_have_attribute("max", "36")
    expect(page.locator("svg.conum-chart").first).to_be_attached()
    check_accessibility(page, f"haute-vienne-{DESKTOP}")
    screenshot(page, f"haute-vienne-{DESKTOP}")

    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Télécharger tous ces chiffres (CSV)").click()
    download = downloaded.value
    assert re.fullmatch(r"conum-chiffres-87-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), "rb") as file:  # noqa: PTH123
        content = file.read()
    assert content.startswith(b"\xef\xbb\xbf"), "the CSV starts with a BOM, for Excel"
    lines = content.removeprefix(b"\xef\xbb\xbf").decode("utf-8").splitlines()
    assert lines[0] == "Rubrique;Indicateur;Valeur;Part (%);Base du pourcentage"
    assert any("Dotation de postes du département" in line and "36" in line for line in lines), lines[:10]

    page.set_viewport_size({"width": PHONE, "height": 800})
    screenshot(page, f"haute-vienne-{PHONE}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, "the page scrolls sideways on a phone"
    check_accessibility(page, f"haute-vienne-{PHONE}")


def _key_figure(page, label):
    """The value cell of the row `label` in the deployment table."""
    table = page.locator("table", has=page.locator("caption", has_text="Déploiement"))
    return table.locator("tr", has=page.get_by_role("rowheader", name=label, exact=True)).locator("td")


# ---- the activity statistics page ---------------------------------------------------------------------------


def test_activity_statistics_page_passes_axe(programme, national_staff, page, log_in, screenshot, check_accessibility):
    log_in(page, national_staff.email)
    page.goto("/statistiques/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistiques d'activité — national")
    expect(page.locator("#contenu")).to_contain_text("France entière")
    check_accessibility(page, "national")
    screenshot(page, "national")

    form = page.get_by_role("form", name="Choisir le périmètre, la période et les filtres")
    form.get_by_label("Périmètre").select_option(label="Département")
    form.get_by_role("textbox", name=re.compile(r"^Code\b")).fill("87")  # the label carries a hint
    form.get_by_role("button", name="Afficher les statistiques").click()

    expect(page).to_have_url(re.compile(r"/statistiques/\?perimetre=departement&code=87"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistiques d'activité — département")
    expect(page.locator("#contenu")).to_contain_text("Haute-Vienne")
    expect(page.locator("#tableau-chiffres-cles")).to_be_visible()
    expect(page.locator("#tableau-mois tbody tr").first).to_be_visible()
    expect(page.locator("svg.conum-chart").first).to_be_visible()
    check_accessibility(page, "haute-vienne")
    screenshot(page, "haute-vienne")
