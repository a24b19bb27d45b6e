"""A structure recruits with its eyes open: its manager signs in from the home page, opens its candidates, then a
candidate's page (motivation, profile, history), shortlists the person, sees the contact details and proposes an
interview; the person signs in, finds the request in "Ma candidature" and answers; the structure sees the answer.
At 1280 and 375 px, axe clean."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from conum.recruitment import matching
from conum.recruitment.models import Match
from conum.structures.models import HostStructure
from tests.factories import PASSWORD, CandidateFactory, UserFactory
from tests.helpers import totp_code, totp_device
from tests.recruitment.hiring import validated_application

pytestmark = [pytest.mark.e2e, pytest.mark.system]

DESKTOP, PHONE = 1280, 375
NAME, EMAIL = "Léa Dupuis", "lea.dupuis@exemple.fr"
MOTIVATION = "J'aide déjà mes voisins à faire leurs démarches en ligne, et j'aimerais en faire mon métier."
MESSAGE = "Nous pouvons vous recevoir mardi ou jeudi matin à la mairie."


@pytest.fixture
def proposal(programme, structure_manager):
    """Limoges (2 posts) managed by Inès Marchand; Léa Dupuis of Saint-Junien (40 km), proposed by matching."""
    application = validated_application(structure_manager, commune="87085")
    HostStructure.objects.filter(pk=application.structure_id).update(
        name="Mairie de Limoges", address="9 place Léon Betoulle", contact_phone="+33555455000"
    )
    structure_manager.first_name, structure_manager.last_name = "Inès", "Marchand"
    structure_manager.save()
    user = UserFactory(candidate=True, email=EMAIL, first_name="Léa", last_name="Dupuis")
    CandidateFactory(
        user=user, email=EMAIL, first_name="Léa", last_name="Dupuis", commune_id="87154", mobility_km=40,
        motivation=MOTIVATION, has_experience=True, mediation_diploma=True, diploma_name="Titre professionnel REMN",
        pix_level_1=2, pix_level_2=2, pix_level_3=3,
    )  # fmt: skip
    matching.run()
    return Match.objects.get(candidate__email=EMAIL)


def open_menu_on_a_phone(page, width):
    """On a phone the header's links and the main navigation are in the menu."""
    if width == PHONE:
        page.locator("header.fr-header").get_by_role("button", name="Menu").click()


def sign_in_from_home(page, width, user):
    page.goto("/")
    open_menu_on_a_phone(page, width)
    page.locator("header.fr-header").get_by_role("link", name="Se connecter").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter à Conum")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    if user.requires_second_factor and "/compte/double-authentification/" in page.url:
        page.locator("#id_code").fill(totp_code(totp_device(user)))
        page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_a_structure_opens_a_candidate_shortlists_proposes_an_interview_and_gets_the_answer(
    proposal, structure_manager, new_page, width, screenshot, check_accessibility
):
    viewport = {"width": width, "height": 900 if width == DESKTOP else 800}
    structure = new_page(viewport=viewport)
    if structure_manager.requires_second_factor:
        totp_device(structure_manager)

    # 1. The manager signs in from the home page and opens its candidates from "Ma structure".
    sign_in_from_home(structure, width, structure_manager)
    open_menu_on_a_phone(structure, width)
    structure.locator("#navigation-principale").get_by_role("link", name="Ma structure", exact=True).click()
    structure.get_by_role("link", name="Voir les candidats proposés").click()
    expect(structure.get_by_role("heading", level=1)).to_have_text("Candidats proposés à Mairie de Limoges")

    # 2. The name leads to the candidate's page: what the person wrote, no contact details yet.
    structure.get_by_role("rowheader", name=NAME).get_by_role("link", name=NAME).click()
    expect(structure).to_have_url(re.compile(rf"/recrutement/mises-en-relation/{proposal.pk}/$"))
    expect(structure.get_by_role("heading", level=1)).to_have_text(NAME)
    main = structure.locator("main")
    expect(main).to_contain_text(MOTIVATION)
    expect(main).to_contain_text("Oui : Titre professionnel REMN")
    expect(main).to_contain_text("Protéger et sécuriser : niveau 3")
    expect(main).to_contain_text("Proposé(e) à votre structure par Conum")
    expect(main).to_contain_text("apparaissent quand vous présélectionnez la personne")
    expect(main).not_to_contain_text(EMAIL)
    screenshot(structure, "candidate-page-for-structure")
    check_accessibility(structure, "candidate-page-for-structure")

    # 3. Shortlisting from the page stays on it: the contact details and the interview form appear.
    structure.get_by_role("button", name=f"Présélectionner {NAME}").click()
    expect(structure.get_by_text(f"{NAME} : présélectionné(e).")).to_be_visible()
    expect(main.get_by_role("link", name=EMAIL)).to_be_visible()
    expect(main).to_contain_text("Candidat présélectionné (Inès Marchand)")
    structure.get_by_label("Votre message").fill(MESSAGE)
    screenshot(structure, "candidate-page-shortlisted")
    check_accessibility(structure, "candidate-page-shortlisted")
    structure.get_by_role("button", name="Proposer un entretien").click()
    expect(structure.get_by_text(f"Proposition d'entretien envoyée à {NAME} par e-mail.")).to_be_visible()
    expect(main).to_contain_text("En attente de sa réponse.")
    expect(structure.get_by_role("button", name="Proposer un entretien")).to_have_count(0)
    (invitation,) = [m for m in mail.outbox if m.to == [EMAIL]]
    assert invitation.subject == "Mairie de Limoges souhaite vous rencontrer"
    assert MESSAGE in invitation.body and f"Inès Marchand : {structure_manager.email}" in invitation.body

    # 4. The person signs in: "Mon espace" says a structure wants to meet them; they answer in "Ma candidature".
    person = new_page(viewport=viewport)
    sign_in_from_home(person, width, proposal.candidate.user)
    person.get_by_role("link", name=re.compile("^Structures qui souhaitent vous rencontrer")).click()
    expect(person.get_by_role("heading", level=1)).to_have_text("Ma candidature de conseiller numérique")
    request = person.locator("section", has=person.get_by_role("heading", name="Mairie de Limoges"))
    expect(request).to_contain_text(MESSAGE)
    expect(request).to_contain_text("Inès Marchand")
    expect(request).to_contain_text("05 55 45 50 00")
    expect(request).to_contain_text("9 place Léon Betoulle, Limoges")
    screenshot(person, "interview-request-for-candidate")
    check_accessibility(person, "interview-request-for-candidate")
    request.get_by_role("button", name=re.compile("^Je suis intéressé")).click()
    expect(person.get_by_text("Réponse envoyée à « Mairie de Limoges » : intéressé(e).")).to_be_visible()
    expect(request).to_contain_text("Votre réponse : intéressé(e)")
    assert any("est intéressé(e)" in m.subject for m in mail.outbox if structure_manager.email in m.to)

    # 5. The structure sees the answer on the page and in its list.
    structure.reload()
    expect(main).to_contain_text("intéressé(e). Contactez la personne pour convenir d'un rendez-vous.")
    expect(main).to_contain_text("Réponse : intéressé(e)")
    screenshot(structure, "candidate-page-answered")
    check_accessibility(structure, "candidate-page-answered")
    structure.get_by_role("link", name="Retour à la liste des candidats").click()
    row = structure.locator("tbody tr", has=structure.get_by_role("rowheader", name=NAME))
    expect(row).to_contain_text("Entretien proposé : intéressé(e)")
