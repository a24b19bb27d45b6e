from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from conum.core.errors import RuleViolation
from conum.recruitment import contracts
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import Candidate, Match
from conum.structures.models import StructureApplication, StructureMembership
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory


@pytest.fixture
def limoges(programme, structure_manager):
    application = ApplicationFactory(structure__commune_id="87085")
    StructureApplication.objects.filter(pk=application.pk).update(status="validated", posts_granted=2)
    StructureMembership.objects.create(structure=application.structure, user=structure_manager)
    return StructureApplication.objects.get(pk=application.pk)


def shortlisted(application, **candidate):
    person = CandidateFactory(**candidate)
    return Match.objects.create(
        candidate=person, application=application, status="shortlisted", distance_km=Decimal("28.4")
    )


def record(match, manager, salary="1800", start=date(2024, 1, 15), hours="35", **kwargs):
    return contracts.record_contract(match, manager, "cdd", start, Decimal(hours), Decimal(salary), **kwargs)


def test_salary_below_the_minimum_wage_is_refused_with_the_minimum(limoges, structure_manager):
    match = shortlisted(limoges)
    with pytest.raises(RuleViolation) as refusal:
        record(match, structure_manager, salary="1700")
    assert "SMIC en vigueur le 15/01/2024 (1\u202f766,92\xa0€ pour 35 h)" in str(refusal.value)
    assert "soit 1\u202f766,92\xa0€ au moins" in str(refusal.value)
    contract = record(match, structure_manager, salary="1800")
    assert contract.end_date == date(2026, 1, 15)  # public structure: the programme's 24 months
    match.refresh_from_db()
    assert match.status == MatchStatus.CONTRACT_PROPOSED


def test_part_time_minimum_is_pro_rata(limoges, structure_manager):
    match = shortlisted(limoges)
    with pytest.raises(RuleViolation, match="pour 20 h par semaine, soit 1\u202f009,67\xa0€ au moins"):
        record(match, structure_manager, salary="1000", hours="20")
    with pytest.raises(RuleViolation, match="pour 24,5 h par semaine"):
        record(match, structure_manager, salary="1000", hours="24.5")
    record(match, structure_manager, salary="1009.67", hours="20")


def test_contracts_cannot_exceed_the_posts(limoges, structure_manager):
    first, second, third = (shortlisted(limoges) for _ in range(3))
    record(first, structure_manager)
    record(second, structure_manager)
    with pytest.raises(RuleViolation, match="2 postes attribués, 2 contrats signés ou proposés"):
        record(third, structure_manager)
    third.refresh_from_db()
    assert third.status == MatchStatus.SHORTLISTED


def test_validation_makes_an_advisor_and_closes_other_proposals(
    limoges, structure_manager, national_staff, django_capture_on_commit_callbacks
):
    user = UserFactory(candidate=True, email="sam@exemple.fr")
    match = shortlisted(limoges, user=user, email="sam@exemple.fr")
    elsewhere = ApplicationFactory(structure__commune_id="87154")
    other = Match.objects.create(candidate=match.candidate, application=elsewhere, distance_km=3)
    contract = record(match, structure_manager)
    with django_capture_on_commit_callbacks(execute=True):
        contracts.decide_contract(contract, national_staff, validate=True)
    match.refresh_from_db(), other.refresh_from_db(), user.refresh_from_db()
    assert (match.status, other.status, user.role) == ("hired", "withdrawn", "advisor")
    assert not Candidate.objects.get(pk=match.candidate_id).available
    assert mail.outbox[0].to == ["sam@exemple.fr"] and "conseillers numériques" in mail.outbox[0].subject


def test_refusal_needs_a_reason_and_returns_to_the_shortlist(limoges, structure_manager, national_staff):
    match = shortlisted(limoges)
    contract = record(match, structure_manager)
    with pytest.raises(RuleViolation, match="Motivez le refus"):
        contracts.decide_contract(contract, national_staff, validate=False, reason="non")
    contracts.decide_contract(contract, national_staff, validate=False, reason="Salaire à revoir avec la structure.")
    match.refresh_from_db()
    assert match.status == MatchStatus.SHORTLISTED


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"end_date": date(2024, 1, 1)}, "La date de fin doit être après la date de début."),
        ({"hours": "60"}, "entre 1 et 48 heures"),
        ({"start": date(2020, 6, 1)}, "Aucun SMIC n'est connu au 01/06/2020"),
    ],
)
def test_bad_contracts_are_refused(limoges, structure_manager, kwargs, message):
    match = shortlisted(limoges)
    with pytest.raises(RuleViolation, match=message):
        record(match, structure_manager, **kwargs)
    assert not match.contracts.exists()


def test_only_the_structure_records_and_only_staff_validates(
    limoges, other_structure_manager, structure_manager, prefecture_agent
):
    match = shortlisted(limoges)
    with pytest.raises(RuleViolation, match="pas celle de votre structure"):
        record(match, other_structure_manager)
    contract = record(match, structure_manager)
    with pytest.raises(RuleViolation):
        contracts.decide_contract(contract, prefecture_agent, validate=True)


def test_contract_pages(client, limoges, structure_manager, national_staff, other_structure_manager):
    from tests.helpers import page_text

    match = shortlisted(limoges)
    url = f"/recrutement/mises-en-relation/{match.pk}/contrat/"
    client.force_login(other_structure_manager)
    assert client.get(url).status_code == 404
    client.force_login(structure_manager)
    data = {"type": "cdd", "start_date": "2024-01-15", "weekly_hours": "35", "gross_monthly_salary": "1700"}
    response = client.post(url, data)
    assert "soit 1\u202f766,92\xa0€ au moins" in page_text(response)
    assert not match.contracts.exists()
    response = client.post(url, data | {"gross_monthly_salary": "1800,00"})
    assert response.status_code == 302
    contract = match.contracts.get()
    client.force_login(national_staff)
    assert "1\u202f800,00\xa0€" in page_text(client.get("/recrutement/contrats/"))
    client.post("/recrutement/contrats/", {"contract": contract.pk, "decision": "validate"})
    match.refresh_from_db()
    assert match.status == "hired"
    client.force_login(structure_manager)
    assert client.get("/recrutement/contrats/").status_code == 403


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"type": ""}, "Choisissez le type de contrat."),
        ({"start_date": "32/13/2024"}, "Indiquez une date valide"),
        ({"weekly_hours": "trente"}, "Indiquez un nombre d'heures"),
        ({"gross_monthly_salary": "-5"}, "Le salaire doit être positif."),
        ({"type": "pec", "end_date": ""}, "Indiquez la date de fin du contrat (obligatoire sauf pour un CDI)."),
    ],
)
def test_contract_form_bad_input(client, limoges, structure_manager, overrides, message):
    from tests.helpers import page_text

    match = shortlisted(limoges)
    client.force_login(structure_manager)
    data = {"type": "cdd", "start_date": "2024-01-15", "weekly_hours": "35", "gross_monthly_salary": "1800"} | overrides
    response = client.post(f"/recrutement/mises-en-relation/{match.pk}/contrat/", data)
    assert message in page_text(response)
    assert not match.contracts.exists()
