from django import forms

from conum.core.forms import BaseForm

from .fields import CommuneField

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (20, "20 km"), (30, "30 km"), (50, "50 km")]


class CommuneSearchForm(BaseForm):
    q = forms.CharField(
        label="Nom de la commune ou code postal",
        help_text="Par exemple : « Saint-Junien », « st junien » ou « 87200 ».",
        max_length=100,
        min_length=2,
        error_messages={
            "required": "Saisissez au moins deux caractères du nom de la commune ou un code postal.",
            "min_length": "Saisissez au moins deux caractères du nom de la commune ou un code postal.",
            "max_length": "Le texte recherché est trop long (100 caractères au plus).",
        },
    )


class CommuneToolsForm(BaseForm):
    """The commune page's tools: communes within a distance, and the distance to another commune."""

    rayon = forms.TypedChoiceField(label="Distance", choices=RADIUS_CHOICES, coerce=int, initial=10)
    vers = CommuneField(
        label="Autre commune",
        help_text="Nom ou code postal. Si plusieurs communes correspondent, vous choisirez dans une liste.",
        required=False,
    )
