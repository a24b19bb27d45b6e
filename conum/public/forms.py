"""The citizen site's forms: search near a commune (or the browser's position), registration to a workshop."""

from django import forms

from conum.activity.enums import PlacePublic, PlaceService, SpecificSupport, Theme, WorkshopLevel
from conum.core.forms import BaseForm
from conum.core.french import Named
from conum.core.once import SubmissionTokenField
from conum.territories.distance import Point
from conum.territories.fields import CommuneField
from conum.territories.forms import RADIUS_CHOICES

from . import wording
from .search import PlaceFilters, WorkshopFilters

DEFAULT_DISTANCE = 20
DISTANCE_ERROR = "Choisissez une distance parmi 5, 10, 20, 30 et 50 km."
WHERE_MISSING = "Indiquez votre commune ou votre code postal (par exemple « Saint-Junien » ou « 87200 »)."
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def _choices(empty: str, words: dict, enum) -> list[tuple[str, str]]:
    return [("", empty)] + [(value, words.get(value, label)) for value, label in enum.choices]


class NearForm(BaseForm):
    """Where: a commune (name or postal code) or the browser's position; how far."""

    commune = CommuneField(
        label="Votre commune ou votre code postal",
        help_text="Par exemple : Saint-Junien, ou 87200.",
        error_messages={"required": WHERE_MISSING},
    )
    distance = forms.TypedChoiceField(
        label="Distance",
        choices=RADIUS_CHOICES,
        coerce=int,
        initial=DEFAULT_DISTANCE,
        error_messages={"invalid_choice": DISTANCE_ERROR, "required": DISTANCE_ERROR},
    )
    # Filled by the "use my position" button (JavaScript only); hidden otherwise.
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("distance"):  # links from other pages give the commune only
            data = data.copy()
            data["distance"] = str(DEFAULT_DISTANCE)
        super().__init__(data, *args, **kwargs)
        self.fields["distance"].widget.attrs["class"] = "fr-select"
        if data is not None and data.get("lat") and data.get("lon"):
            self.fields["commune"].required = False  # the browser's position replaces it

    def clean(self):
        cleaned = super().clean()
        if (
            ("lat" in self.errors or "lon" in self.errors)
            and not cleaned.get("commune")
            and "commune" not in self.errors
        ):
            self.add_error("commune", "Votre position n'a pas pu être lue : indiquez votre commune.")
        return cleaned

    def filter_fields(self) -> list:
        """The search's own fields, under « Affiner la recherche » (public/_search_form.html)."""
        return [self[name] for name in self.fields if name not in NearForm.base_fields]

    def center(self) -> Point | None:
        commune = self.cleaned_data.get("commune")
        if commune:
            if commune.latitude is None or commune.longitude is None:
                return None
            return Point(commune.latitude, commune.longitude)
        return Point(self.cleaned_data["lat"], self.cleaned_data["lon"])

    def where(self) -> str:
        """The commune, or the position, searched around; Named keeps the commune's article ("du Dorat (87)")."""
        commune = self.cleaned_data.get("commune")
        return Named(f"{commune.name} ({commune.departement_id})", commune.name_type) if commune else "votre position"


class PlaceSearchForm(NearForm):
    service = forms.ChoiceField(
        label="Pour quoi faire ?",
        choices=_choices("Toutes les aides", wording.SERVICES, PlaceService),
        required=False,
        error_messages={"invalid_choice": "Choisissez une aide dans la liste."},
    )
    public = forms.ChoiceField(
        label="Public accueilli en particulier",
        choices=_choices("Tout public", wording.PUBLICS, PlacePublic),
        required=False,
        error_messages={"invalid_choice": "Choisissez un public dans la liste."},
    )
    accueil = forms.ChoiceField(
        label="Accueil adapté",
        choices=_choices("Pas de besoin particulier", wording.SUPPORT, SpecificSupport),
        required=False,
        error_messages={"invalid_choice": "Choisissez un accueil adapté dans la liste."},
    )
    gratuit = forms.BooleanField(label="Gratuit", required=False)
    samedi = forms.BooleanField(label="Ouvert le samedi", required=False)

    def filters(self) -> PlaceFilters:
        data = self.cleaned_data
        return PlaceFilters(
            service=data.get("service", ""),
            public=data.get("public", ""),
            support=data.get("accueil", ""),
            free_only=bool(data.get("gratuit")),
            open_saturday=bool(data.get("samedi")),
        )


class WorkshopSearchForm(NearForm):
    theme = forms.ChoiceField(
        label="Thème",
        choices=[("", "Tous les thèmes")] + list(Theme.choices),
        required=False,
        error_messages={"invalid_choice": "Choisissez un thème dans la liste."},
    )
    niveau = forms.ChoiceField(
        label="Niveau",
        choices=[("", "Tous les niveaux")] + list(WorkshopLevel.choices),
        required=False,
        error_messages={"invalid_choice": "Choisissez un niveau dans la liste."},
    )
    jour = forms.TypedChoiceField(
        label="Jour de la semaine",
        choices=[("", "N'importe quel jour")] + [(str(index), day) for index, day in enumerate(WEEKDAYS)],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choisissez un jour de la semaine dans la liste."},
    )
    tri = forms.ChoiceField(
        label="Trier par",
        choices=[("date", "Date, la plus proche d'abord"), ("distance", "Distance, le plus près d'abord")],
        required=False,
        error_messages={"invalid_choice": "Choisissez un tri dans la liste."},
    )

    def filters(self) -> WorkshopFilters:
        data = self.cleaned_data
        return WorkshopFilters(theme=data.get("theme", ""), level=data.get("niveau", ""), weekday=data.get("jour"))

    def by_distance(self) -> bool:
        return self.cleaned_data.get("tri") == "distance"


class PublicFormGuards(forms.Form):
    """What every form sent without an account carries against robots and double clicks (the views pair it with
    core.ratelimit.public_form_refusal): a submission token, so that a double click acts once (core.once), and a
    honeypot, hidden from people and screen readers (display: none), that robots fill like every other field."""

    submission_token = SubmissionTokenField()
    website = forms.CharField(
        label="Ne remplissez pas ce champ",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class RegistrationForm(PublicFormGuards, BaseForm):
    """A person registers; the rules (and their messages) are those of activity.registrations.register."""

    first_name = forms.CharField(
        label="Prénom",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": "Indiquez votre prénom.", "max_length": "Le prénom fait 100 caractères au plus."},
    )
    last_name = forms.CharField(
        label="Nom",
        help_text="L'initiale suffit.",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={
            "required": "Indiquez votre nom, ou au moins son initiale.",
            "max_length": "Le nom fait 100 caractères au plus.",
        },
    )
    email = forms.CharField(
        label="Adresse e-mail",
        help_text="Pour recevoir la confirmation, un rappel la veille et le lien pour annuler. "
        "Format attendu : nom@exemple.fr",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"max_length": "L'adresse e-mail fait 254 caractères au plus."},
    )
    phone = forms.CharField(
        label="Téléphone",
        help_text="Pour être prévenu(e) si l'atelier change. Par exemple : 06 12 34 56 78.",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": "Le numéro de téléphone fait 30 caractères au plus."},
    )
    consent = forms.BooleanField(
        label="J'accepte que ces informations soient enregistrées pour gérer ma participation à l'atelier. "
        "Elles sont effacées au plus tard trois mois après l'atelier.",
        error_messages={
            "required": "Cochez la case d'accord : sans cet accord, l'inscription ne peut pas être enregistrée."
        },
    )
