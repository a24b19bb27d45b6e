from django import forms

from conum.accounts.models import User
from conum.api.models import Scope
from conum.core.forms import BaseForm
from conum.core.roles import Role


class ApiClientForm(BaseForm):
    name = forms.CharField(
        label="Nom du client",
        max_length=100,
        help_text="Par exemple le logiciel qui enverra les comptes rendus.",
        error_messages={"required": "Indiquez le nom du client.", "max_length": "100 caractères au plus."},
    )
    owner_email = forms.EmailField(
        label="Adresse e-mail du compte du conseiller",
        help_text="Le jeton lit et écrit les comptes rendus de ce conseiller seulement.",
        error_messages={"required": "Indiquez l'adresse e-mail du conseiller.", "invalid": "Adresse e-mail invalide."},
    )
    scopes = forms.MultipleChoiceField(
        label="Droits",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un droit.", "invalid_choice": "Droit inconnu."},
    )

    def clean_owner_email(self):
        email = self.cleaned_data["owner_email"]
        owner = User.objects.filter(email__iexact=email, role=Role.ADVISOR, is_active=True).first()
        if owner is None:
            raise forms.ValidationError("Aucun compte actif de conseiller numérique n'a cette adresse.")
        self.owner = owner
        return email
