"""Forms of the advisors' pages: directory filters, training record, contract break and its decision."""

from django import forms
from django.utils import timezone

from conum.accounts.models import User
from conum.core.fields import FrenchDateField
from conum.core.forms import BaseForm
from conum.core.roles import Role
from conum.recruitment.enums import BreakReason, TrainingState


class AdvisorFilterForm(BaseForm):
    q = forms.CharField(label="Nom, structure ou commune", max_length=100, required=False)
    departement = forms.CharField(label="Département (code)", max_length=3, required=False)
    training = forms.ChoiceField(
        label="Formation", choices=[("", "Tous les états")] + TrainingState.choices, required=False
    )
    presence = forms.ChoiceField(
        label="Présence",
        choices=[("", "En poste"), ("left", "Partis"), ("all", "Tous")],
        required=False,
    )
    late_training = forms.BooleanField(label="Formation en retard", required=False)

    def clean_departement(self):
        return self.cleaned_data["departement"].strip().upper()


SCORE_ERRORS = {
    "invalid": "Indiquez un score entier entre 0 et 100.",
    "min_value": "Le score est compris entre 0 et 100.",
    "max_value": "Le score est compris entre 0 et 100.",
}


class TrainingForm(BaseForm):
    positioning_score = forms.IntegerField(
        label="Score au test de positionnement (0 à 100)",
        min_value=0,
        max_value=100,
        required=False,
        help_text="Le parcours de formation en découle.",
        error_messages=SCORE_ERRORS,
    )
    positioning_date = FrenchDateField(label="Date du test", required=False)
    training_planned_start = FrenchDateField(label="Début prévu de la formation", required=False)
    training_planned_end = FrenchDateField(label="Fin prévue de la formation", required=False)
    training_start = FrenchDateField(label="Début effectif", required=False)
    training_end = FrenchDateField(label="Fin effective", required=False)
    training_completed = forms.BooleanField(label="Formation initiale achevée", required=False)
    ccp1_certified_on = FrenchDateField(label="CCP1 REMN obtenu le", required=False)
    pix_certified_on = FrenchDateField(label="Certification Pix obtenue le", required=False)

    PAST_ONLY = ("positioning_date", "training_start", "training_end", "ccp1_certified_on", "pix_certified_on")
    # The page's fieldsets: (legend, field names), every field once, in the form's order.
    FIELDSETS = (
        ("Test de positionnement", ("positioning_score", "positioning_date")),
        (
            "Formation",
            ("training_planned_start", "training_planned_end", "training_start", "training_end", "training_completed"),
        ),
        ("Certification", ("ccp1_certified_on", "pix_certified_on")),
    )

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in self.PAST_ONLY:
            if data.get(name) and data[name] > today:
                self.add_error(name, "Cette date ne peut pas être dans le futur.")
        if data.get("positioning_date") and data.get("positioning_score") is None:
            self.add_error("positioning_score", "Indiquez le score obtenu au test.")
        self._check_order(data, "training_planned_start", "training_planned_end", "La fin prévue suit le début prévu.")
        self._check_order(data, "training_start", "training_end", "La fin suit le début.")
        if data.get("training_end") and not data.get("training_start"):
            self.add_error("training_start", "Indiquez aussi le début effectif de la formation.")
        if data.get("training_completed") and not data.get("training_end"):
            self.add_error("training_end", "Indiquez la fin effective d'une formation achevée.")
        return data

    def _check_order(self, data, start, end, message):
        if data.get(start) and data.get(end) and data[end] < data[start]:
            self.add_error(end, message)


class BreakForm(BaseForm):
    date = FrenchDateField(
        label="Date de fin effective du contrat",
        missing="Indiquez la date de fin du contrat.",
        help_text="Au plus deux mois après aujourd'hui.",
    )
    reason = forms.ChoiceField(
        label="Motif",
        choices=[("", "Choisir")] + BreakReason.choices,
        error_messages={"required": "Choisissez le motif.", "invalid_choice": "Choisissez un motif de la liste."},
    )
    comment = forms.CharField(
        label="Précisions",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "1 000 caractères au plus (%(show_value)d saisis)."},
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == BreakReason.OTHER and not (data.get("comment") or "").strip():
            self.add_error("comment", "Précisez le motif « Autre ».")
        return data


class CoordinatorForm(BaseForm):
    """The national team assigns the coordinator who follows an advisor (or none)."""

    coordinator = forms.ModelChoiceField(
        label="Coordinateur qui suit ce conseiller",
        queryset=User.objects.none(),
        required=False,
        empty_label="Aucun coordinateur",
        error_messages={"invalid_choice": "Choisissez un coordinateur de la liste."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["coordinator"]
        field.queryset = User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by(
            "last_name", "first_name", "pk"
        )
        field.label_from_instance = lambda user: f"{user.get_full_name()} ({user.email})"
