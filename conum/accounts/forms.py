from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm

from conum.core.emails import render_email, send_email
from conum.core.forms import BaseForm
from conum.territories.models import Departement, Region

from . import lockout, password_reset
from .models import normalize_email

# The messages of the address one signs in with (login, forgotten password).
EMAIL_ERRORS = {
    "required": "Saisissez votre adresse e-mail.",
    "invalid": "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.",
}


class LoginForm(BaseForm, AuthenticationForm):
    username = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages=EMAIL_ERRORS,
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Saisissez votre mot de passe."},
    )
    error_messages = {
        "invalid_login": "Adresse e-mail ou mot de passe incorrect. Après {limit} essais infructueux, "
        "la connexion est bloquée pendant {minutes} minutes.",
        "inactive": "Ce compte est désactivé.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages = self.error_messages | {
            "invalid_login": self.error_messages["invalid_login"].format(
                limit=settings.AXES_FAILURE_LIMIT, minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
            )
        }

    def clean_username(self):
        return normalize_email(self.cleaned_data["username"])

    def clean(self):
        """The throttles of accounts.lockout around the password check; a refused attempt is not checked."""
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not (email and password and self.request):
            return super().clean()
        self.attempt = lockout.LoginAttempt(self.request, email)
        self.refusal = self.attempt.refusal()
        if self.refusal:
            raise forms.ValidationError(self.refusal.message, code="throttled")
        try:
            cleaned_data = super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                self.attempt.failed()
            raise
        self.attempt.succeeded()
        return cleaned_data


class ResetPasswordForm(BaseForm, PasswordResetForm):
    email = forms.EmailField(
        label="Adresse e-mail de votre compte",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages=EMAIL_ERRORS,
    )

    def save(self, *args, **kwargs):
        # Past the address's quota nothing is sent, and the page that follows is the same: no enumeration.
        if password_reset.address_allowed(self.cleaned_data["email"]):
            super().save(*args, **kwargs)

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(render_email(subject_template_name, context).splitlines())
        body = render_email(email_template_name, context)
        send_email(subject, body, [to_email])


class NewPasswordForm(BaseForm, SetPasswordForm):
    pass


class ChangePasswordForm(BaseForm, PasswordChangeForm):
    pass


class PersonForm(BaseForm):
    """Who is invited: a professional e-mail address, and a name if known."""

    email = forms.EmailField(
        label="Adresse e-mail professionnelle",
        max_length=254,
        error_messages={
            "required": "Indiquez l'adresse e-mail de la personne.",
            "invalid": "Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.gouv.fr.",
        },
    )
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)


class InvitationForm(PersonForm):
    role = forms.ChoiceField(
        label="Rôle",
        error_messages={"required": "Choisissez un rôle.", "invalid_choice": "Choisissez un rôle dans la liste."},
    )
    departement = forms.ModelChoiceField(
        label="Département (préfecture de département)",
        queryset=Departement.objects.all(),
        required=False,
        empty_label="Aucun",
        error_messages={"invalid_choice": "Choisissez un département dans la liste."},
    )
    region = forms.ModelChoiceField(
        label="Région (préfecture de région)",
        queryset=Region.objects.all(),
        required=False,
        empty_label="Aucune",
        error_messages={"invalid_choice": "Choisissez une région dans la liste."},
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Choisir un rôle")] + [(role.value, role.label) for role in roles]
        self.fields["departement"].help_text = "Pour un compte de préfecture : un département ou une région."


def _code_field(help_text, **attrs):
    return forms.CharField(
        label="Code de vérification",
        help_text=help_text,
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false", **attrs}
        ),
        error_messages={
            "required": "Saisissez le code à 6 chiffres affiché par votre application d'authentification.",
            "max_length": "Ce code est trop long : saisissez les 6 chiffres de l'application ou un code de secours.",
        },
    )


class SecondFactorCodeForm(BaseForm):
    code = _code_field("Les 6 chiffres affichés par votre application d'authentification, ou un code de secours.")


class SecondFactorSetUpForm(BaseForm):
    code = _code_field("Les 6 chiffres affichés par votre application après l'ajout du compte.", inputmode="numeric")


class PasswordConfirmationForm(BaseForm):
    """Sensitive changes to one's own account ask for the password again."""

    password = forms.CharField(
        label="Votre mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Saisissez votre mot de passe pour confirmer."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Mot de passe incorrect : saisissez le mot de passe de votre compte.")
        return password
