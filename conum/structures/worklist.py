"""What the prefecture and the national team have to do on applications and amendments (core.worklist).

Each count is the one the linked queue shows: the same scope (`for_user`) and the same filters (queues.py).
"""

from django.urls import reverse

from conum.core.worklist import WorkItem

from .models import StructureApplication
from .queues import filtered_applications, open_amendments


def prefecture_worklist(user) -> list[WorkItem]:
    """Applications and amendments of the agent's territory that still wait for the prefecture's opinion."""
    queue = reverse("structures:prefecture_queue")
    applications = filtered_applications(StructureApplication.objects.for_user(user), {"awaiting_opinion": True})
    amendments = open_amendments(user).filter(opinion__isnull=True)
    return [
        WorkItem("Candidatures en attente de votre avis", applications.count(), f"{queue}?awaiting_opinion=on"),
        WorkItem("Avenants en attente de votre avis", amendments.count(), queue),
    ]


def committee_worklist(user) -> list[WorkItem]:
    """The committee's queue: applications and amendments to decide."""
    queue = reverse("structures:committee_queue")
    applications = filtered_applications(StructureApplication.objects.for_user(user), {})
    return [
        WorkItem("Candidatures à décider en comité", applications.count(), queue),
        WorkItem("Avenants à décider en comité", open_amendments(user).count(), queue),
    ]
