from django import forms
from dsfr.forms import DsfrBaseForm

from .enums import ContractType, MatchStatus

DISTANCE_CHOICES = [("", "Toutes"), ("5", "5 km"), ("10", "10 km"), ("20", "20 km"), ("40", "40 km"), ("100", "100 km")]
LIST_STATUSES = [
    MatchStatus.NEW, MatchStatus.SHORTLISTED, MatchStatus.DECLINED, MatchStatus.CONTRACT_PROPOSED, MatchStatus.HIRED,
]  # fmt: skip


class MatchFilterForm(DsfrBaseForm):
    status = forms.ChoiceField(
        label="Statut",
        choices=[("", "À traiter et présélectionnées")] + [(s.value, s.label) for s in LIST_STATUSES],
        required=False,
    )
    distance = forms.TypedChoiceField(
        label="Distance au plus", choices=DISTANCE_CHOICES, coerce=int, required=False, empty_value=None
    )
    experience = forms.BooleanField(label="Expérience en médiation numérique", required=False)
    diploma = forms.BooleanField(label="Diplômé(e) de la médiation numérique", required=False)
    pix = forms.BooleanField(label="Résultats Pix renseignés", required=False)
    available_by = forms.DateField(
        label="Disponible au plus tard le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Indiquez une date valide (JJ/MM/AAAA)."},
    )


class ContractForm(DsfrBaseForm):
    type = forms.ChoiceField(
        label="Type de contrat",
        choices=[("", "Choisir")] + ContractType.choices,
        error_messages={"required": "Choisissez le type de contrat."},
    )
    start_date = forms.DateField(
        label="Date de début",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Indiquez la date de début.", "invalid": "Indiquez une date valide (JJ/MM/AAAA)."},
    )
    end_date = forms.DateField(
        label="Date de fin",
        help_text="Obligatoire sauf pour un CDI ; pour un CDD ou un contrat de projet d'une structure publique, "
        "la durée du programme s'applique si vous la laissez vide.",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Indiquez une date valide (JJ/MM/AAAA)."},
    )
    weekly_hours = forms.DecimalField(
        label="Durée hebdomadaire (heures)",
        max_digits=4,
        decimal_places=1,
        min_value=1,
        max_value=48,
        localize=True,
        initial=35,
        error_messages={
            "required": "Indiquez la durée hebdomadaire.",
            "invalid": "Indiquez un nombre d'heures, par exemple 35 ou 24,5.",
            "min_value": "Au moins 1 heure.",
            "max_value": "48 heures au plus.",
            "max_decimal_places": "Une décimale au plus.",
        },
    )
    gross_monthly_salary = forms.DecimalField(
        label="Salaire brut mensuel (€)",
        max_digits=8,
        decimal_places=2,
        min_value=1,
        localize=True,
        error_messages={
            "required": "Indiquez le salaire brut mensuel.",
            "invalid": "Indiquez un montant en euros, par exemple 1800 ou 1801,80.",
            "min_value": "Le salaire doit être positif.",
            "max_digits": "Ce montant est trop grand.",
            "max_decimal_places": "Deux décimales au plus.",
        },
    )


class ContractDecisionForm(DsfrBaseForm):
    reason = forms.CharField(
        label="Motif du refus", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
