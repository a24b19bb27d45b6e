"""Password links: reset e-mails are limited per address, whether or not an account exists for it (no
enumeration); the page of the link tells a first password from a new one.

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


def is_first_password(user) -> bool:
    """Whether the person is choosing their first password: invited accounts and candidates get a random one
    nobody knows (accounts.invitations.open_account), so "never signed in" is what tells them apart."""
    return user.last_login is None or not user.has_usable_password()
