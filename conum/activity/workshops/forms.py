"""Forms of the advisor's workshop pages: a session (or a series), its cancellation, a person added, attendance.

Forms parse what was typed; the rules are workshops.check_session and registrations.register, so that
pages and direct calls give the same French messages.
"""

from datetime import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from dsfr.widgets import InlineCheckboxSelectMultiple, InlineRadioSelect

from conum.activity.enums import RegistrationStatus, Theme, WorkshopLevel
from conum.activity.models import Place
from conum.activity.workshops import services as workshops
from conum.activity.workshops.services import Repeat
from conum.core.fields import FrenchDateField
from conum.core.forms import BaseForm

LOCAL_DATETIME = "%Y-%m-%dT%H:%M"
TIME_FIELDS = ("date", "start_time", "end_time", "registration_opens_at", "registration_closes_at")


def _required(message):
    return {"required": message}


class TimeField(forms.TimeField):
    """A time picker (type="time"; typed as 14:00 or 14h00 without JavaScript)."""

    def __init__(self, *, missing, **kwargs):
        kwargs.setdefault("widget", forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
        super().__init__(input_formats=["%H:%M", "%H:%M:%S", "%Hh%M", "%H h %M", "%Hh"], **kwargs)
        self.error_messages.update({"required": missing, "invalid": "Indiquez une heure valide, par exemple 14:00."})


class LocalDateTimeField(forms.DateTimeField):
    """A date-and-time picker (type="datetime-local"; typed as 25/12/2026 09:00 without JavaScript)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_DATETIME))
        super().__init__(input_formats=[LOCAL_DATETIME, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M"], **kwargs)
        self.error_messages["invalid"] = "Indiquez une date et une heure valides, par exemple 25/12/2026 09:00."


class WorkshopForm(BaseForm):
    title = forms.CharField(
        label="Titre",
        max_length=workshops.TITLE_LENGTH[1],
        help_text="De 5 à 150 caractères, par exemple « Bien utiliser son smartphone ».",
        error_messages={
            "required": "Indiquez le titre de l'atelier.",
            "max_length": "Le titre fait %(show_value)d caractères : de 5 à 150.",
        },
    )
    description = forms.CharField(
        label="Ce que l'on y apprend",
        max_length=workshops.DESCRIPTION_LENGTH[1],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="De 20 à 3 000 caractères, en mots simples : c'est ce que lisent les personnes intéressées.",
        error_messages={
            "required": "Décrivez ce que l'on apprend pendant l'atelier.",
            "max_length": "La description fait %(show_value)d caractères : de 20 à 3 000.",
        },
    )
    themes = forms.MultipleChoiceField(
        label="Thèmes",
        choices=Theme.choices,
        widget=InlineCheckboxSelectMultiple,
        help_text="Au moins un.",
        error_messages={
            "required": "Choisissez au moins un thème.",
            "invalid_choice": "Choisissez les thèmes dans la liste.",
        },
    )
    level = forms.ChoiceField(
        label="Niveau",
        choices=[("", "Choisir")] + WorkshopLevel.choices,
        error_messages={
            "required": "Choisissez le niveau de l'atelier : débutant, intermédiaire ou avancé.",
            "invalid_choice": "Choisissez un niveau de la liste.",
        },
    )
    date = FrenchDateField(label="Date de la séance", missing="Indiquez la date de la séance.")
    start_time = TimeField(label="Heure de début", missing="Indiquez l'heure de début.")
    end_time = TimeField(label="Heure de fin", missing="Indiquez l'heure de fin.")
    place = forms.ModelChoiceField(
        label="Lieu",
        queryset=Place.objects.none(),
        required=False,
        empty_label="Aucun : atelier à distance",
        help_text="Un de vos lieux d'activité.",
        error_messages={"invalid_choice": "Choisissez l'un de vos lieux d'activité."},
    )
    remote_link = forms.URLField(
        label="Lien de connexion (atelier à distance)",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Pour un atelier à distance, par exemple https://visio.exemple.fr/atelier.",
        error_messages={
            "invalid": "Indiquez une adresse web complète, par exemple https://visio.exemple.fr/atelier.",
            "max_length": "Le lien fait %(show_value)d caractères : 200 au plus.",
        },
    )
    capacity = forms.IntegerField(
        label="Nombre de places",
        min_value=workshops.MIN_CAPACITY,
        max_value=workshops.MAX_CAPACITY,
        help_text="De 1 à 100. Au-delà, les personnes sont inscrites sur une liste d'attente.",
        error_messages={
            "required": "Indiquez le nombre de places.",
            "invalid": "Indiquez un nombre entier de places, de 1 à 100.",
            "min_value": "Le nombre de places est compris entre 1 et 100.",
            "max_value": "Le nombre de places est compris entre 1 et 100.",
        },
    )
    public = forms.BooleanField(
        label="Ouvert au public",
        required=False,
        initial=True,
        help_text="Décoché : atelier sur invitation, vous inscrivez vous-même les participants.",
    )
    registration_opens_at = LocalDateTimeField(
        label="Ouverture des inscriptions",
        required=False,
        help_text="Laissez vide pour les ouvrir dès maintenant. Pour une série, chaque séance ouvre autant de jours "
        "avant elle.",
    )
    registration_closes_at = LocalDateTimeField(
        label="Clôture des inscriptions",
        required=False,
        help_text="Laissez vide : elles se closent au début de la séance.",
    )
    what_to_bring = forms.CharField(
        label="À apporter",
        max_length=workshops.WHAT_TO_BRING_LENGTH,
        required=False,
        help_text="Par exemple : votre smartphone chargé et son code.",
        error_messages={"max_length": "« À apporter » fait %(show_value)d caractères : 300 au plus."},
    )

    def __init__(self, *args, advisor, workshop=None, seats_taken=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.advisor, self.workshop, self.seats_taken = advisor, workshop, seats_taken
        places = Q(advisors=advisor, archived_at__isnull=True)
        if workshop is not None and workshop.place_id:
            places |= Q(pk=workshop.place_id)  # kept even if archived since
        self.fields["place"].queryset = Place.objects.filter(places).distinct().select_related("commune")
        self.fields["place"].label_from_instance = lambda place: f"{place.name} — {place.commune.name}"

    def details(self) -> dict:
        """The session as workshops.py takes it (times in the local time zone)."""
        data = self.cleaned_data
        details = {name: data.get(name) for name in workshops.DETAIL_FIELDS if name in self.fields}
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            details["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            details["ends_at"] = timezone.make_aware(datetime.combine(day, end))
        else:
            details["starts_at"] = details["ends_at"] = None
        details["themes"] = data.get("themes") or []
        return details

    def clean(self):
        data = super().clean()
        time_errors = any(name in self.errors for name in TIME_FIELDS)
        current_place = self.workshop.place_id if self.workshop else None
        problems = workshops.check_session(
            self.advisor, self.details(), timezone.now(), self.seats_taken, current_place
        )
        for field, message in problems:
            if field in self.errors or (time_errors and field in TIME_FIELDS):
                continue
            self.add_error(field, message)
        return data


class WorkshopCreateForm(WorkshopForm):
    repeat = forms.ChoiceField(
        label="Répétition",
        choices=Repeat.choices,
        initial=Repeat.NONE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une répétition.", "invalid_choice": "Choisissez une répétition."},
    )
    occurrences = forms.IntegerField(
        label="Nombre de séances",
        min_value=1,
        max_value=workshops.MAX_SESSIONS,
        initial=1,
        help_text="Pour une série : de 1 à 52 séances, à la même heure.",
        error_messages={
            "required": "Indiquez le nombre de séances (1 pour une séance unique).",
            "invalid": "Indiquez un nombre entier de séances, de 1 à 52.",
            "min_value": "Le nombre de séances est compris entre 1 et 52.",
            "max_value": "Le nombre de séances est compris entre 1 et 52.",
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("repeat") == Repeat.NONE and (data.get("occurrences") or 1) > 1:
            self.add_error(
                "repeat", "Choisissez « chaque semaine » ou « chaque mois » pour programmer plusieurs séances."
            )
        return data


class WorkshopEditForm(WorkshopForm):
    scope = forms.ChoiceField(
        label="Appliquer les changements à",
        widget=forms.RadioSelect,
        initial="this",
        error_messages={"required": "Choisissez les séances à modifier.", "invalid_choice": "Choisissez une option."},
    )

    def __init__(self, *args, following_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        if following_count:
            self.fields["scope"].choices = [
                ("this", "Cette séance seulement"),
                ("following", f"Cette séance et les {following_count} suivantes de la série")
                if following_count > 1
                else ("following", "Cette séance et la suivante de la série"),
            ]
        else:
            del self.fields["scope"]

    @staticmethod
    def initial_for(workshop) -> dict:
        local_start, local_end = timezone.localtime(workshop.starts_at), timezone.localtime(workshop.ends_at)
        initial = {name: getattr(workshop, name) for name in workshops.DETAIL_FIELDS}
        initial.update(date=local_start.date(), start_time=local_start.time(), end_time=local_end.time())
        # Shown empty when they are the defaults: "already open", "closes when the session starts".
        if workshop.registration_opens_at <= timezone.now():
            initial["registration_opens_at"] = None
        else:
            initial["registration_opens_at"] = timezone.localtime(workshop.registration_opens_at)
        if workshop.registration_closes_at == workshop.starts_at:
            initial["registration_closes_at"] = None
        else:
            initial["registration_closes_at"] = timezone.localtime(workshop.registration_closes_at)
        return initial


class CancelWorkshopForm(BaseForm):
    reason = forms.CharField(
        label="Motif de l'annulation",
        max_length=workshops.REASON_LENGTH[1],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="De 5 à 300 caractères. Il est envoyé par e-mail aux personnes inscrites.",
        error_messages={
            "required": "Indiquez le motif de l'annulation : il est envoyé aux personnes inscrites.",
            "max_length": "Le motif fait %(show_value)d caractères : de 5 à 300.",
        },
    )


class RegistrationForm(BaseForm):
    """A person the advisor adds; the rules (and their messages) are registrations.register's."""

    first_name = forms.CharField(
        label="Prénom",
        widget=forms.TextInput(attrs={"maxlength": 100, "autocomplete": "off"}),
        error_messages=_required("Indiquez le prénom."),
    )
    last_name = forms.CharField(
        label="Nom (ou son initiale)",
        widget=forms.TextInput(attrs={"maxlength": 100, "autocomplete": "off"}),
        error_messages=_required("Indiquez le nom, ou au moins son initiale."),
    )
    email = forms.CharField(
        label="Adresse e-mail",
        required=False,
        help_text="Pour recevoir la confirmation, le rappel la veille et le lien d'annulation.",
        widget=forms.EmailInput(attrs={"maxlength": 254, "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label="Téléphone",
        required=False,
        help_text="Par exemple 06 12 34 56 78.",
        widget=forms.TextInput(attrs={"type": "tel", "maxlength": 30, "autocomplete": "off"}),
    )
    walk_in = forms.BooleanField(label="Venu(e) sans inscription préalable", required=False)
    consent = forms.BooleanField(
        label="La personne accepte que ces informations soient enregistrées pour gérer sa participation à l'atelier",
        error_messages=_required(
            "Cochez la case d'accord sur l'utilisation des coordonnées : sans cet accord, l'inscription ne peut "
            "pas être enregistrée."
        ),
    )


class AttendanceForm(BaseForm):
    """One row per person holding a seat, present or absent, each answered (radio buttons: arrow keys move
    between the two, Tab to the next person)."""

    CHOICES = [(RegistrationStatus.ATTENDED.value, "Présent(e)"), (RegistrationStatus.ABSENT.value, "Absent(e)")]

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for registration in self.registrations:
            if registration.status in (RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT):
                initial = registration.status
            else:
                initial = RegistrationStatus.ATTENDED.value if registration.walk_in else None
            name = f"{registration.first_name} {registration.last_name}"
            self.fields[f"presence_{registration.pk}"] = forms.ChoiceField(
                label=name + (" (venu·e sans inscription)" if registration.walk_in else ""),
                choices=self.CHOICES,
                widget=InlineRadioSelect,
                initial=initial,
                error_messages={
                    "required": f"Indiquez si {name} est présent(e) ou absent(e).",
                    "invalid_choice": "Choisissez « présent(e) » ou « absent(e) ».",
                },
            )

    def attendance(self) -> dict[int, str]:
        return {r.pk: self.cleaned_data.get(f"presence_{r.pk}") or "" for r in self.registrations}
