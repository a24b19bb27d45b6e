"""The one rate limiter, counted in the Django cache (shared by all processes with Redis): fixed windows per
(scope, subject), each starting at the subject's first event, the subject being the client (public forms,
anonymous API calls), an API token (conum.api.ratelimit) or a typed e-mail (the login throttle, accounts.lockout).

No external captcha: a fixed window per (scope, client), plus the honeypot field of the forms.
"""

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache

from .client_address import client_address

TOO_MANY = (
    "Trop de demandes ont été envoyées depuis votre connexion en peu de temps. "
    "Patientez quelques minutes, puis réessayez."
)


def _key(scope: str, subject: str) -> str:
    # Hashed: a fixed-length key whatever was typed, and no e-mail address kept in the cache.
    return f"ratelimit:{scope}:{hashlib.sha256(subject.encode()).hexdigest()[:32]}"


def client_key(request) -> str:
    """Whom a per-client limit counts: the client's address, or for IPv6 its /64 (one subscriber's network,
    which it could otherwise walk through to get a fresh allowance for each address)."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.IPv6Network((int(parsed) >> 64 << 64, 64)))
    return address


def hit(scope: str, subject: str, window_seconds: int) -> int:
    """Count one event of `subject`; the number counted in its window, which starts at its first event."""
    key = _key(scope, subject)
    if cache.add(key, 0, timeout=window_seconds):  # starts the window; does nothing when it is running
        _start_window(key, window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        _start_window(key, window_seconds)
        return 1


def _start_window(key: str, window_seconds: int) -> None:
    # When the window ends, for a refusal's Retry-After (the cache cannot tell a key's time left).
    cache.set(f"{key}:ends", time.time() + window_seconds, timeout=window_seconds)


def seconds_left(scope: str, subject: str, window_seconds: int) -> int:
    """Whole seconds until `subject`'s running window ends (at least 1; the whole window if none runs)."""
    ends = cache.get(f"{_key(scope, subject)}:ends")
    return window_seconds if ends is None else max(1, math.ceil(ends - time.time()))


def count(scope: str, subject: str) -> int:
    """The events counted for `subject` in its running window, without counting one more."""
    return cache.get(_key(scope, subject), 0)


def forget(scope: str, subject: str) -> None:
    cache.delete_many([_key(scope, subject), f"{_key(scope, subject)}:ends"])
    cache.delete(_key(f"{scope}:turn", subject))


def take_turn(scope: str, subject: str, seconds: float) -> int:
    """Let one request of `subject` through, then none for `seconds` (whatever the number of processes:
    cache.add is atomic). 0 when this request may go on, else the whole seconds left to wait."""
    key = _key(f"{scope}:turn", subject)
    for _ in range(2):  # twice: the turn may end between add and get
        if cache.add(key, time.time() + seconds, timeout=seconds):
            return 0
        until = cache.get(key)
        if until is not None:
            return max(1, math.ceil(until - time.time()))
    return 0


def allow(request, scope: str, limit: int | None = None, window_seconds: int | None = None) -> bool:
    """Count this request; False once the client has made more than `limit` in the current window."""
    limit = settings.PUBLIC_FORM_RATE_LIMIT if limit is None else limit
    window = settings.PUBLIC_FORM_RATE_WINDOW_MINUTES * 60 if window_seconds is None else window_seconds
    return hit(scope, client_key(request), window) <= limit


def public_form_refusal(request, scope: str) -> tuple[str, int]:
    """For a public form's view: counts a POST and gives the message and status 429 once the client is over the
    limit, else ("", 200) (a GET is never counted)."""
    if request.method == "POST" and not allow(request, scope):
        return TOO_MANY, 429
    return "", 200
