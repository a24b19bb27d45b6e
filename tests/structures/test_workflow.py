from decimal import Decimal

import pytest
from django.core import mail

from conum.core.errors import RuleViolation
from conum.core.models import Journal
from conum.programme import services as programme_services
from conum.programme.models import DepartementQuota, ProgrammeParameters
from conum.structures import signals, subsidies, workflow
from conum.structures.enums import ApplicationStatus, Verdict
from conum.structures.models import CommitteeDecision, SubsidyAgreement
from conum.territories.models import Departement
from tests.factories import ApplicationFactory

from .conftest import COMMITTEE


def test_opinion_then_validation_commits_the_subsidy(
    application, prefecture_agent, national_staff, django_capture_on_commit_callbacks
):
    workflow.give_opinion(application, prefecture_agent, Verdict.FAVOURABLE, 2, "Projet solide, territoire rural.")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    application.refresh_from_db()
    assert (application.status, application.posts_granted, application.committee_number) == (
        "validated",
        2,
        "COSELEC-12",
    )
    assert application.agreement.amount_eur == Decimal("100000")
    assert CommitteeDecision.objects.get().posts_granted == 2
    actions = list(Journal.objects.about(application).values_list("action", flat=True))
    assert actions == ["structures.decided", "structures.opinion_given"]
    # the structure and the prefecture are told
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert application.structure.contact_email in recipients and prefecture_agent.email in recipients


def test_private_structure_gets_the_private_rate(programme, national_staff):
    ProgrammeParameters.objects.filter(pk=1).update(subsidy_per_post_private_eur=Decimal("40000"))
    application = ApplicationFactory(structure__private=True)
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=3, **COMMITTEE)
    assert SubsidyAgreement.objects.get().amount_eur == Decimal("120000")


