"""The role-aware navigation: apps register their entries in AppConfig.ready()."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    order: int = 100


_ENTRIES: dict[str, list[NavEntry]] = {}


def register(roles, label: str, url_name: str, order: int = 100) -> None:
    for role in roles:
        entries = _ENTRIES.setdefault(role, [])
        if not any(e.url_name == url_name for e in entries):
            entries.append(NavEntry(label, url_name, order))
            entries.sort(key=lambda e: e.order)


def entries_for(user) -> list[NavEntry]:
    if not (user.is_authenticated and user.is_active):
        return []
    return list(_ENTRIES.get(getattr(user, "role", ""), []))


def items_for(user, current_path: str = "") -> list[dict]:
    items = []
    for entry in entries_for(user):
        url = reverse(entry.url_name)
        current = current_path == url or (url != "/" and current_path.startswith(url) and len(url) > 1)
        items.append({"label": entry.label, "url": url, "current": current})
    return items
