"""Contracts: the structure records one for a shortlisted candidate, the national team validates it (the
structure's managers are told by e-mail, with the reason of a refusal).

Invariant, under concurrent requests: contracts proposed + signed ≤ the structure's granted posts (the
application row is locked while counting). The salary must reach the minimum wage in force on the start
date, pro rata of the weekly hours.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from conum.core import journal
from conum.core.dates import add_months
from conum.core.emails import send_templated_email
from conum.core.errors import RuleViolation
from conum.core.formatting import euros, number, plural
from conum.core.roles import Role
from conum.programme.models import MinimumWage, ProgrammeParameters
from conum.recruitment import decisions
from conum.recruitment.enums import POST_HOLDING_STATUSES, PROPOSAL_STATUSES, ContractStatus, ContractType, MatchStatus
from conum.recruitment.models import Advisor, Contract, Match
from conum.structures.models import StructureApplication


def minimum_salary(start: date, weekly_hours: Decimal) -> tuple[Decimal, MinimumWage, int]:
    """(minimum gross monthly salary, the SMIC row it comes from, the legal weekly hours)."""
    wage = MinimumWage.in_force_on(start)
    if wage is None:
        raise RuleViolation(f"Aucun SMIC n'est connu au {start:%d/%m/%Y} : le contrat ne peut pas commencer avant.")
    legal_hours = ProgrammeParameters.current().legal_weekly_hours
    minimum = (wage.monthly_gross_eur * weekly_hours / legal_hours).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return minimum, wage, legal_hours


def record_contract(match, by, type, start_date, weekly_hours, gross_monthly_salary, end_date=None) -> Contract:
    if getattr(by, "role", None) != Role.STRUCTURE_MANAGER:
        raise RuleViolation("Votre rôle ne permet pas cette action.")
    structure_is_public = match.application.structure.is_public
    if end_date is None and type != ContractType.CDI:
        if structure_is_public and type in (ContractType.CDD, ContractType.PROJECT):
            end_date = add_months(start_date, ProgrammeParameters.current().contract_months_public)
        else:
            raise RuleViolation("Indiquez la date de fin du contrat (obligatoire sauf pour un CDI).")
    if end_date is not None and end_date <= start_date:
        raise RuleViolation("La date de fin doit être après la date de début.")
    if not Decimal("1") <= weekly_hours <= Decimal("48"):
        raise RuleViolation("La durée hebdomadaire doit être comprise entre 1 et 48 heures.")
    minimum, wage, legal_hours = minimum_salary(start_date, weekly_hours)
    if gross_monthly_salary < minimum:
        raise RuleViolation(
            f"Le salaire brut ({euros(gross_monthly_salary)}) est inférieur au minimum : SMIC en vigueur le "
            f"{start_date:%d/%m/%Y} ({euros(wage.monthly_gross_eur)} pour {legal_hours} h), pour "
            f"{number(weekly_hours)} h par semaine, soit {euros(minimum)} au moins."
        )
    with transaction.atomic():
        application = StructureApplication.objects.select_for_update().get(pk=match.application_id)
        match = Match.objects.select_for_update().get(pk=match.pk)
        if not application.structure.memberships.filter(user=by).exists():
            raise RuleViolation("Cette mise en relation n'est pas celle de votre structure.")
        renewal = match.status == MatchStatus.HIRED
        if renewal:
            _check_renewal(match, start_date)
        elif match.status != MatchStatus.SHORTLISTED:
            raise RuleViolation("Présélectionnez d'abord la personne avant d'enregistrer son contrat.")
        else:
            _check_free_post(application)
        contract = Contract.objects.create(
            match=match,
            type=type,
            start_date=start_date,
            end_date=end_date,
            weekly_hours=weekly_hours,
            gross_monthly_salary=gross_monthly_salary,
            renewal=renewal,
            recorded_by=by,
        )
        before = {"status": match.status}
        if not renewal:
            match.status = MatchStatus.CONTRACT_PROPOSED
            match.save(update_fields=["status", "updated_at"])
        journal.record(
            by,
            "recruitment.contract_renewal_recorded" if renewal else "recruitment.contract_recorded",
            match,
            before,
            journal.snapshot(contract),
        )
    return contract


def _hire(contract, match, candidate) -> None:
    """The person becomes an advisor of the structure: other proposals closed, matching leaves them aside."""
    candidate.matches.exclude(pk=match.pk).filter(
        status__in=[*PROPOSAL_STATUSES, MatchStatus.CONTRACT_PROPOSED]
    ).update(status=MatchStatus.WITHDRAWN)
    candidate.available = False
    candidate.save(update_fields=["available", "updated_at"])
    advisor = Advisor.objects.filter(candidate=candidate).first() or Advisor(candidate=candidate)
    advisor.user_id = candidate.user_id
    advisor.structure, advisor.match = match.application.structure, match
    advisor.in_post, advisor.hired_on, advisor.left_on = True, contract.start_date, None
    allowed = ProgrammeParameters.current().training_start_within_days
    advisor.training_due_by = contract.start_date + timedelta(days=allowed)
    advisor.save()
    if candidate.user_id:
        candidate.user.role = Role.ADVISOR
        candidate.user.save(update_fields=["role"])
    context = {"contract": contract, "structure": match.application.structure, "site_url": settings.SITE_URL}
    send_templated_email("recruitment/emails/welcome_advisor.txt", context, [candidate.email])


def _check_free_post(application) -> None:
    held = application.matches.filter(status__in=POST_HOLDING_STATUSES).count()
    if held + 1 > application.posts_granted:
        raise RuleViolation(
            f"Tous les postes de la structure sont pourvus ou proposés : "
            f"{plural(application.posts_granted, 'poste attribué', 'postes attribués')}, "
            f"{plural(held, 'contrat signé ou proposé', 'contrats signés ou proposés')}."
        )


def _check_renewal(match, start_date) -> None:
    """A renewal follows the advisor's current contract at the same structure: one pending at a time."""
    if match.contracts.filter(status=ContractStatus.PROPOSED).exists():
        raise RuleViolation("Un nouveau contrat attend déjà la validation de l'équipe nationale.")
    current = match.contracts.filter(status=ContractStatus.VALIDATED).order_by("-start_date").first()
    if current and start_date <= current.start_date:
        raise RuleViolation(
            f"Le nouveau contrat doit commencer après le début du contrat en cours ({current.start_date:%d/%m/%Y})."
        )