def test_quota_cannot_be_exceeded(programme, national_staff):
    DepartementQuota.objects.filter(departement="87").update(posts=3)
    first, second = ApplicationFactory(), ApplicationFactory()
    workflow.decide(first, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    with pytest.raises(RuleViolation) as refusal:
        workflow.decide(second, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    assert str(refusal.value) == (
        "Dotation de la Haute-Vienne dépassée : 2 postes attribués sur 3, 2 postes de plus la dépasseraient de 1 poste."
    )
    second.refresh_from_db()
    assert (second.status, second.posts_granted) == ("submitted", 0)
    assert SubsidyAgreement.objects.count() == 1


def test_envelope_cannot_be_exceeded(programme, national_staff):
    ProgrammeParameters.objects.filter(pk=1).update(envelope_eur=Decimal("150000"))
    first, second = ApplicationFactory(), ApplicationFactory()
    workflow.decide(first, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    with pytest.raises(RuleViolation) as refusal:
        workflow.decide(second, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    assert "Enveloppe de l'État dépassée : 100\u202f000\xa0€ déjà engagés sur 150\u202f000\xa0€" in str(refusal.value)
    assert "de 50\u202f000\xa0€" in str(refusal.value)
    assert SubsidyAgreement.objects.committed() == Decimal("100000")


def test_quota_cannot_be_lowered_below_granted_posts(application, national_staff):
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    haute_vienne = Departement.objects.get(code="87")
    with pytest.raises(RuleViolation, match="a déjà 2 postes attribués"):
        programme_services.set_quota(haute_vienne, 1, by=national_staff)
    programme_services.set_quota(haute_vienne, 2, by=national_staff)


@pytest.mark.parametrize(
    "outcome, from_status, allowed",
    [
        ("validated", "further_review", True),
        ("further_review", "further_review", False),
        ("refused", "submitted", True),
        ("validated", "refused", False),
        ("cancelled", "validated", False),
    ],
)
def test_transition_table(application, national_staff, outcome, from_status, allowed):
    posts = 1 if from_status == "validated" else 0
    type(application).objects.filter(pk=application.pk).update(status=from_status, posts_granted=posts)
    application.refresh_from_db()
    if allowed:
        workflow.decide(application, national_staff, outcome, posts=1, **COMMITTEE)
        application.refresh_from_db()
        assert application.status == outcome
    else:
        with pytest.raises(RuleViolation, match="ne peut pas être"):
            workflow.decide(application, national_staff, outcome, posts=1, **COMMITTEE)


def test_only_national_staff_decides_and_only_the_territory_gives_opinions(
    application, prefecture_agent, other_prefecture_agent, structure_manager
):
    with pytest.raises(RuleViolation):
        workflow.decide(application, prefecture_agent, ApplicationStatus.VALIDATED, posts=1, **COMMITTEE)
    with pytest.raises(RuleViolation, match="pas dans votre territoire"):
        workflow.give_opinion(application, other_prefecture_agent, Verdict.FAVOURABLE, 1, "Très bon projet ici.")
    with pytest.raises(RuleViolation):
        workflow.give_opinion(application, structure_manager, Verdict.FAVOURABLE, 1, "Très bon projet ici.")
    assert not Journal.objects.exists()


def test_regional_prefecture_gives_opinions_in_its_region(application, regional_prefecture_agent):
    opinion = workflow.give_opinion(
        application, regional_prefecture_agent, Verdict.UNFAVOURABLE, 5, "Projet trop vague."
    )
    assert (opinion.verdict, opinion.posts_recommended) == ("unfavourable", 0)


def test_batch_is_all_or_nothing(programme, national_staff, prefecture_agent):
    DepartementQuota.objects.filter(departement="87").update(posts=4)
    applications = [ApplicationFactory(posts_requested=2) for _ in range(3)]
    with pytest.raises(RuleViolation, match="Dotation de la Haute-Vienne dépassée"):
        workflow.decide_batch(applications, national_staff, ApplicationStatus.VALIDATED, **COMMITTEE)
    assert not SubsidyAgreement.objects.exists()
    assert not CommitteeDecision.objects.exists()
    # with the prefecture's recommendation of 1 post for the first one, all three fit (1 + 2 + ... no: 5 > 4)
    workflow.give_opinion(applications[0], prefecture_agent, Verdict.FAVOURABLE, 1, "Un poste suffira ici.")
    applications[0].refresh_from_db()
    assert workflow.decide_batch(applications[:2], national_staff, ApplicationStatus.VALIDATED, **COMMITTEE) == 2
    assert sorted(SubsidyAgreement.objects.values_list("application__posts_granted", flat=True)) == [1, 2]


def test_payments_cannot_exceed_the_agreement(application, national_staff):
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    agreement = application.agreement
    subsidies.record_payment(agreement, national_staff, COMMITTEE["committee_date"], Decimal("60000"), "MANDAT-1")
    with pytest.raises(RuleViolation) as refusal:
        subsidies.record_payment(
            agreement, national_staff, COMMITTEE["committee_date"], Decimal("40000.01"), "MANDAT-2"
        )
    assert "dépasserait la convention (100\u202f000\xa0€) de 0,01\xa0€" in str(refusal.value)
    subsidies.record_payment(agreement, national_staff, COMMITTEE["committee_date"], Decimal("40000"), "MANDAT-2")
    assert subsidies.national_envelope()["paid"] == Decimal("100000")


def test_amendment_adds_posts_and_adjusts_the_agreement(
    application, national_staff, structure_manager, prefecture_agent
):
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    amendment = workflow.request_amendment(application, structure_manager, "add", 3)
    with pytest.raises(RuleViolation, match="déjà en cours"):
        workflow.request_amendment(application, structure_manager, "add", 1)
    workflow.give_opinion(application, prefecture_agent, Verdict.FAVOURABLE, 3, "Besoin confirmé.", amendment=amendment)
    workflow.decide_amendment(amendment, national_staff, "validated", **COMMITTEE)
    application.refresh_from_db()
    assert application.posts_granted == 5
    assert application.agreement.amount_eur == Decimal("250000")


def test_giving_posts_back_keeps_recruited_advisors_and_paid_amounts(application, national_staff, structure_manager):
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    with pytest.raises(RuleViolation, match="Indiquez le motif"):
        workflow.request_amendment(application, structure_manager, "give_back", 1)
    with pytest.raises(RuleViolation, match="au plus 1 poste"):
        workflow.request_amendment(application, structure_manager, "give_back", 2, reason="autre")
    signals.count_recruited_advisors.connect(counter := lambda sender, application, **kwargs: 2)
    try:
        with pytest.raises(RuleViolation, match="au plus 0 poste"):
            workflow.request_amendment(application, structure_manager, "give_back", 1, reason="autre")
    finally:
        signals.count_recruited_advisors.disconnect(counter)
    subsidies.record_payment(application.agreement, national_staff, COMMITTEE["committee_date"], Decimal("80000"), "M1")
    amendment = workflow.request_amendment(
        application, structure_manager, "give_back", 1, reason="fin_subventionnement"
    )
    with pytest.raises(RuleViolation, match="ont déjà été versés"):
        workflow.decide_amendment(amendment, national_staff, "validated", **COMMITTEE)
    application.refresh_from_db()
    assert application.posts_granted == 2
