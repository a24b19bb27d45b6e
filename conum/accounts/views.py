from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from conum.core import ratelimit
from conum.core.errors import RuleViolation
from conum.core.navigation import items_for
from conum.core.permissions import role_required
from conum.core.roles import Role
from conum.core.scoping import get_for_user_or_404
from conum.core.worklist import worklist_for

from . import invitations, password_reset, proconnect, second_factor
from .forms import ChangePasswordForm, InvitationForm, LoginForm, NewPasswordForm, ResetPasswordForm
from .models import User


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"proconnect": proconnect.enabled()}

    def form_valid(self, form):
        response = super().form_valid(form)
        form.attempt.remember_device(response)
        return response

    def form_invalid(self, form):
        """A throttled attempt (accounts.lockout) is a 429, with Retry-After when its wait is known."""
        response = super().form_invalid(form)
        refusal = getattr(form, "refusal", None)
        if refusal:
            response.status_code = 429
            if refusal.retry_after:
                response["Retry-After"] = str(refusal.retry_after)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetPasswordForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")
    subject_template_name = "accounts/password_reset_subject.txt"
    email_template_name = "accounts/password_reset_email.txt"
    extra_email_context = {"site_url": settings.SITE_URL}

    def form_valid(self, form):
        # Per client, whatever the address; per address in the form (ResetPasswordForm.save).
        if not ratelimit.allow(self.request, "password-reset"):
            form.add_error(None, ratelimit.TOO_MANY)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link of a reset, an invitation or a candidate's confirmation: choose a password, then be signed in.

    A role that requires a second factor is signed in with the password only: SecondFactorMiddleware then
    asks for the code (or its set-up) before any other page, as after the login form."""

    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:space")
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.validlink:
            context["page_title"] = "Lien expiré ou déjà utilisé"
        elif password_reset.is_first_password(self.user):
            context["page_title"] = "Choisir votre mot de passe"
        else:
            context["page_title"] = "Choisir un nouveau mot de passe"
        return context

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.validlink and password_reset.is_first_password(self.user):  # nothing "new" about a first one
            for name, label in (("new_password1", "Mot de passe"), ("new_password2", "Confirmation du mot de passe")):
                form.fields[name].label = form[name].label = label  # the bound field keeps its own copy
        return form

    def get_user(self, uidb64):
        # An invitation sent before the account was deactivated must not reopen it.
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.user.requires_second_factor:
            messages.success(
                self.request,
                "Mot de passe enregistré. Dernière étape pour vous connecter : la double authentification.",
            )
        else:
            messages.success(self.request, "Mot de passe enregistré : vous êtes connecté(e).")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


@login_required
def space(request):
    """What the person has to do first (core.worklist: the items with something waiting), then the account."""
    tools = [item for item in items_for(request.user) if item["url"] != request.path]
    context = {"worklist": [item for item in worklist_for(request.user) if item.count], "tools": tools}
    if request.user.requires_second_factor:
        context["recovery_codes_left"] = second_factor.recovery_codes_left(request.user)
    return render(request, "accounts/space.html", context)


def locked_out(request, original_response=None, credentials=None):
    """Shown by django-axes instead of the login form while an account is blocked from this address."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "accounts/locked_out.html", context, status=429)


ACCOUNTS_PER_PAGE = 50
TEAM_ROLES = [Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT, Role.COORDINATOR]


@role_required(Role.NATIONAL_STAFF)
def team(request):
    """The accounts the national team manages: national staff, prefectures, coordinators."""
    accounts = (
        User.objects.for_user(request.user)
        .filter(role__in=TEAM_ROLES)
        .select_related("departement", "region")
        .order_by("role", "email")
    )
    query = request.GET.get("q", "").strip()[:100].replace("\x00", "")
    if query:
        accounts = accounts.filter(Q(email__icontains=query) | Q(last_name__icontains=query))
    page = Paginator(accounts, ACCOUNTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/team.html", {"page": page, "query": query})


@role_required(Role.NATIONAL_STAFF)
def invite(request):
    roles = invitations.invitable_roles(request.user)
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = invitations.invite(
                data["email"],
                data["role"],
                by=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                departement=data["departement"],
                region=data["region"],
            )
        except RuleViolation as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Compte créé pour {user.email} : un e-mail l'invite à choisir son mot de passe.")
            return redirect("accounts:team")
    return render(request, "accounts/invite.html", {"form": form})


@require_POST
@role_required(Role.NATIONAL_STAFF)
def set_active(request, pk):
    account = get_for_user_or_404(User.objects.filter(role__in=TEAM_ROLES), request.user, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        invitations.set_active(account, active, by=request.user)
    except RuleViolation as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Compte {account.email} {'réactivé' if active else 'désactivé'}.")
    return redirect("accounts:team")