def decide_contract(contract, by, validate: bool, reason: str = "") -> Contract:
    """Validation makes the person an advisor; a refusal gives the match back to the structure's shortlist."""
    with transaction.atomic():
        contracts = Contract.objects.select_related("match__candidate__user", "match__application__structure")
        contract = decisions.decide(
            contracts, contract.pk, by, validate, reason, ContractStatus.PROPOSED, "Ce contrat est déjà"
        )
        match, candidate = contract.match, contract.match.candidate
        before = {"status": match.status}
        if contract.renewal:
            if validate:
                match.contracts.filter(status=ContractStatus.VALIDATED).exclude(pk=contract.pk).update(
                    status=ContractStatus.ENDED
                )
        else:
            match.status = MatchStatus.HIRED if validate else MatchStatus.SHORTLISTED
            match.save(update_fields=["status", "updated_at"])
            if validate:
                _hire(contract, match, candidate)
        journal.record(
            by,
            "recruitment.contract_validated" if validate else "recruitment.contract_refused",
            match,
            before,
            {"status": match.status, "contract": contract.pk, "reason": contract.refusal_reason},
        )
        context = {
            "contract": contract,
            "validated": validate,
            "url": settings.SITE_URL + reverse("recruitment:match", args=[match.pk]),
        }
        decisions.notify_structure(match.application.structure, "recruitment/emails/contract_decision.txt", context)
    return contract
