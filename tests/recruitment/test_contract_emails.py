"""The structure's managers learn by e-mail, once the decision is committed, that the national team validated or
refused their contract: with the reason of a refusal and a link to the person's page."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from conum.core.errors import RuleViolation
from conum.recruitment import contracts
from conum.recruitment.models import Match
from conum.structures.models import HostStructure, StructureMembership
from tests.factories import CandidateFactory, UserFactory
from tests.helpers import page_text
from tests.recruitment.hiring import validated_application

REASON = "Le salaire indiqué ne correspond pas à la fiche de poste."


@pytest.fixture
def limoges(programme, structure_manager):
    application = validated_application(structure_manager, commune="87085")
    HostStructure.objects.filter(pk=application.structure_id).update(name="Mairie de Limoges")
    colleague = UserFactory(structure_manager=True, email="collegue@exemple.fr")
    gone = UserFactory(structure_manager=True, email="ancien@exemple.fr", is_active=False)
    for user in (colleague, gone):
        StructureMembership.objects.create(structure=application.structure, user=user)
    application.refresh_from_db()
    return application


@pytest.fixture
def contract(limoges, structure_manager):
    user = UserFactory(candidate=True, email="lea.dupuis@exemple.fr")
    person = CandidateFactory(first_name="Léa", last_name="Dupuis", user=user, email=user.email)
    match = Match.objects.create(candidate=person, application=limoges, status="shortlisted", distance_km=12)
    return contracts.record_contract(match, structure_manager, "cdd", date(2024, 1, 15), Decimal(35), Decimal(1800))


def to_structure(structure_manager):
    return [m for m in mail.outbox if m.to == sorted(["collegue@exemple.fr", structure_manager.email])]


def test_a_validation_tells_the_structures_active_managers(
    contract, structure_manager, national_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contracts.decide_contract(contract, national_staff, validate=True)
    (email,) = to_structure(structure_manager)
    assert email.subject == "Contrat de Léa Dupuis : validé par l'équipe nationale"
    assert "a validé le contrat de Léa Dupuis avec « Mairie de Limoges » (CDD à partir du 15/01/2024)" in email.body
    assert "désormais conseiller numérique de votre structure" in email.body
    assert f"/recrutement/mises-en-relation/{contract.match_id}/" in email.body
    assert "ancien@exemple.fr" not in str([m.to for m in mail.outbox])
    assert len(mail.outbox) == 2  # and the person's welcome


def test_a_refusal_gives_its_reason_and_the_page_shows_it(
    client, contract, structure_manager, national_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contracts.decide_contract(contract, national_staff, validate=False, reason=REASON)
    (email,) = mail.outbox
    assert email.to == sorted(["collegue@exemple.fr", structure_manager.email])
    assert email.subject == "Contrat de Léa Dupuis : refusé par l'équipe nationale"
    assert f"Motif du refus :\n{REASON}" in email.body
    assert "La personne reste présélectionnée" in email.body
    assert "&#x27;" not in email.body
    link = f"/recrutement/mises-en-relation/{contract.match_id}/"
    assert link in email.body
    client.force_login(structure_manager)
    page = page_text(client.get(link))
    assert "Contrat refusé (l'équipe nationale)" in page and f"Motif : {REASON}" in page
    assert "Contrat enregistré par la structure" in page


def test_a_decision_that_fails_sends_nothing(contract, national_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuleViolation, match="Motivez le refus"):
            contracts.decide_contract(contract, national_staff, validate=False, reason="non")
        contracts.decide_contract(contract, national_staff, validate=True)
        with pytest.raises(RuleViolation, match="déjà validé"):
            contracts.decide_contract(contract, national_staff, validate=False, reason=REASON)
    assert [m.subject for m in mail.outbox].count("Contrat de Léa Dupuis : validé par l'équipe nationale") == 1
    assert not any("refusé" in m.subject for m in mail.outbox)


def test_a_refused_renewal_says_the_current_contract_goes_on(
    contract, structure_manager, national_staff, django_capture_on_commit_callbacks
):
    contracts.decide_contract(contract, national_staff, validate=True)
    match = Match.objects.get(pk=contract.match_id)
    renewal = contracts.record_contract(match, structure_manager, "cdi", date(2025, 1, 15), Decimal(35), Decimal(1900))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contracts.decide_contract(renewal, national_staff, validate=False, reason=REASON)
    (email,) = mail.outbox
    assert "a refusé le renouvellement du contrat de Léa Dupuis" in email.body
    assert "Le contrat en cours continue." in email.body
