"""The ProConnect pages: the start of a sign-in, the return from the provider, the logout there and back.

proconnect.py speaks the protocol; these views only turn its refusals into a message on the login page (never a
500, nothing signed in). With ProConnect off, the three pages answer 404.
"""

import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import proconnect
from .proconnect import ProConnectError

logger = logging.getLogger(__name__)


def proconnect_page(view):
    @wraps(view)
    @never_cache
    @require_GET
    def wrapper(request, *args, **kwargs):
        if not proconnect.enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _safe_next(request) -> str:
    url = request.GET.get("next", "")
    safe = "\x00" not in url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and safe else resolve_url(settings.LOGIN_REDIRECT_URL)


@proconnect_page
def start(request):
    try:
        return HttpResponseRedirect(proconnect.start(request, _safe_next(request)))
    except ProConnectError as refusal:
        messages.error(request, str(refusal))
        return redirect("accounts:login")


@proconnect_page
def callback(request):
    try:
        flow = proconnect.pop_flow(request, request.GET.get("state", ""))
        code = request.GET.get("code", "")
        if request.GET.get("error") or not code:
            logger.info("ProConnect: sign-in not completed (%s)", request.GET.get("error", "no code")[:100])
            raise ProConnectError(proconnect.FAILED)
        id_token, claims, info = proconnect.exchange(code, flow["nonce"])
        user = proconnect.account_for(info)
    except ProConnectError as refusal:
        messages.error(request, str(refusal))
        return redirect("accounts:login")
    proconnect.sign_in(request, user, id_token, claims)
    # A staff member without ProConnect's second factor is sent to the code step by SecondFactorMiddleware.
    return redirect(flow["next"])


class LogoutView(auth_views.LogoutView):
    """Conum's logout; a session opened through ProConnect also ends at ProConnect, whose end_session_endpoint
    sends the browser back to logout_callback."""

    def post(self, request, *args, **kwargs):
        ending = proconnect.end_session(request)
        response = super().post(request, *args, **kwargs)
        if ending is None:
            return response
        url, state = ending
        request.session[proconnect.LOGOUT_STATE_KEY] = state  # in the new, anonymous session
        return HttpResponseRedirect(url)


@proconnect_page
def logout_callback(request):
    expected = request.session.pop(proconnect.LOGOUT_STATE_KEY, None)
    if proconnect.matches(expected, request.GET.get("state", "")):
        messages.success(request, "Vous êtes déconnecté(e) de Conum et de ProConnect.")
    return redirect(settings.LOGOUT_REDIRECT_URL)
