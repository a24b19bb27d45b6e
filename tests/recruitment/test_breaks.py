from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from conum.core.errors import RuleViolation
from conum.core.roles import Role
from conum.recruitment import breaks, contracts
from conum.recruitment.enums import ContractStatus, MatchStatus
from conum.recruitment.models import Advisor, Contract
from conum.structures import workflow
from tests.recruitment.hiring import hire, shortlisted, validated_application

TODAY = timezone.localdate


@pytest.fixture
def limoges(programme, structure_manager):
    return validated_application(structure_manager, posts=2)


@pytest.fixture
def advisor(limoges, structure_manager, national_staff):
    return hire(limoges, structure_manager, national_staff)


def declare(advisor, manager, when=None, reason="demission"):
    return breaks.declare_break(advisor.match, manager, when or TODAY() + timedelta(days=10), reason)


def test_hiring_makes_an_advisor_with_a_training_deadline(advisor, limoges):
    assert advisor.structure == limoges.structure and advisor.in_post
    assert advisor.hired_on == date(2024, 1, 15)
    assert advisor.training_due_by == date(2024, 1, 30)  # 15 days, the programme's parameter
    assert advisor.user.role == Role.ADVISOR


def test_break_date_at_most_two_months_ahead_and_after_the_contract_start(advisor, structure_manager):
    with pytest.raises(RuleViolation, match="au plus dans deux mois") as refusal:
        declare(advisor, structure_manager, when=TODAY() + timedelta(days=70))
    assert refusal.value.field == "date"
    with pytest.raises(RuleViolation, match="suivre le début du contrat"):
        declare(advisor, structure_manager, when=date(2023, 12, 1))
    advisor.match.refresh_from_db()
    assert advisor.match.status == MatchStatus.HIRED and not advisor.match.contracts.filter(
        contract_break__isnull=False
    )


def test_only_the_employer_declares_and_only_national_staff_decides(
    advisor, other_structure_manager, structure_manager, prefecture_agent
):
    with pytest.raises(RuleViolation, match="pas celui de votre structure"):
        declare(advisor, other_structure_manager)
    contract_break = declare(advisor, structure_manager)
    with pytest.raises(RuleViolation, match="Votre rôle"):
        breaks.decide_break(contract_break, prefecture_agent, validate=True)
    with pytest.raises(RuleViolation, match="seule la rupture d'un contrat en cours"):
        declare(advisor, structure_manager)  # already declared


def test_a_notified_break_still_holds_the_post_a_validated_one_frees_it(
    advisor, limoges, structure_manager, national_staff
):
    hire(limoges, structure_manager, national_staff)  # both posts filled
    successor = shortlisted(limoges)
    contract_break = declare(advisor, structure_manager)
    with pytest.raises(RuleViolation, match="Tous les postes"):
        contracts.record_contract(successor, structure_manager, "cdi", TODAY(), Decimal(35), Decimal(1900))
    breaks.decide_break(contract_break, national_staff, validate=True)
    contracts.record_contract(successor, structure_manager, "cdi", TODAY(), Decimal(35), Decimal(1900))
    contract = Contract.objects.get(pk=contract_break.contract_id)
    assert (contract.status, contract.end_date) == (ContractStatus.ENDED, contract_break.date)


def test_access_ends_on_the_break_date_and_matching_resumes(
    advisor, structure_manager, national_staff, django_capture_on_commit_callbacks
):
    break_date = TODAY() + timedelta(days=10)
    contract_break = declare(advisor, structure_manager, when=break_date)
    breaks.decide_break(contract_break, national_staff, validate=True)
    advisor.refresh_from_db()
    assert advisor.in_post and advisor.user.role == Role.ADVISOR  # until the break date
    assert breaks.apply_due_breaks(today=break_date - timedelta(days=1)) == 0
    with django_capture_on_commit_callbacks() as callbacks:
        assert breaks.apply_due_breaks(today=break_date) == 1
    assert len(callbacks) == 1  # the candidate's matching is queued
    advisor = Advisor.objects.select_related("user", "candidate").get(pk=advisor.pk)
    assert (advisor.in_post, advisor.left_on, advisor.user.role) == (False, break_date, Role.CANDIDATE)
    assert advisor.candidate.available and advisor.candidate.available_from == break_date + timedelta(days=1)
    assert breaks.apply_due_breaks(today=break_date + timedelta(days=5)) == 0  # idempotent


def test_a_break_already_effective_applies_at_validation(advisor, structure_manager, national_staff):
    contract_break = declare(advisor, structure_manager, when=TODAY() - timedelta(days=3))
    breaks.decide_break(contract_break, national_staff, validate=True)
    advisor.refresh_from_db()
    advisor.user.refresh_from_db()
    assert not advisor.in_post and advisor.user.role == Role.CANDIDATE


def test_refusing_a_break_needs_a_reason_and_keeps_the_advisor(advisor, structure_manager, national_staff):
    contract_break = declare(advisor, structure_manager)
    with pytest.raises(RuleViolation, match="Motivez le refus"):
        breaks.decide_break(contract_break, national_staff, validate=False, reason="non")
    breaks.decide_break(contract_break, national_staff, validate=False, reason="Date erronée, à redéclarer.")
    advisor.match.refresh_from_db()
    assert advisor.match.status == MatchStatus.HIRED
    with pytest.raises(RuleViolation, match="déjà refusée"):
        breaks.decide_break(contract_break, national_staff, validate=True)


def test_renewal_ends_the_previous_contract_without_taking_another_post(
    advisor, limoges, structure_manager, national_staff
):
    hire(limoges, structure_manager, national_staff)  # both posts filled: a renewal needs none
    first = advisor.match.contracts.get()
    with pytest.raises(RuleViolation, match="commencer après le début du contrat en cours"):
        contracts.record_contract(advisor.match, structure_manager, "cdd", date(2023, 1, 1), Decimal(35), Decimal(1900))
    renewal = contracts.record_contract(
        advisor.match,
        structure_manager,
        "cdd",
        date(2025, 1, 15),
        Decimal(35),
        Decimal(1900),
        end_date=date(2027, 1, 14),
    )
    assert renewal.renewal
    with pytest.raises(RuleViolation, match="attend déjà la validation"):
        contracts.record_contract(advisor.match, structure_manager, "cdi", date(2025, 2, 1), Decimal(35), Decimal(1900))
    contracts.decide_contract(renewal, national_staff, validate=True)
    first.refresh_from_db(), advisor.match.refresh_from_db()
    assert first.status == ContractStatus.ENDED and advisor.match.status == MatchStatus.HIRED


def test_posts_cannot_be_given_back_below_the_recruited_advisors(advisor, limoges, structure_manager, national_staff):
    hire(limoges, structure_manager, national_staff)
    with pytest.raises(RuleViolation, match="Vous pouvez rendre au plus 0 poste"):
        workflow.request_amendment(limoges, structure_manager, "give_back", 1, reason="autre")


def test_the_daily_command_reports_what_it_did(advisor, structure_manager, national_staff, capsys):
    contract_break = declare(advisor, structure_manager)
    breaks.decide_break(contract_break, national_staff, validate=True)
    call_command("apply_contract_breaks")
    assert "Aucune rupture à appliquer" in capsys.readouterr().out
    type(contract_break).objects.filter(pk=contract_break.pk).update(date=TODAY())
    call_command("apply_contract_breaks")
    assert "1 rupture appliquée" in capsys.readouterr().out
