"""What the activity app shows elsewhere: its journal actions and its main navigation entries."""

from conum.core.roles import Role

from . import worklist

JOURNAL_LABELS: dict[str, str] = {
    "activity.place_created": "Lieu d'activité créé",
    "activity.place_updated": "Lieu d'activité modifié",
    "activity.place_archived": "Lieu d'activité archivé",
    "activity.place_restored": "Lieu d'activité réactivé",
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
}
# (roles, label, url name, order), registered by apps.py.
NAVIGATION: list[tuple] = [
    ([Role.STRUCTURE_MANAGER], "Lieux", "places:list", 18),
    ([Role.ADVISOR], "Mes lieux", "places:list", 20),
    ([Role.ADVISOR], "Mes ateliers", "workshops:list", 30),
    ([Role.ADVISOR], "Comptes rendus", "reports:list", 40),
    ([Role.STRUCTURE_MANAGER], "Comptes rendus", "reports:list", 40),
    ([Role.ADVISOR], "Mes statistiques", "reports:statistics", 50),
]

# ([roles], provider): what each role has to do, shown first in "Mon espace" (core.worklist).
WORKLIST: list[tuple] = [([Role.ADVISOR], worklist.advisor_worklist)]
