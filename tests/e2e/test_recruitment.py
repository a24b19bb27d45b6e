"""The recruitment path as its users walk it: a person applies and confirms the address, is proposed to the
nearest structure, shortlisted, given a contract (refused below the minimum wage, then accepted), validated
by the national team, and signs in as an advisor."""

import re
from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import expect

from conum.recruitment import matching
from conum.structures.models import StructureApplication, StructureMembership
from conum.territories.distance import Point, haversine_km
from conum.territories.models import Commune
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = [pytest.mark.e2e, pytest.mark.system]

LIMOGES, SAINT_JUNIEN = "87085", "87154"
NAME, EMAIL, PASSWORD = "Léa Dupuis", "lea.dupuis@exemple.fr", "une phrase de passe solide"


@pytest.fixture
def limoges(programme, structure_manager):
    """A validated application with 2 posts in Limoges, managed by `structure_manager`."""
    application = ApplicationFactory(structure__commune_id=LIMOGES, structure__name="Mairie de Limoges")
    StructureApplication.objects.filter(pk=application.pk).update(status="validated", posts_granted=2)
    StructureMembership.objects.create(structure=application.structure, user=structure_manager)
    return application


@pytest.fixture
def others(limoges):
    """People already proposed to Limoges, all farther than Saint-Junien, so that "first" means nearest; and
    one nearer person whose mobility does not reach Limoges, so that mobility is respected."""
    CandidateFactory(first_name="Basile", last_name="Bellac", commune_id="87011", mobility_km=40)  # 32.2 km
    CandidateFactory(first_name="Gaëlle", last_name="Guéret", commune_id="23096", mobility_km=100)  # 59.1 km
    CandidateFactory(first_name="Noé", last_name="Nieul", commune_id="87107", mobility_km=5)  # 9.2 km
    matching.run()


def normalised(text: str) -> str:
    """Amounts use no-break spaces (conum/core/formatting.py): compare with plain single spaces."""
    return " ".join(text.split())


def distance_label(code_a: str, code_b: str) -> str:
    """The distance between two commune centres as the candidate list shows it: "28,4 km"."""
    a, b = (Commune.objects.get(pk=code) for code in (code_a, code_b))
    km = haversine_km(Point(a.latitude, a.longitude), Point(b.latitude, b.longitude))
    return f"{km:.1f}".replace(".", ",") + " km"


def link_in_email(recipient: str, path_prefix: str) -> str:
    """The path of the first link starting with `path_prefix` in an e-mail sent to `recipient` (the e-mails
    carry SITE_URL, not the live server's address)."""
    for message in mail.outbox:
        found = re.search(rf"https?://\S+?({re.escape(path_prefix)}\S+)", message.body)
        if message.to == [recipient] and found:
            return found.group(1)
    raise AssertionError(f"No e-mail to {recipient} with a link to {path_prefix}")


def navigation_labels(page) -> list[str]:
    return [normalised(text) for text in page.locator("#navigation-principale a").all_inner_texts()]


def apply_as_candidate(page, check_accessibility, screenshot):
    page.goto("/")
    page.get_by_role("link", name="Je veux devenir conseiller numérique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Devenir conseiller numérique")
    check_accessibility(page, "candidate_form")
    page.get_by_label("Prénom").fill("Léa")
    page.get_by_label("Nom", exact=True).fill("Dupuis")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    # With JavaScript the commune input suggests communes in its datalist; the person picks Saint-Junien.
    commune = page.get_by_label("Votre commune")
    commune.press_sequentially("Saint-Juni")
    suggestion = page.locator('#id_commune-suggestions option[value="Saint-Junien (87200)"]')
    expect(suggestion).to_have_text("Haute-Vienne")
    commune.fill(suggestion.get_attribute("value"))  # what choosing the suggestion puts in the input
    page.get_by_label("Jusqu'où êtes-vous prêt(e) à aller travailler ?").select_option(label="40 km")
    page.get_by_label("Disponible à partir du").fill(date.today().isoformat())
    page.get_by_text("Je suis demandeur ou demandeuse d'emploi").click()
    page.locator("fieldset", has_text="expérience professionnelle").get_by_text("Non", exact=True).click()
    page.get_by_label("Votre motivation").fill("J'aide déjà mes voisins à faire leurs démarches en ligne.")
    screenshot(page, "candidate_form_filled")
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmez votre adresse e-mail")
    expect(page.locator("main")).to_contain_text(EMAIL)
    screenshot(page, "candidate_applied")


def confirm_and_choose_password(page, screenshot):
    """The e-mail's link confirms the address (which queues matching), then asks for a password and signs in."""
    page.goto(link_in_email(EMAIL, "/recrutement/confirmer/"))
    expect(page.get_by_text("Adresse confirmée")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choisir votre mot de passe")
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_text("Mot de passe enregistré : vous êtes connecté(e).")).to_be_visible()
    screenshot(page, "candidate_password_chosen")


