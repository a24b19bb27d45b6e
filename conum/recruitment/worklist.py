"""What the national team and the host structures have to do in recruitment (core.worklist).

Each count is the one the linked page shows: the same scope (`for_user`, and for a structure what
disclosure.visible lets it see) and the same status.
"""

from django.db.models import Count
from django.urls import reverse

from conum.core.worklist import WorkItem

from . import disclosure
from .enums import BreakStatus, ContractStatus, MatchStatus
from .models import Contract, ContractBreak, Match


def national_worklist(user) -> list[WorkItem]:
    """The national team's two validation queues."""
    contracts = Contract.objects.for_user(user).filter(status=ContractStatus.PROPOSED)
    breaks = ContractBreak.objects.for_user(user).filter(status=BreakStatus.NOTIFIED)
    return [
        WorkItem("Contrats à valider", contracts.count(), reverse("recruitment:contracts")),
        WorkItem("Ruptures de contrat à valider", breaks.count(), reverse("advisors:breaks")),
    ]


# The candidate list's statuses a structure acts on (or waits for), in the order of the hiring path.
STRUCTURE_STATUSES = {
    MatchStatus.NEW: "Nouveaux candidats proposés, pas encore examinés",
    MatchStatus.SHORTLISTED: "Candidats présélectionnés : à contacter, contrat à enregistrer",
    MatchStatus.CONTRACT_PROPOSED: "Contrats en attente de validation par l'équipe nationale",
}


def structure_worklist(user) -> list[WorkItem]:
    """Per application of the user's structures, the visible candidates at each step (one query). Renewal
    contracts (the match stays "hired") are not counted: the candidate list's status filter does not show them."""
    rows = (
        disclosure.visible(Match.objects.for_user(user))
        .filter(status__in=list(STRUCTURE_STATUSES))
        .values_list("application_id", "application__structure__name", "status")
        .annotate(total=Count("pk"))
        .order_by("application__structure__name", "application_id")
    )
    counts = {(application, status): (name, total) for application, name, status, total in rows}
    applications = list(dict.fromkeys(application for application, _status in counts))
    items = []
    for application in applications:
        url = reverse("recruitment:candidates", args=[application])
        for status, label in STRUCTURE_STATUSES.items():
            if (application, status) in counts:
                name, total = counts[application, status]
                # Several structures (or applications): say which one each count is about.
                shown = f"{label} — {name}" if len(applications) > 1 else label
                items.append(WorkItem(shown, total, f"{url}?status={status.value}"))
    return items
