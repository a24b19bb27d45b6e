"""The place form: identity and address, contact and opening hours, the national schema's offer, advisors."""

import re

from django import forms

from conum.activity.enums import (
    AccessMode,
    AccompanimentMode,
    Fee,
    NationalProgramme,
    PlacePublic,
    PlaceService,
    PlaceTypology,
    SpecificSupport,
)
from conum.activity.places import opening_hours
from conum.activity.places.services import PLACE_FIELDS
from conum.core.formatting import thousands
from conum.core.forms import BaseForm
from conum.core.phones import normalized_phone
from conum.core.siret import cleaned_siret
from conum.territories.distance import Point, haversine_km
from conum.territories.fields import CommuneField

# The schema's telephone pattern: +33 or an overseas prefix, then 6 to 9 digits.
SCHEMA_PHONE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$")
POSTAL_CODE = re.compile(r"^\d{5}$")

# (south, north, west, east) of mainland France and Corsica, then of each overseas territory, with margins.
FRANCE_AREAS = [
    (41.2, 51.2, -5.3, 9.7),  # mainland France, Corsica
    (15.8, 18.2, -63.2, -60.9),  # Guadeloupe, Saint-Martin, Saint-Barthélemy
    (14.3, 14.95, -61.3, -60.75),  # Martinique
    (2.0, 5.9, -54.7, -51.5),  # Guyane
    (-21.45, -20.8, 55.15, 55.9),  # La Réunion
    (-13.1, -12.55, 44.95, 45.35),  # Mayotte
    (46.7, 47.2, -56.5, -56.1),  # Saint-Pierre-et-Miquelon
    (-14.5, -13.1, -178.3, -176.0),  # Wallis-et-Futuna
    (-28.0, -7.8, -155.0, -134.0),  # Polynésie française
    (-23.0, -19.5, 163.5, 168.3),  # Nouvelle-Calédonie
]
# How far precise coordinates may lie from the commune's centre (Guyane's communes are immense).
MAX_KM_FROM_COMMUNE = 50
MAX_KM_FROM_COMMUNE_GUYANE = 200


def _values(enum, exclude=()) -> list[tuple[str, str]]:
    """The schema's values, shown as they are (they are French labels themselves)."""
    return [(value, value) for value in enum.values if value not in exclude]


def _checkboxes(label, enum, required_message=None, help_text="", exclude=()):
    return forms.MultipleChoiceField(
        label=label,
        choices=_values(enum, exclude),
        widget=forms.CheckboxSelectMultiple,
        required=required_message is not None,
        help_text=help_text,
        error_messages={
            "required": required_message or "",
            "invalid_choice": f"« %(value)s » n'est pas une valeur du standard national pour : {label.lower()}.",
            "invalid_list": "Cochez des valeurs de la liste.",
        },
    )


def _text(label, max_length, required_message=None, help_text="", rows=None):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required_message is not None,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
        error_messages={
            "required": required_message or "",
            "max_length": f"{thousands(max_length)} caractères au plus (%(show_value)d saisis).",
        },
    )


def _coordinate(label, bound, example):
    return forms.FloatField(
        label=label,
        required=False,
        localize=True,
        min_value=-bound,
        max_value=bound,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=f"En degrés décimaux, par exemple {example}.",
        error_messages={
            "invalid": f"Indiquez un nombre en degrés décimaux, par exemple {example}.",
            "min_value": f"La {label.lower()} est comprise entre -{bound} et {bound} degrés.",
            "max_value": f"La {label.lower()} est comprise entre -{bound} et {bound} degrés.",
        },
    )


class AdvisorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, advisor):
        return advisor.full_name


