"""What the structures app shows elsewhere: its journal actions and its main navigation entries."""

from conum.core.roles import Role

from . import worklist

JOURNAL_LABELS: dict[str, str] = {
    "structures.application_submitted": "Candidature déposée",
    "structures.opinion_given": "Avis du préfet donné",
    "structures.decided": "Décision du comité",
    "structures.amendment_requested": "Avenant demandé",
    "structures.amendment_validated": "Avenant validé",
    "structures.amendment_refused": "Avenant refusé",
    "structures.payment_recorded": "Versement enregistré",
    "structures.member_added": "Accès donné à un membre de la structure",
}
# (roles, label, url name, order), registered by apps.py.
NAVIGATION: list[tuple] = [
    ([Role.STRUCTURE_MANAGER], "Ma structure", "structures:space", 10),
    ([Role.PREFECTURE_AGENT], "Candidatures", "structures:prefecture_queue", 10),
    ([Role.NATIONAL_STAFF], "Comité", "structures:committee_queue", 10),
    ([Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT], "Enveloppe", "structures:envelope", 20),
]

# ([roles], provider): what each role has to do, shown first in "Mon espace" (core.worklist).
WORKLIST: list[tuple] = [
    ([Role.PREFECTURE_AGENT], worklist.prefecture_worklist),
    ([Role.NATIONAL_STAFF], worklist.committee_worklist),
]
