from datetime import date
from decimal import Decimal

from django import forms

from conum.core.forms import BaseForm

from .models import ProgrammeParameters
from .services import PARAMETER_FIELDS

_AMOUNT_ERRORS = {
    "required": "Indiquez un montant en euros.",
    "invalid": "Indiquez un montant en euros, par exemple 50000 ou 1801,80.",
    "max_digits": "Ce montant est trop grand.",
    "max_decimal_places": "Deux décimales au plus (les centimes).",
    "min_value": "Le montant doit être positif.",
}


def _french_errors(field, label):
    field.error_messages.update(
        {
            "required": f"Indiquez {label}.",
            "invalid": f"Indiquez {label} sous forme de nombre.",
            "min_value": f"{label.capitalize()} : la valeur doit être au moins %(limit_value)s.",
            "max_value": f"{label.capitalize()} : la valeur doit être au plus %(limit_value)s.",
        }
    )


class ParametersForm(BaseForm, forms.ModelForm):
    class Meta:
        model = ProgrammeParameters
        fields = PARAMETER_FIELDS
        # French amounts: "1801,80" is accepted and shown, in a text input (a number input refuses the comma).
        localized_fields = ["envelope_eur", "subsidy_per_post_public_eur", "subsidy_per_post_private_eur"]
        widgets = {"programme_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.error_messages.update(_AMOUNT_ERRORS)
            elif isinstance(field, forms.IntegerField):
                _french_errors(field, f"« {field.label} »")
        self.fields["programme_start"].error_messages.update(
            {"required": "Indiquez la date de début du programme.", "invalid": "Indiquez une date valide (JJ/MM/AAAA)."}
        )
        self.fields[
            "national_target_posts"
        ].help_text = "La somme des dotations départementales ne peut pas le dépasser."


class MinimumWageForm(BaseForm):
    effective_date = forms.DateField(
        label="Date d'effet",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Indiquez la date d'effet.", "invalid": "Indiquez une date valide (JJ/MM/AAAA)."},
    )
    monthly_gross_eur = forms.DecimalField(
        label="SMIC mensuel brut pour 35 heures (€)",
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("1"),
        localize=True,  # accept "1801,80"
        error_messages=_AMOUNT_ERRORS,
    )

    def clean_effective_date(self):
        value = self.cleaned_data["effective_date"]
        if value < date(2020, 1, 1) or value.year > date.today().year + 2:
            raise forms.ValidationError(
                "La date d'effet doit être comprise entre 2020 et deux ans après l'année en cours."
            )
        return value


class TrainingTrackForm(BaseForm):
    hours = forms.IntegerField(label="Durée (heures)", min_value=1, max_value=2000)
    min_score = forms.IntegerField(
        label="Score minimal au test de positionnement (0 à 100)", min_value=0, max_value=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _french_errors(self.fields["hours"], "la durée")
        _french_errors(self.fields["min_score"], "le score minimal")


TrainingTrackFormSet = forms.formset_factory(TrainingTrackForm, extra=0)


class QuotaForm(BaseForm):
    posts = forms.IntegerField(label="Nombre de postes", min_value=0, max_value=100000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _french_errors(self.fields["posts"], "le nombre de postes")
