from django import forms
from dsfr.forms import DsfrBaseForm

from .enums import MatchStatus

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
