"""Audience measurement with Matomo (MATOMO_URL, MATOMO_SITE_ID): off when unset, and only after the visitor accepts.

The page names what Matomo receives; the browser adds nothing of its own: the address is the page's route with the
values that could be secret or personal replaced by their name (a registration's cancellation link
`/aide-numerique/inscription/{token}/`, never its token), without query string; the title is the view's name
(a page's title may hold a person's name); no cookie, no user id, no custom dimension; the referrer is another
site's origin only. Loaded by core/static/core/audience.js, a file of this site (no inline script: pages stay
cacheable and within the CSP, which lets only the Matomo host in).
"""

from django.conf import settings

# Captured values shown as they are: numbers (ids), territory codes, export table names. Any other is replaced.
SHOWN_NAMES = {"code", "table"}


def enabled() -> bool:
    return bool(settings.MATOMO_URL and settings.MATOMO_SITE_ID)


def tracked_path(request) -> str:
    """The path sent to Matomo, or "" when the page has no route of its own (a 404): such a page is not counted."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    hidden = {
        str(value): "{" + name + "}"
        for name, value in match.captured_kwargs.items()
        if not isinstance(value, int) and name not in SHOWN_NAMES
    }
    return "/".join(hidden.get(segment, segment) for segment in request.path.split("/"))


def tracker_settings(request) -> dict:
    """What the page passes to audience.js (an empty dict when measurement is off)."""
    if not enabled():
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        "matomo_url": settings.MATOMO_URL + "/",
        "site_id": settings.MATOMO_SITE_ID,
        "path": tracked_path(request),
        "title": match.view_name if match else "",
    }
