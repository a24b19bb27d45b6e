"""The role-aware navigation: apps register their entries (their `labels.NAVIGATION`) in AppConfig.ready()."""

from dataclasses import dataclass

from conum.core.jinja import url


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    order: int = 100


_ENTRIES: dict[str, list[NavEntry]] = {}
# The key under which the citizen site registers what visitors without an account see.
VISITOR = "visitor"


def register(roles, label: str, url_name: str, order: int = 100) -> None:
    for role in roles:
        entries = _ENTRIES.setdefault(role, [])
        if not any(e.url_name == url_name for e in entries):
            entries.append(NavEntry(label, url_name, order))
            entries.sort(key=lambda e: e.order)


def register_all(entries) -> None:
    """Registers an app's (roles, label, url name, order) entries, in their order."""
    for roles, label, url_name, order in entries:
        register(roles, label, url_name, order=order)


def entries_for(user) -> list[NavEntry]:
    if not user.is_authenticated:
        return list(_ENTRIES.get(VISITOR, []))
    if not user.is_active:
        return []
    return list(_ENTRIES.get(getattr(user, "role", ""), []))


def items_for(user, current_path: str = "") -> list[dict]:
    """Entries with their URL; the one for this page gets aria-current "page", a parent section "true"."""
    entries = entries_for(user)
    urls = [url(entry.url_name) for entry in entries]  # each route's text reversed once per process
    sections = [url for url in urls if len(url) > 1 and current_path.startswith(url)]
    best = current_path if current_path in urls else max(sections, key=len, default=None)
    return [
        {
            "label": entry.label,
            "url": url,
            "current": ("page" if url == current_path else "true") if url == best else "",
        }
        for entry, url in zip(entries, urls, strict=True)
    ]
