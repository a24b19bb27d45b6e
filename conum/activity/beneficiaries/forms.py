"""The file form: it reads what was typed; the rules are `inputs.parse_beneficiary`'s (InputForm)."""

from django import forms

from conum.activity import enums
from conum.activity.beneficiaries.inputs import parse_beneficiary
from conum.core.forms import BaseForm
from conum.core.inputs import InputForm
from conum.territories.fields import CommuneField


class BeneficiaryForm(InputForm):
    name = forms.CharField(
        label="Prénom ou pseudonyme",
        max_length=200,  # the rules say the limit, in the API's words
        help_text="Pas de nom de famille : de quoi reconnaître la personne dans l'équipe.",
        error_messages={"required": "Indiquez le prénom ou un pseudonyme de la personne (pas son nom de famille)."},
    )
    email = forms.CharField(label="Adresse e-mail", required=False, max_length=300)
    phone = forms.CharField(label="Téléphone", required=False, max_length=30)
    commune = CommuneField(label="Commune de résidence", required=False, help_text="Nom ou code postal.")
    age_band = forms.ChoiceField(
        label="Tranche d'âge", choices=[("", "Non renseignée"), *enums.AgeBand.choices], required=False
    )
    themes = forms.MultipleChoiceField(
        label="Ce pour quoi la personne est venue",
        choices=enums.Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        label="La personne accepte que notre structure garde ce dossier : ces informations et l'historique de ses "
        "accompagnements, partagés avec les conseillers de la structure, effacés sur sa demande ou après deux ans "
        "sans accompagnement",
        required=False,
    )

    def __init__(self, *args, creating: bool, **kwargs):
        self.creating = creating
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["consent"]

    def parse_input(self):
        cleaned = self.cleaned_data
        data = {name: cleaned.get(name) for name in ("name", "email", "phone", "commune", "age_band", "themes")}
        if self.creating:
            data["consent"] = bool(cleaned.get("consent"))
        return parse_beneficiary(data, creating=self.creating)


class SearchForm(BaseForm):
    q = forms.CharField(label="Rechercher un prénom ou pseudonyme", required=False, max_length=100)
