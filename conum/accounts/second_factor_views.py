"""The second-factor steps after the password (set-up, verification) and their management from "Mon espace".

SecondFactorMiddleware sends a user whose role requires a second factor here until they have given it.
"""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from conum.core.formatting import plural

from . import second_factor
from .forms import PasswordConfirmationForm, SecondFactorCodeForm, SecondFactorSetUpForm
from .middleware import second_factor_step_url

# Wrong codes (or passwords on the confirmation forms) in this session.
FAILURES_KEY = "second_factor_failures"
# Recovery codes waiting to be shown, once.
CODES_KEY = "second_factor_new_codes"


def second_factor_account(view):
    """Signed-in users whose role requires a second factor; the pages do not exist for the others."""

    @wraps(view)
    @never_cache
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.requires_second_factor:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = "\x00" not in url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


def _failed(request):
    """Count one failure; past the limit the session is logged out (the redirect to return), else None."""
    failures = request.session.get(FAILURES_KEY, 0) + 1
    if failures < second_factor.FAILURE_LIMIT:
        request.session[FAILURES_KEY] = failures
        return None
    logout(request)
    messages.error(
        request,
        f"{second_factor.FAILURE_LIMIT} codes erronés : par sécurité, vous avez été déconnecté. Reconnectez-vous "
        "avec votre mot de passe, puis saisissez le code affiché par votre application ou un code de secours.",
    )
    return redirect("accounts:login")


def _wrong_code(request, form, check):
    """Explain a refused code; the redirect to return when the session was logged out."""
    if check.wait_seconds:
        form.add_error(
            "code",
            f"Trop de codes erronés pour ce compte : attendez {plural(check.wait_seconds, 'seconde')} "
            "avant de saisir un nouveau code.",
        )
        return None
    logged_out = _failed(request)
    if logged_out:
        return logged_out
    left = second_factor.FAILURE_LIMIT - request.session[FAILURES_KEY]
    form.add_error(
        "code",
        "Code incorrect. Saisissez le code affiché en ce moment par votre application (vérifiez que l'heure de "
        f"votre téléphone est juste) ou un code de secours. Après {plural(left, 'autre erreur', 'autres erreurs')}, "
        "vous serez déconnecté.",
    )
    return None


def _passed(request, device):
    otp_login(request, device)
    request.session.cycle_key()  # a new session key for the fully signed-in session
    request.session.pop(FAILURES_KEY, None)


@second_factor_account
def set_up(request):
    user, next_url = request.user, _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if second_factor.is_set_up(user):  # replacing a device takes the current one: never the password alone
        return redirect(second_factor_step_url(user, next_url))
    device = second_factor.pending_device(user)
    form = SecondFactorSetUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = second_factor.check_code(user, form.cleaned_data["code"], device=device)
        if check.device:
            codes = second_factor.confirm_set_up(user, check.device)
            _passed(request, check.device)
            request.session[CODES_KEY] = codes
            return redirect(f"{reverse('accounts:second_factor_recovery_codes')}?{urlencode({'next': next_url})}")
        if logged_out := _wrong_code(request, form, check):
            return logged_out
    context = {
        "form": form,
        "next": next_url,
        "qr_code": second_factor.qr_code_svg(device),
        "secret": second_factor.secret_text(device),
        "nav_items": [],  # the role's pages are out of reach until the set-up is done
    }
    return render(request, "accounts/second_factor_set_up.html", context)


@second_factor_account
def verify(request):
    user, next_url = request.user, _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not second_factor.is_set_up(user):
        return redirect(second_factor_step_url(user, next_url))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = second_factor.check_code(user, form.cleaned_data["code"])
        if check.device:
            _passed(request, check.device)
            if check.is_recovery_code:
                left = second_factor.recovery_code_used(user)
                messages.warning(
                    request,
                    f"Code de secours accepté : il ne servira plus. Il vous reste {plural(left, 'code')} de secours. "
                    "Téléphone perdu ou changé ? Réinitialisez l'application d'authentification depuis Mon espace.",
                )
            return redirect(next_url)
        if logged_out := _wrong_code(request, form, check):
            return logged_out
    context = {"form": form, "next": next_url, "nav_items": [], "contact_email": settings.CONTACT_EMAIL}
    return render(request, "accounts/second_factor_verify.html", context)


@second_factor_account
def recovery_codes(request):
    codes = request.session.pop(CODES_KEY, None)
    if not codes:
        messages.info(
            request,
            "Les codes de secours ne s'affichent qu'une fois : générez-en de nouveaux si vous ne les avez plus.",
        )
        return redirect("accounts:space")
    return render(request, "accounts/second_factor_recovery_codes.html", {"codes": codes, "next": _next_url(request)})


def _confirm_with_password(request, page):
    """The password form of a sensitive change: the bound, valid form, or the response to return."""
    form = PasswordConfirmationForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            request.session.pop(FAILURES_KEY, None)
            return form, None
        if "password" in form.errors and request.POST.get("password") and (logged_out := _failed(request)):
            return None, logged_out
    return None, render(request, "core/form_page.html", {"form": form, **page})


@second_factor_account
def regenerate_recovery_codes(request):
    page = {
        "page_title": "Générer de nouveaux codes de secours",
        "intro": f"Vos {second_factor.RECOVERY_CODE_COUNT} nouveaux codes remplaceront les anciens, qui ne "
        "serviront plus. Confirmez avec votre mot de passe.",
        "submit_label": "Générer de nouveaux codes",
    }
    form, response = _confirm_with_password(request, page)
    if response:
        return response
    request.session[CODES_KEY] = second_factor.regenerate_recovery_codes(request.user)
    return redirect("accounts:second_factor_recovery_codes")


@second_factor_account
def reset(request):
    page = {
        "page_title": "Réinitialiser la double authentification",
        "intro": "Votre application d'authentification et vos codes de secours ne serviront plus : vous associerez "
        "tout de suite une nouvelle application (téléphone changé ou perdu). Confirmez avec votre mot de passe.",
        "submit_label": "Réinitialiser",
    }
    form, response = _confirm_with_password(request, page)
    if response:
        return response
    second_factor.reset(request.user, by=request.user)
    messages.success(request, "Double authentification réinitialisée : associez votre nouvelle application.")
    return redirect("accounts:second_factor_set_up")
