from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string
from dsfr.forms import DsfrBaseForm

from conum.core.emails import send_email

from .models import normalize_email


class LoginForm(DsfrBaseForm, AuthenticationForm):
    username = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Saisissez votre adresse e-mail.",
            "invalid": "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.",
        },
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


class ResetPasswordForm(DsfrBaseForm, PasswordResetForm):
    email = forms.EmailField(
        label="Adresse e-mail de votre compte",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Saisissez votre adresse e-mail.",
            "invalid": "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.",
        },
    )

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        send_email(subject, body, [to_email])


class NewPasswordForm(DsfrBaseForm, SetPasswordForm):
    pass


class ChangePasswordForm(DsfrBaseForm, PasswordChangeForm):
    pass
