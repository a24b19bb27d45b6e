"""Password reset e-mails are limited per address, whether or not an account exists for it (no enumeration).

Counted by core.ratelimit (the Django cache, shared by every process with Redis; keys are hashed, so the cache
never holds the address itself). The per-client limit is core.ratelimit's too (accounts/views.py).
"""

from conum.core import ratelimit

from .models import normalize_email

EMAILS_PER_ADDRESS = 3
WINDOW_SECONDS = 60 * 60


def address_allowed(email: str) -> bool:
    """Count one reset request for `email`; False past EMAILS_PER_ADDRESS in the current hour."""
    return ratelimit.hit("password-reset:address", normalize_email(email), WINDOW_SECONDS) <= EMAILS_PER_ADDRESS
