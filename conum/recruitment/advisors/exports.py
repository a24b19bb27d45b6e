"""Advisor directory and contracts as exported (each view applies the user's scope before calling these)."""

from conum.recruitment.enums import BreakReason, BreakStatus, ContractStatus, ContractType, TrainingState
from conum.recruitment.training import training_delay

ADVISORS_HEADER = [
    "N°", "Prénom", "Nom", "E-mail", "Téléphone", "Structure", "SIRET", "Commune de la structure", "Département",
    "En poste", "En poste depuis le", "Parti le", "Type de contrat", "Fin du contrat", "Score de positionnement",
    "Parcours (h)", "Formation", "Début de formation", "Fin de formation", "CCP1 REMN", "Certification Pix",
    "Alerte formation",
]  # fmt: skip


def advisor_rows(advisors):
    contract_types, states = dict(ContractType.choices), dict(TrainingState.choices)
    for advisor in advisors.iterator(chunk_size=2000):
        candidate, structure = advisor.candidate, advisor.structure
        yield [
            advisor.pk, candidate.first_name, candidate.last_name, candidate.email, candidate.phone,
            structure.name, structure.siret, structure.commune.name, structure.departement_id, advisor.in_post,
            advisor.hired_on, advisor.left_on, contract_types.get(advisor.contract_type, ""), advisor.contract_end,
            advisor.positioning_score, advisor.training_track.hours if advisor.training_track else None,
            states[advisor.training_state], advisor.training_start, advisor.training_end,
            advisor.ccp1_certified_on, advisor.pix_certified_on, training_delay(advisor),
        ]  # fmt: skip


CONTRACTS_HEADER = [
    "N° du contrat", "Conseiller", "Structure", "SIRET", "Département", "Type", "Renouvellement", "Début", "Fin",
    "Heures hebdomadaires", "Salaire brut mensuel (€)", "Statut", "Motif du refus", "Rupture : date",
    "Rupture : motif", "Rupture : statut",
]  # fmt: skip


def contract_rows(contracts):
    types, statuses = dict(ContractType.choices), dict(ContractStatus.choices)
    reasons, break_statuses = dict(BreakReason.choices), dict(BreakStatus.choices)
    related = ("match__candidate", "match__application__structure", "contract_break")
    for contract in contracts.select_related(*related).order_by("pk").iterator(chunk_size=2000):
        structure = contract.match.application.structure
        contract_break = getattr(contract, "contract_break", None)
        yield [
            contract.pk, contract.match.candidate.full_name, structure.name, structure.siret,
            structure.departement_id, types[contract.type], contract.renewal, contract.start_date, contract.end_date,
            contract.weekly_hours, contract.gross_monthly_salary, statuses[contract.status], contract.refusal_reason,
            contract_break.date if contract_break else None,
            reasons[contract_break.reason] if contract_break else "",
            break_statuses[contract_break.status] if contract_break else "",
        ]  # fmt: skip


BREAKS_HEADER = [
    "N° de la rupture", "Conseiller", "Structure", "SIRET", "Département", "Type de contrat", "Début du contrat",
    "Date de fin effective", "Motif", "Précisions", "Statut", "Motif du refus", "Déclarée le", "Décidée le",
]  # fmt: skip


def break_rows(contract_breaks):
    reasons, statuses, types = dict(BreakReason.choices), dict(BreakStatus.choices), dict(ContractType.choices)
    related = ("contract__match__candidate", "contract__match__application__structure")
    for contract_break in contract_breaks.select_related(*related).order_by("pk").iterator(chunk_size=2000):
        contract = contract_break.contract
        structure = contract.match.application.structure
        yield [
            contract_break.pk, contract.match.candidate.full_name, structure.name, structure.siret,
            structure.departement_id, types[contract.type], contract.start_date, contract_break.date,
            reasons[contract_break.reason], contract_break.comment, statuses[contract_break.status],
            contract_break.refusal_reason, contract_break.created_at, contract_break.decided_at,
        ]  # fmt: skip
