"""What each role has to do, shown first in "Mon espace": apps declare providers in their `labels.WORKLIST`.

A provider is a function of the signed-in user returning `WorkItem` items (a count and where to act on it); it
must stay within the user's own scope, like the pages it links to. `LabelledAppConfig` registers them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkItem:
    label: str  # what is waiting, in French, e.g. "Candidatures en attente de votre avis"
    count: int
    url: str  # the page where the person acts on it
    # An alert (something late or missing) is shown as such; otherwise the item is ordinary work or a count.
    alert: bool = False


Provider = Callable[[object], Iterable[WorkItem]]
_PROVIDERS: dict[str, list[Provider]] = {}


def register_all(entries) -> None:
    """Registers an app's (roles, provider) entries."""
    for roles, provider in entries:
        for role in roles:
            providers = _PROVIDERS.setdefault(role, [])
            if provider not in providers:
                providers.append(provider)


def worklist_for(user) -> list[WorkItem]:
    """Every item of the user's role, alerts first, in the order the apps declared them."""
    if not user.is_authenticated or not user.is_active:
        return []
    items = [item for provider in _PROVIDERS.get(getattr(user, "role", ""), []) for item in provider(user)]
    return sorted(items, key=lambda item: not item.alert)
