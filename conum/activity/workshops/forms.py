"""Forms of the advisor's workshop pages: a session (or a series), its cancellation, a person added, attendance.

The session forms read what was typed (dates, times, numbers) and hand it to inputs.parse_session, which holds
the rules; a person added is checked by registrations.register. Pages and direct calls give the same messages.
"""

from datetime import UTC, datetime

from django import forms
from django.utils import timezone
from dsfr.widgets import InlineCheckboxSelectMultiple, InlineRadioSelect

from conum.activity.enums import RegistrationStatus, Theme, WorkshopLevel
from conum.activity.models import Place
from conum.activity.workshops import services as workshops
from conum.activity.workshops.inputs import (
    CAPACITY,
    DESCRIPTION_LENGTH,
    DETAIL_FIELDS,
    LINK_LENGTH,
    MAX_SESSIONS,
    TITLE_LENGTH,
    WHAT_TO_BRING_LENGTH,
    Repeat,
    parse_session,
    session_places,
)
from conum.core.field_marks import UNMARKED
from conum.core.fields import FrenchDateField
from conum.core.forms import BaseForm
from conum.core.inputs import InputForm
from conum.territories.time_zones import zone_label

LOCAL_DATETIME = "%Y-%m-%dT%H:%M"
TIME_FIELDS = ("date", "start_time", "end_time", "registration_opens_at", "registration_closes_at")
# The parser's keys that are not a field's name.
FIELD_OF_KEY = {"starts_at": "date", "ends_at": "end_time", "following": "scope"}


def _required(message):
    return {"required": message}


def _at(day, moment):
    """The moment typed, without a zone: parse_session reads it in the place's (overseas places have theirs)."""
    return datetime.combine(day, moment) if day and moment else None


def _wall_clock(moment, zone):
    """An aware moment as the naive time of day a person there reads (how the fields show it)."""
    return timezone.localtime(moment, zone).replace(tzinfo=None)


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

    def to_python(self, value):
        """The date and time as typed, without a zone (UTC has no missing hour to refuse): the session's place
        gives it its zone."""
        with timezone.override(UTC):
            moment = super().to_python(value)
        return moment and timezone.make_naive(moment, UTC)


