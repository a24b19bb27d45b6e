"""Login throttling, in three layers that a stranger elsewhere cannot turn against an account's owner:

- per (account, address): django-axes locks the pair after LOGIN_FAILURE_LIMIT wrong passwords, for
  LOGIN_COOLOFF_MINUTES (the address from conum.core.client_address, like every other limit);
- per address, across accounts (password spraying): past LOGIN_ADDRESS_FAILURE_LIMIT wrong passwords in an
  hour, the address's attempts are refused unchecked until its hour ends;
- per account, across addresses (a distributed guess): past LOGIN_ACCOUNT_SLOWDOWN_AFTER wrong passwords in
  an hour, one attempt is checked, then none for 1, 2, 4 … 60 seconds. A browser where the account signed
  in before carries a signed cookie that skips this wait: strangers slow down each other, not the owner.

Both counters (core.ratelimit) are keyed on the normalised typed e-mail, whether an account has it or not,
so the answers tell nobody who has an account.
"""

from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.utils.crypto import salted_hmac

from conum.core import ratelimit
from conum.core.formatting import plural

from .models import normalize_email

WINDOW_SECONDS = 60 * 60
MAX_DELAY_SECONDS = 60
ACCOUNT, ADDRESS = "login-account", "login-address"
DEVICE_COOKIE, DEVICE_SALT, DEVICE_MAX_AGE = "conum_device", "conum.accounts.lockout.device", 60 * 60 * 24 * 180

TOO_MANY_FROM_ADDRESS = (
    "Trop de mots de passe erronés ont été saisis depuis votre connexion internet. Par sécurité, les essais "
    "de connexion depuis celle-ci sont suspendus pendant une heure au plus : réessayez plus tard."
)
TOO_MANY_FOR_ACCOUNT = (
    "Trop d'essais de connexion pour cette adresse e-mail en peu de temps. Patientez {wait}, puis réessayez."
)


def username_from_request(request, credentials):
    """django-axes counts failures per typed username: count them per normalised e-mail, so that
    "Alice@X.fr" and "alice@x.fr" share one counter."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_email(username)


@dataclass(frozen=True)
class Refusal:
    message: str
    retry_after: int | None = None


class LoginAttempt:
    """One POST of the login form, for the e-mail typed (normalised)."""

    def __init__(self, request, email: str):
        self.request, self.email = request, normalize_email(email)
        self.address = ratelimit.client_key(request)
        self.locked = False

    def refusal(self) -> Refusal | None:
        """Why the password must not even be checked, or None."""
        if ratelimit.count(ADDRESS, self.address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return Refusal(TOO_MANY_FROM_ADDRESS)
        # A locked pair gets django-axes' lock page; it must not take the account's turn from others.
        self.locked = AxesProxyHandler.is_locked(self.request, {"username": self.email})
        if self.locked or self._known_device():
            return None
        beyond = ratelimit.count(ACCOUNT, self.email) - settings.LOGIN_ACCOUNT_SLOWDOWN_AFTER
        if beyond < 0:
            return None
        wait = ratelimit.take_turn(ACCOUNT, self.email, min(2**beyond, MAX_DELAY_SECONDS))
        if wait:
            return Refusal(TOO_MANY_FOR_ACCOUNT.format(wait=plural(wait, "seconde")), wait)
        return None

    def failed(self):
        """A wrong password (not an attempt that django-axes refused unchecked)."""
        if not self.locked:
            ratelimit.hit(ADDRESS, self.address, WINDOW_SECONDS)
            ratelimit.hit(ACCOUNT, self.email, WINDOW_SECONDS)

    def succeeded(self):
        ratelimit.forget(ACCOUNT, self.email)

    def remember_device(self, response):
        """After a successful sign-in: this browser skips the account's slowdown from now on."""
        response.set_signed_cookie(
            DEVICE_COOKIE,
            self._device_token(),
            salt=DEVICE_SALT,
            max_age=DEVICE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )

    def _device_token(self) -> str:
        return salted_hmac(DEVICE_SALT, self.email).hexdigest()[:32]

    def _known_device(self) -> bool:
        token = self.request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
        return token == self._device_token()