def record_contract(page, salary: str):
    page.get_by_label("Type de contrat").select_option(label="CDD")
    page.get_by_label("Date de début").fill("2024-01-15")
    page.get_by_label("Durée hebdomadaire (heures)").fill("35")
    page.get_by_label("Salaire brut mensuel (€)").fill(salary)
    page.get_by_role("button", name="Enregistrer le contrat").click()


def test_candidate_is_matched_shortlisted_hired_and_becomes_an_advisor(
    limoges, others, structure_manager, national_staff, new_page, log_in, screenshot, check_accessibility
):
    # 1. A person in Saint-Junien, ready to go 40 km, applies without an account and confirms the address.
    candidate = new_page()
    apply_as_candidate(candidate, check_accessibility, screenshot)
    confirm_and_choose_password(candidate, screenshot)

    # 2. Matching ran on confirmation: Limoges sees the person first, nearer than everyone else proposed.
    structure = new_page()
    log_in(structure, structure_manager.email)
    structure.locator("#navigation-principale").get_by_role("link", name="Ma structure", exact=True).click()
    structure.get_by_role("link", name="Voir les candidats proposés").click()
    expect(structure).to_have_url(re.compile(rf"/recrutement/structures/{limoges.pk}/candidats/$"))
    rows = structure.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(structure.locator("table")).not_to_contain_text("Noé Nieul")  # Limoges is beyond his 5 km
    expect(rows.first.get_by_role("rowheader")).to_have_text(NAME)
    distance = distance_label(SAINT_JUNIEN, LIMOGES)  # centre to centre, from conum/territories/data
    assert distance == "28,4 km"
    commune_cell, distance_cell = rows.first.locator("td").nth(0), rows.first.locator("td").nth(1)
    expect(commune_cell).to_have_text("Saint-Junien")
    expect(distance_cell).to_have_text(distance)
    expect(rows.nth(1)).to_contain_text("Basile Bellac")
    expect(rows.nth(2)).to_contain_text("Gaëlle Guéret")
    screenshot(structure, "candidate_list")
    check_accessibility(structure, "candidate_list")

    # 3. The structure shortlists the person, then records the contract: below the SMIC it is refused.
    structure.get_by_role("button", name=f"Présélectionner {NAME}").click()
    expect(rows.first).to_contain_text("Présélectionnée")
    structure.get_by_role("link", name=f"Enregistrer le contrat de {NAME}").click()
    expect(structure.get_by_role("heading", level=1)).to_have_text(f"Enregistrer le contrat de {NAME}")
    check_accessibility(structure, "contract_form")
    record_contract(structure, salary="1700")
    refusal = structure.locator("main [role=alert]")
    expect(refusal).to_contain_text("inférieur au minimum")
    # SMIC of 1 January 2024 (programme defaults), for 35 h of 35 h.
    assert "soit 1 766,92 € au moins" in normalised(refusal.inner_text())
    screenshot(structure, "contract_refused")
    record_contract(structure, salary="1800")
    expect(structure.get_by_text(f"Contrat de {NAME} enregistré")).to_be_visible()
    # The default list keeps the people still to consider; the proposed contract has its own filter.
    expect(structure.get_by_text("Contrat proposé : 1")).to_be_visible()
    structure.get_by_label("Statut").select_option(label="Contrat proposé")
    structure.get_by_role("button", name="Filtrer").click()
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("rowheader")).to_have_text(NAME)
    screenshot(structure, "contract_recorded")

    # 4. The national team validates the contract (a public structure's CDD lasts the programme's 24 months).
    staff = new_page()
    log_in(staff, national_staff.email)
    staff.locator("#navigation-principale").get_by_role("link", name="Contrats", exact=True).click()
    row = staff.get_by_role("row", name=re.compile(NAME))
    expect(row).to_contain_text("Mairie de Limoges (87)")
    expect(row).to_contain_text("CDD du 15/01/2024 au 15/01/2026, 35 h")
    assert "1 800,00 €" in normalised(row.inner_text())
    screenshot(staff, "contracts_to_validate")
    staff.get_by_role("button", name=f"Valider le contrat de {NAME}").click()
    expect(staff.get_by_text(f"Contrat de {NAME} : décision enregistrée.")).to_be_visible()
    expect(staff.get_by_text("Aucun contrat à valider.")).to_be_visible()

    # 5. The person is welcomed by e-mail and signs in to an advisor's space: no candidacy any more.
    welcome = [m for m in mail.outbox if m.to == [EMAIL] and "Bienvenue" in m.subject]
    assert len(welcome) == 1 and "Mairie de Limoges" in welcome[0].body
    candidate.context.clear_cookies()  # signed in since the password was chosen: sign in afresh
    log_in(candidate, EMAIL, password=PASSWORD)
    candidate.goto("/compte/")
    expect(candidate.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(candidate.locator("main dd").filter(has_text=re.compile("^Conseiller numérique$"))).to_be_visible()
    # The advisor's navigation (tests/accounts/test_navigation.py): "Mon espace", no candidacy any more.
    labels = navigation_labels(candidate)
    assert "Mon espace" in labels and "Ma candidature" not in labels
    expect(candidate.get_by_role("link", name="Ma candidature")).to_have_count(0)
    screenshot(candidate, "advisor_space")
