"""What the activity app shows elsewhere: its journal actions and its main navigation entries."""

from conum.core.roles import Role

from . import worklist
from .appointments.worklist import appointments_worklist

JOURNAL_LABELS: dict[str, str] = {
    "activity.place_created": "Lieu d'activité créé",
    "activity.place_updated": "Lieu d'activité modifié",
    "activity.place_archived": "Lieu d'activité archivé",
    "activity.place_restored": "Lieu d'activité réactivé",
    "activity.place_duplicates_merged": "Doublon de lieux fusionné",
    "activity.place_duplicates_distinct": "Doublon possible de lieux écarté (deux lieux différents)",
    "activity.workshop_created": "Séance d'atelier programmée",
    "activity.workshop_updated": "Séance d'atelier modifiée",
    "activity.workshop_cancelled": "Séance d'atelier annulée",
    "activity.registration_created": "Inscription à un atelier",
    "activity.registration_cancelled": "Inscription à un atelier annulée",
    "activity.registration_promoted": "Inscription confirmée depuis la liste d'attente",
    "activity.attendance_marked": "Présences d'un atelier notées",
    "activity.report_created": "Compte rendu d'activité enregistré",
    "activity.report_updated": "Compte rendu d'activité modifié",
    "activity.report_deleted": "Compte rendu d'activité supprimé",
    "activity.beneficiary_created": "Dossier de personne accompagnée créé (avec son accord)",
    "activity.beneficiary_updated": "Dossier de personne accompagnée modifié",
    "activity.beneficiary_exported": "Données d'une personne accompagnée exportées à sa demande",
    "activity.beneficiary_erased": "Données d'une personne accompagnée effacées à sa demande",
    "activity.beneficiary_anonymised": "Dossier de personne accompagnée anonymisé (deux ans sans activité)",
    "activity.appointment_booked": "Rendez-vous réservé",
    "activity.appointment_cancelled": "Rendez-vous annulé",
    "activity.appointment_marked": "Venue à un rendez-vous notée",
    "activity.appointment_reported": "Compte rendu lié à un rendez-vous",
    "activity.appointment_filed": "Rendez-vous relié au dossier d'une personne (ou lien retiré)",
    "activity.availability_added": "Disponibilité pour rendez-vous ajoutée",
    "activity.availability_removed": "Disponibilité pour rendez-vous retirée",
    "activity.absence_added": "Absence déclarée",
    "activity.absence_removed": "Absence retirée",
}
# (roles, label, url name, order), registered by apps.py.
NAVIGATION: list[tuple] = [
    ([Role.STRUCTURE_MANAGER], "Lieux", "places:list", 18),
    ([Role.ADVISOR], "Mes lieux", "places:list", 20),
    ([Role.ADVISOR], "Mon agenda", "appointments:agenda", 25),
    ([Role.STRUCTURE_MANAGER], "Agendas", "appointments:agenda", 25),  # their advisors' (the view's chooser)
    ([Role.ADVISOR], "Mes ateliers", "workshops:list", 30),
    ([Role.ADVISOR], "Comptes rendus", "reports:list", 40),
    ([Role.ADVISOR], "Personnes accompagnées", "beneficiaries:list", 45),
    ([Role.STRUCTURE_MANAGER], "Comptes rendus", "reports:list", 40),
    ([Role.ADVISOR], "Mes statistiques", "reports:statistics", 50),
]

# ([roles], provider): what each role has to do, shown first in "Mon espace" (core.worklist).
WORKLIST: list[tuple] = [
    ([Role.ADVISOR], worklist.advisor_worklist),
    ([Role.ADVISOR], appointments_worklist),
    ([Role.NATIONAL_STAFF], worklist.national_worklist),
]
