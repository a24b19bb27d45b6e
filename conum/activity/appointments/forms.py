"""The advisor's appointment forms: a weekly availability, an absence, whether the person came. The fields read
types; inputs.py holds the rules (the same messages for every caller)."""

from django import forms

from conum.activity.appointments.inputs import SLOT_MINUTES, WEEKDAYS, parse_absence, parse_rule
from conum.activity.enums import AppointmentStatus, UnavailabilityReason
from conum.activity.models import Place
from conum.activity.workshops.forms import TimeField
from conum.core.field_marks import UNMARKED
from conum.core.fields import FrenchDateField
from conum.core.forms import BaseForm
from conum.core.inputs import InputForm


def _places(advisor, field):
    field.queryset = Place.objects.filter(advisors=advisor, archived_at__isnull=True).select_related("commune")
    field.label_from_instance = lambda place: f"{place.name} — {place.commune.name}"


class RuleForm(InputForm):
    place = forms.ModelChoiceField(
        label="Lieu",
        queryset=Place.objects.none(),
        required=False,
        template_name=UNMARKED,
        empty_label="Choisissez un lieu",
        error_messages={"invalid_choice": "Choisissez un de vos lieux d'activité."},
    )
    weekday = forms.TypedChoiceField(
        label="Jour",
        choices=[("", "Choisissez un jour")] + [(str(n), day.capitalize()) for n, day in enumerate(WEEKDAYS)],
        coerce=int,
        required=False,
        template_name=UNMARKED,
        error_messages={"invalid_choice": "Choisissez un jour de la semaine."},
    )
    start_time = TimeField(label="De", missing="Indiquez l'heure de début.")
    end_time = TimeField(label="À", missing="Indiquez l'heure de fin.")
    slot_minutes = forms.TypedChoiceField(
        label="Durée d'un rendez-vous",
        choices=[(str(n), f"{n} minutes") for n in SLOT_MINUTES],
        coerce=int,
        initial="45",
        error_messages={"invalid_choice": "Choisissez la durée d'un rendez-vous dans la liste."},
    )
    valid_from = FrenchDateField(label="À partir du", required=False, help_text="Laissez vide : dès aujourd'hui.")
    valid_until = FrenchDateField(label="Jusqu'au", required=False, help_text="Laissez vide : sans fin prévue.")

    def __init__(self, *args, advisor, **kwargs):
        super().__init__(*args, **kwargs)
        self.advisor = advisor
        _places(advisor, self.fields["place"])
        for name in ("weekday", "slot_minutes"):
            self.fields[name].widget.attrs["class"] = "fr-select"

    def parse_input(self):
        data = self.cleaned_data
        return parse_rule({key: data.get(key) for key in self.fields}, advisor=self.advisor)


class AbsenceForm(InputForm):
    first_day = FrenchDateField(label="Du", missing="Indiquez le premier jour d'absence.")
    last_day = FrenchDateField(label="Au", required=False, help_text="Laissez vide pour un seul jour.")
    reason = forms.ChoiceField(
        label="Motif",
        choices=UnavailabilityReason.choices,
        initial=UnavailabilityReason.LEAVE,
        error_messages={"invalid_choice": "Choisissez le motif dans la liste."},
    )
    place = forms.ModelChoiceField(
        label="Lieu",
        queryset=Place.objects.none(),
        required=False,
        empty_label="Tous mes lieux",
        error_messages={"invalid_choice": "Choisissez un de vos lieux d'activité, ou aucun pour tous."},
    )

    def __init__(self, *args, advisor, **kwargs):
        super().__init__(*args, **kwargs)
        self.advisor = advisor
        _places(advisor, self.fields["place"])
        for name in ("reason", "place"):
            self.fields[name].widget.attrs["class"] = "fr-select"

    def parse_input(self):
        data = self.cleaned_data
        return parse_absence({key: data.get(key) for key in self.fields}, advisor=self.advisor)


class MarkForm(BaseForm):
    status = forms.ChoiceField(
        choices=[(AppointmentStatus.ATTENDED, "Venu(e)"), (AppointmentStatus.ABSENT, "Absent(e)")],
        error_messages={
            "required": "Indiquez « venu(e) » ou « absent(e) ».",
            "invalid_choice": "Indiquez « venu(e) » ou « absent(e) ».",
        },
    )


class FileForm(BaseForm):
    """The file ("dossier") an appointment is linked to, among those the page offered."""

    dossier = forms.IntegerField(min_value=1, max_value=2**31 - 1)
