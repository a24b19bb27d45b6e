"""What the recruitment app shows elsewhere: its journal actions and its main navigation entries."""

from conum.core.roles import Role

from . import interviews, worklist

JOURNAL_LABELS: dict[str, str] = {
    "recruitment.match_shortlist": "Candidat présélectionné",
    "recruitment.match_decline": "Candidat écarté",
    "recruitment.match_reconsider": "Candidat reconsidéré",
    "recruitment.candidate_applied": "Candidature de conseiller déposée",
    "recruitment.candidate_confirmed": "Adresse du candidat confirmée",
    "recruitment.candidate_availability": "Disponibilité du candidat modifiée",
    "recruitment.candidate_erased": "Candidature supprimée, données effacées",
    "recruitment.contract_recorded": "Contrat enregistré par la structure",
    "recruitment.contract_validated": "Contrat validé",
    "recruitment.contract_refused": "Contrat refusé",
    "recruitment.contract_renewal_recorded": "Renouvellement de contrat enregistré par la structure",
    "recruitment.break_declared": "Rupture de contrat déclarée",
    "recruitment.break_validated": "Rupture de contrat validée",
    "recruitment.coordinator_set": "Coordinateur du conseiller modifié",
    "recruitment.break_refused": "Rupture de contrat refusée",
    "recruitment.break_applied": "Fin de contrat effective : accès de conseiller clos",
    "recruitment.training_updated": "Formation du conseiller mise à jour",
    "recruitment.candidate_updated": "Candidature modifiée par le candidat",
    "recruitment.candidate_cv_purged": "CV supprimé six mois après son dépôt",
    "recruitment.match_added": "Candidat ajouté par la structure",
    "recruitment.contacts_viewed": "Coordonnées de candidats affichées à la structure",
    "recruitment.contacts_exported": "Liste de candidats exportée par la structure",
    "recruitment.cv_downloaded": "CV d'un candidat téléchargé par la structure",
    "recruitment.interview_requested": "Entretien proposé par la structure",
    "recruitment.interview_answered": "Réponse du candidat à la proposition d'entretien",
}
# (roles, label, url name, order), registered by apps.py.
NAVIGATION: list[tuple] = [
    ([Role.NATIONAL_STAFF], "Contrats", "recruitment:contracts", 15),
    ([Role.CANDIDATE], "Ma candidature", "recruitment:my_application", 10),
    ([Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT, Role.STRUCTURE_MANAGER], "Conseillers", "advisors:directory", 16),
]

# ([roles], provider): what each role has to do, shown first in "Mon espace" (core.worklist).
WORKLIST: list[tuple] = [
    ([Role.NATIONAL_STAFF], worklist.national_worklist),
    ([Role.STRUCTURE_MANAGER], worklist.structure_worklist),
    ([Role.CANDIDATE], interviews.candidate_worklist),
]
