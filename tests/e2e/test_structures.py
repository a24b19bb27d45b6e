"""The host structure path as its users walk it: apply, prefecture opinion, committee decision, result."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import valid_siret

pytestmark = [pytest.mark.e2e, pytest.mark.system]


def test_application_opinion_decision_and_result(
    programme, prefecture_agent, national_staff, new_page, log_in, screenshot, check_accessibility
):
    siret = valid_siret(21870154)
    # 1. The town hall applies through the public form (without an account).
    structure = new_page()
    structure.goto("/")
    structure.get_by_role("link", name="Ma structure souhaite accueillir un conseiller").click()
    expect(structure.get_by_role("heading", level=1)).to_have_text("Demander un poste de conseiller numérique")
    check_accessibility(structure, "apply")
    structure.get_by_label("SIRET de la structure").fill(siret)
    structure.get_by_label("Nom de la structure", exact=True).fill("Mairie de Saint-Junien")
    structure.get_by_label("Type de structure").select_option("commune")
    structure.get_by_label("Adresse", exact=True).fill("Place Auguste Roche")
    structure.get_by_label("Commune", exact=True).fill("Saint-Junien (87200)")
    structure.get_by_label("Prénom du contact").fill("Alix")
    structure.get_by_label("Nom du contact", exact=True).fill("Martin")
    structure.get_by_label("Fonction du contact").fill("Directrice générale des services")
    structure.get_by_label("Adresse e-mail professionnelle du contact").fill("alix.martin@saint-junien.example")
    structure.get_by_label("Téléphone du contact").fill("05 55 02 17 17")
    structure.get_by_label("Nombre de postes de conseiller numérique demandés").fill("2")
    structure.get_by_label("Date souhaitée de début de mission").fill((date.today() + timedelta(days=30)).isoformat())
    structure.get_by_label("Votre projet et votre motivation").fill("Des ateliers à la médiathèque et en mairie.")
    for label in structure.locator("fieldset:has(legend:text('Engagements de la structure')) label").all():
        label.click()
    screenshot(structure, "apply_filled")
    structure.get_by_role("button", name="Déposer la candidature").click()
    expect(structure.get_by_role("heading", name="Demande envoyée")).to_be_visible()
    screenshot(structure, "submitted")

    # 2. The Haute-Vienne prefecture gives a favourable opinion.
    prefecture = new_page()
    log_in(prefecture, prefecture_agent.email)
    prefecture.locator("#navigation-principale").get_by_role("link", name="Candidatures").click()
    prefecture.get_by_role("link", name="Mairie de Saint-Junien").click()
    prefecture.get_by_text("Favorable", exact=True).click()
    prefecture.get_by_label("Postes recommandés").fill("2")
    prefecture.get_by_label("Commentaire").fill("Projet solide, porté par la médiathèque.")
    check_accessibility(prefecture, "opinion_form")
    prefecture.get_by_role("button", name="Enregistrer l'avis").click()
    expect(prefecture.get_by_text("Avis enregistré.")).to_be_visible()

    # 3. The national team validates 2 posts in committee.
    staff = new_page()
    log_in(staff, national_staff.email)
    staff.locator("#navigation-principale").get_by_role("link", name="Comité").click()
    expect(staff.get_by_role("row", name=re.compile("Mairie de Saint-Junien"))).to_contain_text("Favorable (2)")
    check_accessibility(staff, "committee_queue")
    staff.get_by_role("link", name="Mairie de Saint-Junien").click()
    staff.get_by_text("Validée", exact=True).click()
    staff.get_by_label("Postes attribués (si validée)").fill("2")
    staff.get_by_label("Numéro du comité").fill("COSELEC-12")
    staff.get_by_label("Date du comité").fill(date.today().isoformat())
    staff.get_by_role("button", name="Enregistrer la décision").click()
    expect(staff.get_by_text("Décision enregistrée.")).to_be_visible()
    screenshot(staff, "decided")

    # 4. The contact chooses a password from the e-mail and sees 2 posts and 100,000 € committed.
    link = next(
        re.search(r"https?://\S+(/compte/mot-de-passe-oublie/\S+/)", m.body).group(1)
        for m in mail.outbox
        if m.to == ["alix.martin@saint-junien.example"] and "mot-de-passe-oublie" in m.body
    )
    structure.goto(link)
    structure.locator("#id_new_password1").fill("une phrase de passe solide")
    structure.locator("#id_new_password2").fill("une phrase de passe solide")
    structure.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(structure.get_by_role("heading", level=1)).to_have_text("Mon espace")  # signed in by the link
    structure.locator("#navigation-principale").get_by_role("link", name="Ma structure").click()
    summary = structure.locator("main")
    expect(summary).to_contain_text("Validée")
    expect(summary.locator("dd").filter(has_text=re.compile(r"^\s*2\s*$")).first).to_be_visible()
    expect(summary).to_contain_text(re.compile(r"100\s000,00\s€"))
    screenshot(structure, "structure_space")
    check_accessibility(structure, "structure_space")
