"""Until a signed-in user whose role requires a second factor has given it, only the second-factor steps and
logout answer; every other page sends them to the step they are at.

Deny by default: a page added later is covered without declaring anything, and the role checks of the views
never see a half-signed-in session. Runs after django-otp's OTPMiddleware, which tells whether the session
was verified (user.is_verified()).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin

from . import second_factor

ALLOWED_VIEWS = {"accounts:second_factor_set_up", "accounts:second_factor_verify", "accounts:logout"}


def needs_second_factor(user) -> bool:
    if not (user.is_authenticated and getattr(user, "requires_second_factor", False)):
        return False
    is_verified = getattr(user, "is_verified", None)  # missing without OTPMiddleware: fail closed
    return not (is_verified and is_verified())


def second_factor_step_url(user, next_url: str = "") -> str:
    step = "accounts:second_factor_verify" if second_factor.is_set_up(user) else "accounts:second_factor_set_up"
    url = reverse(step)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SecondFactorMiddleware(MiddlewareMixin):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if not needs_second_factor(request.user):
            return None
        if request.resolver_match.view_name in ALLOWED_VIEWS or request.path.startswith(settings.STATIC_URL):
            return None
        next_url = request.get_full_path() if request.method == "GET" else ""
        return redirect(second_factor_step_url(request.user, next_url))
