from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string

from conum.core.emails import send_email
from conum.core.forms import BaseForm
from conum.territories.models import Departement, Region

from .models import normalize_email


class LoginForm(BaseForm, AuthenticationForm):
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


class ResetPasswordForm(BaseForm, PasswordResetForm):
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