class PlaceForm(BaseForm):
    """`structures`: those the user may create places for (a choice only when there are several);
    `advisors`: the advisors the user may attach; `me`: the advisor filling the form, attached anyway."""

    structure = forms.ModelChoiceField(
        label="Structure d'accueil du lieu",
        queryset=None,
        empty_label="Choisir une structure",
        error_messages={
            "required": "Choisissez la structure à laquelle le lieu appartient.",
            "invalid_choice": "Choisissez une de vos structures dans la liste.",
        },
    )
    name = _text("Nom du lieu", 200, "Indiquez le nom du lieu.", help_text="Par exemple : Médiathèque Jean Moulin.")
    address = _text(
        "Adresse", 300, "Indiquez l'adresse du lieu.", help_text="Numéro et voie, par exemple : 2 place Aimé Césaire."
    )
    address_complement = _text("Complément d'adresse", 200, help_text="Bâtiment, étage, entrée…")
    commune = CommuneField(label="Commune", help_text="Nom ou code postal.")
    postal_code = forms.CharField(
        label="Code postal",
        max_length=10,
        required=False,
        help_text="5 chiffres. Vous pouvez le laisser vide si la commune n'a qu'un code postal.",
        error_messages={"max_length": "Le code postal compte 5 chiffres."},
    )
    latitude = _coordinate("Latitude", 90, "45,8336")
    longitude = _coordinate("Longitude", 180, "1,2611")
    siret = forms.CharField(
        label="SIRET du lieu",
        max_length=20,
        required=False,
        help_text="14 chiffres. S'il reste vide, celui de la structure d'accueil est utilisé.",
        error_messages={"max_length": "Le SIRET compte exactement 14 chiffres."},
    )
    typology = forms.ChoiceField(
        label="Type de lieu",
        choices=[("", "Choisir un type")] + PlaceTypology.choices,
        error_messages={
            "required": "Choisissez le type de lieu.",
            "invalid_choice": "Choisissez un type de lieu de la liste.",
        },
    )
    phone = forms.CharField(
        label="Téléphone",
        max_length=30,
        required=False,
        help_text="Par exemple 05 55 12 34 56.",
        error_messages={"max_length": "Ce numéro de téléphone est trop long : par exemple 05 55 12 34 56."},
    )
    email = forms.EmailField(
        label="Adresse e-mail de contact",
        max_length=254,
        required=False,
        error_messages={
            "invalid": "Saisissez une adresse e-mail valide, par exemple contact@mairie.fr.",
            "max_length": "Cette adresse e-mail est trop longue (254 caractères au plus).",
        },
    )
    website = forms.URLField(
        label="Site web",
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text="Par exemple https://www.mairie.fr/mediatheque.",
        error_messages={
            "invalid": "Saisissez une adresse web valide, par exemple https://www.mairie.fr.",
            "max_length": "Cette adresse web est trop longue (200 caractères au plus).",
        },
    )
    opening_hours = forms.CharField(
        label="Horaires d'ouverture",
        max_length=500,
        required=False,
        help_text=(
            f"Au format OpenStreetMap, par exemple « {opening_hours.EXAMPLE} ». Jours : Mo, Tu, We, Th, Fr, Sa, "
            "Su ; « Su off » pour un jour fermé, « PH off » pour les jours fériés."
        ),
        error_messages={"max_length": "500 caractères au plus (%(show_value)d saisis)."},
    )
    services = _checkboxes("Services proposés", PlaceService, "Cochez au moins un service proposé.")
    publics = _checkboxes(
        "Publics spécifiquement accueillis", PlacePublic, help_text="Laissez vide si le lieu accueille tout public."
    )
    specific_support = _checkboxes("Prises en charge spécifiques", SpecificSupport)
    fees = _checkboxes("Frais à la charge des personnes", Fee, "Cochez au moins une modalité de frais.")
    access_modes = _checkboxes("Modalités d'accès", AccessMode, "Cochez au moins une modalité d'accès.")
    accompaniment_modes = _checkboxes("Modalités d'accompagnement", AccompanimentMode)
    national_programmes = _checkboxes(
        "Autres dispositifs nationaux présents dans le lieu",
        NationalProgramme,
        help_text="« Conseillers numériques » est toujours indiqué.",
        exclude=[NationalProgramme.ADVISORS],
    )
    short_presentation = _text(
        "Présentation courte",
        280,
        help_text="280 caractères au plus : elle s'affiche sur la carte nationale des lieux.",
        rows=3,
    )
    long_presentation = _text("Présentation détaillée", 3000, help_text="3\xa0000 caractères au plus.", rows=6)
    accessibility = _text(
        "Accessibilité",
        1000,
        help_text="Accès en fauteuil roulant, boucle magnétique, transports en commun… 1\xa0000 caractères au plus.",
        rows=3,
    )
    advisors = AdvisorChoiceField(
        label="Conseillers numériques qui travaillent dans ce lieu",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choisissez des conseillers de la liste.",
            "invalid_pk_value": "Choisissez des conseillers de la liste.",
            "invalid_list": "Choisissez des conseillers de la liste.",
        },
    )

    def __init__(self, *args, structures, advisors, me=None, place=None, **kwargs):
        self.place = place
        if place is not None:
            kwargs.setdefault("initial", initial_for(place, advisors))
        super().__init__(*args, **kwargs)
        self.structures = list(structures)
        if place is None and len(self.structures) > 1:
            self.fields["structure"].queryset = structures
        else:
            del self.fields["structure"]
        if place is None and len(self.structures) == 1:
            self.initial.setdefault("siret", self.structures[0].siret)
        self._offer_advisors(advisors, me)
        # BaseForm made the bound fields with the class's labels: make them again with the changes above.
        self._bound_fields_cache.clear()

    def _offer_advisors(self, advisors, me):
        offered = list(advisors.exclude(pk=me.pk) if me else advisors)
        if not offered:
            del self.fields["advisors"]
            return
        field = self.fields["advisors"]
        field.queryset = advisors.filter(pk__in=[advisor.pk for advisor in offered])
        if me:
            field.label = "Autres conseillers numériques qui travaillent dans ce lieu"
            field.help_text = "Vous y êtes rattaché(e) d'office."
        if len({advisor.structure_id for advisor in offered}) > 1:
            field.label_from_instance = lambda advisor: f"{advisor.full_name} ({advisor.structure.name})"

    # ---- fields ----

    def clean_postal_code(self):
        value = "".join(self.cleaned_data["postal_code"].split())
        if value and not POSTAL_CODE.match(value):
            raise forms.ValidationError("Le code postal compte exactement 5 chiffres, par exemple 87000.")
        return value

    def clean_siret(self):
        if not self.cleaned_data["siret"].strip():
            return ""
        return cleaned_siret(self.cleaned_data["siret"])

    def clean_phone(self):
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        phone = normalized_phone(raw)
        if not SCHEMA_PHONE.match(phone):
            raise forms.ValidationError("Indiquez un numéro de téléphone en France ou en outre-mer.")
        return phone

    def clean_opening_hours(self):
        try:
            value = opening_hours.normalize(self.cleaned_data["opening_hours"])
        except opening_hours.OpeningHoursError as error:
            raise forms.ValidationError(str(error)) from None
        if len(value) > 500:
            raise forms.ValidationError("500 caractères au plus.")
        return value

    def clean_access_modes(self):
        modes = self.cleaned_data["access_modes"]
        if AccessMode.NO_PUBLIC in modes and len(modes) > 1:
            raise forms.ValidationError(
                "« Ce lieu n'accueille pas de public » ne se combine pas avec d'autres modalités d'accès."
            )
        return modes

    def clean(self):
        data = super().clean()
        commune = data.get("commune")
        if commune is not None and "postal_code" in data:
            self._check_postal_code(commune, data)
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if "latitude" in data and "longitude" in data and (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(missing, "Indiquez la latitude et la longitude, ou aucune des deux.")
        elif latitude is not None and longitude is not None:
            self._check_coordinates(commune, latitude, longitude)
        return data

    def _check_postal_code(self, commune, data):
        codes = commune.postal_codes.split()
        if not data["postal_code"]:
            if len(codes) == 1:
                data["postal_code"] = codes[0]
            elif codes:
                self.add_error(
                    "postal_code", f"Indiquez le code postal : {commune.name} en a plusieurs ({', '.join(codes)})."
                )
            else:
                self.add_error("postal_code", "Indiquez le code postal du lieu (5 chiffres).")
        elif codes and data["postal_code"] not in codes:
            self.add_error(
                "postal_code",
                f"Le code postal {data['postal_code']} n'est pas celui de {commune.name} ({', '.join(codes)}).",
            )

    def _check_coordinates(self, commune, latitude, longitude):
        if not any(s <= latitude <= n and w <= longitude <= e for s, n, w, e in FRANCE_AREAS):
            self.add_error(
                "latitude",
                "Ces coordonnées sont hors de France : vérifiez la latitude (par exemple 45,8336) "
                "et la longitude (par exemple 1,2611).",
            )
            return
        if commune is None or not commune.has_coordinates:
            return
        distance = haversine_km(Point(latitude, longitude), Point(commune.latitude, commune.longitude))
        limit = MAX_KM_FROM_COMMUNE_GUYANE if commune.departement_id == "973" else MAX_KM_FROM_COMMUNE
        if distance > limit:
            self.add_error(
                "latitude",
                f"Ce point est à {distance:.0f} km de {commune.name} : vérifiez les coordonnées ou la commune.",
            )

    def place_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in PLACE_FIELDS}


def initial_for(place, advisors) -> dict:
    initial = {field: getattr(place, field) for field in PLACE_FIELDS}
    initial["commune"] = place.commune
    initial["national_programmes"] = [p for p in place.national_programmes if p != NationalProgramme.ADVISORS]
    # Coordinates left at the commune's centre are the default, not precise ones: show them empty.
    if (place.latitude, place.longitude) == (place.commune.latitude, place.commune.longitude):
        initial["latitude"] = initial["longitude"] = None
    offered = set(advisors)
    initial["advisors"] = [advisor.pk for advisor in place.advisors.all() if advisor in offered]
    return initial
