"""A per-IP rate limit for public forms, counted in the Django cache (shared by all processes with Redis).

No external captcha: a fixed window per (scope, client address), plus the honeypot field of the forms.
"""

from django.conf import settings
from django.core.cache import cache
from ipware import get_client_ip

TOO_MANY = (
    "Trop de demandes ont été envoyées depuis votre connexion en peu de temps. "
    "Patientez quelques minutes, puis réessayez."
)


def client_ip(request) -> str:
    """The client's address; X-Forwarded-For is read only behind TRUSTED_PROXY_COUNT proxies (else spoofable)."""
    if not settings.TRUSTED_PROXY_COUNT:
        return request.META.get("REMOTE_ADDR") or "unknown"
    ip, _routable = get_client_ip(request, proxy_count=settings.TRUSTED_PROXY_COUNT)
    return ip or "unknown"


def allow(request, scope: str, limit: int | None = None, window_seconds: int | None = None) -> bool:
    """Count this request; False once the client has made more than `limit` in the current window."""
    limit = settings.PUBLIC_FORM_RATE_LIMIT if limit is None else limit
    window = settings.PUBLIC_FORM_RATE_WINDOW_MINUTES * 60 if window_seconds is None else window_seconds
    key = f"ratelimit:{scope}:{client_ip(request)}"
    cache.add(key, 0, timeout=window)  # starts the window; does nothing when it is running
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