class WorkshopForm(InputForm):
    """A session: the fields read the values, inputs.parse_session says what is missing, too long or out of range
    (the widgets still tell the browser the limits: required, maxlength, min, max)."""

    title = forms.CharField(
        label="Titre",
        required=False,
        template_name=UNMARKED,
        widget=forms.TextInput(attrs={"required": True, "maxlength": TITLE_LENGTH[1]}),
        help_text="De 5 à 150 caractères, par exemple « Bien utiliser son smartphone ».",
    )
    description = forms.CharField(
        label="Ce que l'on y apprend",
        required=False,
        template_name=UNMARKED,
        widget=forms.Textarea(attrs={"rows": 4, "required": True, "maxlength": DESCRIPTION_LENGTH[1]}),
        help_text="De 20 à 3 000 caractères, en mots simples : c'est ce que lisent les personnes intéressées.",
    )
    themes = forms.MultipleChoiceField(
        label="Thèmes",
        required=False,
        template_name=UNMARKED,
        choices=Theme.choices,
        widget=InlineCheckboxSelectMultiple,
        help_text="Au moins un.",
        error_messages={"invalid_choice": "Choisissez les thèmes dans la liste."},
    )
    level = forms.ChoiceField(
        label="Niveau",
        required=False,
        template_name=UNMARKED,
        choices=[("", "Choisir")] + WorkshopLevel.choices,
        widget=forms.Select(attrs={"required": True}),
        error_messages={"invalid_choice": "Choisissez un niveau de la liste."},
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
        assume_scheme="https",
        widget=forms.URLInput(attrs={"maxlength": LINK_LENGTH}),
        help_text="Pour un atelier à distance, par exemple https://visio.exemple.fr/atelier.",
        error_messages={"invalid": "Indiquez une adresse web complète, par exemple https://visio.exemple.fr/atelier."},
    )
    capacity = forms.IntegerField(
        label="Nombre de places",
        widget=forms.NumberInput(attrs={"min": CAPACITY[0], "max": CAPACITY[1]}),
        help_text="De 1 à 100. Au-delà, les personnes sont inscrites sur une liste d'attente.",
        error_messages={
            "required": "Indiquez le nombre de places.",
            "invalid": "Indiquez un nombre entier de places, de 1 à 100.",
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
        required=False,
        widget=forms.TextInput(attrs={"maxlength": WHAT_TO_BRING_LENGTH}),
        help_text="Par exemple : votre smartphone chargé et son code.",
    )

    def __init__(self, *args, advisor, workshop=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.advisor, self.workshop = advisor, workshop
        self.fields["place"].queryset = session_places(advisor, workshop).select_related("commune")
        self.fields["place"].label_from_instance = lambda place: f"{place.name} — {place.commune.name}"
        self._say_time_zone(workshop)

    def _say_time_zone(self, workshop):
        """Times are typed in the place's time zone: say which when it is not Paris time."""
        if workshop is not None:
            labels = {workshop.time_label}
        else:
            labels = {zone_label(place.time_zone) for place in self.fields["place"].queryset}
        if labels - {""}:
            said = f"À l'heure locale du lieu ({', '.join(sorted(labels - {''}))})."
            self.fields["start_time"].help_text = said
            self.fields["end_time"].help_text = said
            self._bound_fields_cache.clear()  # made by the base form with the class's help texts

    def raw_input(self) -> dict:
        """What was read, as parse_session takes it (the date and times as two local moments)."""
        data = self.cleaned_data
        raw = {name: data.get(name) for name in DETAIL_FIELDS if name in self.fields}
        raw["starts_at"] = _at(data.get("date"), data.get("start_time"))
        raw["ends_at"] = _at(data.get("date"), data.get("end_time"))
        return raw

    def parse_input(self):
        return parse_session(self.raw_input(), advisor=self.advisor, workshop=self.workshop)

    def field_for(self, key):
        return FIELD_OF_KEY.get(key, key)

    def add_input_errors(self, refusal):
        # A date or time that could not be read was missing for the parser: its rules wait until it is read.
        if any(name in self.errors for name in TIME_FIELDS):
            refusal.errors = {k: v for k, v in refusal.errors.items() if self.field_for(k) not in TIME_FIELDS}
        super().add_input_errors(refusal)


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
        initial=1,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_SESSIONS}),
        help_text="Pour une série : de 1 à 52 séances, à la même heure.",
        error_messages={
            "required": "Indiquez le nombre de séances (1 pour une séance unique).",
            "invalid": "Indiquez un nombre entier de séances, de 1 à 52.",
        },
    )

    def raw_input(self) -> dict:
        return super().raw_input() | {name: self.cleaned_data.get(name) for name in ("repeat", "occurrences")}


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

    def raw_input(self) -> dict:
        return super().raw_input() | {"following": self.cleaned_data.get("scope") == "following"}

    @staticmethod
    def initial_for(workshop) -> dict:
        zone = workshop.time_zone  # the fields show the place's own time of day
        local_start, local_end = _wall_clock(workshop.starts_at, zone), _wall_clock(workshop.ends_at, zone)
        initial = {name: getattr(workshop, name) for name in DETAIL_FIELDS}
        initial.update(date=local_start.date(), start_time=local_start.time(), end_time=local_end.time())
        # Shown empty when they are the defaults: "already open", "closes when the session starts".
        if workshop.registration_opens_at <= timezone.now():
            initial["registration_opens_at"] = None
        else:
            initial["registration_opens_at"] = _wall_clock(workshop.registration_opens_at, zone)
        if workshop.registration_closes_at == workshop.starts_at:
            initial["registration_closes_at"] = None
        else:
            initial["registration_closes_at"] = _wall_clock(workshop.registration_closes_at, zone)
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
