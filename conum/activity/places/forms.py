"""The place form: identity and address, contact and opening hours, the national schema's offer, advisors.

Its fields read what was typed (texts within their length, numbers, addresses, a commune, the lists' values);
the place's rules are `inputs.parse_place`'s, which `clean()` calls (InputForm).

The hours have two editors: the French one, day by day (`hours_editor`), and the OpenStreetMap text, for experts
and imports. The text wins when it was changed; otherwise the days, when they were changed; otherwise the
stored text stays as it is (days the editor cannot show, or that it would write differently, are kept).
"""

from django import forms

from conum.activity.enums import GeocodingPrecision, NationalProgramme, PlaceTypology
from conum.activity.places import hours_editor, opening_hours, weekly_hours
from conum.activity.places.inputs import (
    ADDRESS_LISTS,
    COORDINATES,
    EMAIL_INVALID,
    EMAIL_MAX,
    EMAIL_TOO_LONG,
    HOURS_MAX,
    LINK_MAX,
    LINKS,
    LISTS,
    PLACE_FIELDS,
    TEXTS,
    TYPOLOGY_MISSING,
    TYPOLOGY_UNKNOWN,
    WEBSITE_INVALID,
    WEBSITE_MAX,
    WEBSITE_TOO_LONG,
    WEEK,
    coordinate_messages,
    parse_place,
    too_long,
)
from conum.core.inputs import InputForm
from conum.territories.fields import CommuneField


def _checkboxes(key, help_text="", exclude=()):
    """The values of the national schema's list `key`, shown as they are (they are French labels themselves)."""
    label, vocabulary, missing = LISTS[key]
    return forms.MultipleChoiceField(
        label=label,
        choices=[(value, value) for value in vocabulary.values if value not in exclude],
        widget=forms.CheckboxSelectMultiple,
        required=missing is not None,
        help_text=help_text,
        error_messages={
            "required": missing or "",
            "invalid_choice": f"« %(value)s » n'est pas une valeur du standard national pour : {label.lower()}.",
            "invalid_list": "Cochez des valeurs de la liste.",
        },
    )


def _text(key, help_text="", rows=None):
    label, most, missing = TEXTS[key]
    return forms.CharField(
        label=label,
        max_length=most,
        required=missing is not None,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
        error_messages={"required": missing or "", "max_length": too_long(most, "%(show_value)d")},
    )


def _code(label, max_length, too_long_message, help_text):
    """A short optional text whose format the rules check."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        error_messages={"max_length": too_long_message},
    )


def _coordinate(key):
    label, bound, example = COORDINATES[key]
    invalid, out_of_range = coordinate_messages(key)
    return forms.FloatField(
        label=label,
        required=False,
        localize=True,
        min_value=-bound,
        max_value=bound,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=f"En degrés décimaux, par exemple {example}.",
        error_messages={"invalid": invalid, "min_value": out_of_range, "max_value": out_of_range},
    )


def _addresses(key, help_text):
    """Several addresses, one a line (the rules check each)."""
    label, _most_addresses = ADDRESS_LISTS[key]
    return forms.CharField(label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": 2}))


def _link(key, help_text):
    return forms.URLField(
        label=LINKS[key],
        max_length=LINK_MAX,
        required=False,
        assume_scheme="https",
        help_text=help_text,
        error_messages={"invalid": WEBSITE_INVALID, "max_length": f"{LINK_MAX} caractères au plus."},
    )


class AdvisorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, advisor):
        return advisor.full_name


class PlaceForm(InputForm):
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
    name = _text("name", help_text="Par exemple : Médiathèque Jean Moulin.")
    address = _text("address", help_text="Numéro et voie, par exemple : 2 place Aimé Césaire.")
    address_complement = _text("address_complement", help_text="Bâtiment, étage, entrée…")
    commune = CommuneField(label="Commune", help_text="Nom ou code postal.")
    postal_code = _code(
        "Code postal",
        10,
        "Le code postal compte 5 chiffres.",
        "5 chiffres. Vous pouvez le laisser vide si la commune n'a qu'un code postal.",
    )
    latitude = _coordinate("latitude")
    longitude = _coordinate("longitude")
    siret = _code(
        "SIRET du lieu",
        20,
        "Le SIRET compte exactement 14 chiffres.",
        "14 chiffres. S'il reste vide, celui de la structure d'accueil est utilisé.",
    )
    typology = forms.ChoiceField(
        label="Type de lieu",
        choices=[("", "Choisir un type")] + PlaceTypology.choices,
        error_messages={"required": TYPOLOGY_MISSING, "invalid_choice": TYPOLOGY_UNKNOWN},
    )
    other_typologies = forms.MultipleChoiceField(
        label="Autres types de lieu",
        choices=PlaceTypology.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Si le lieu en a plusieurs (un tiers-lieu associatif, par exemple).",
        error_messages={"invalid_choice": TYPOLOGY_UNKNOWN, "invalid_list": TYPOLOGY_UNKNOWN},
    )
    mobility = _checkboxes("mobility", help_text="Itinérant : un bus, un camion ou une caravane qui fait étape.")
    phone = _code(
        "Téléphone",
        30,
        "Ce numéro de téléphone est trop long : par exemple 05 55 12 34 56.",
        "Par exemple 05 55 12 34 56.",
    )
    email = forms.EmailField(
        label="Adresse e-mail de contact",
        max_length=EMAIL_MAX,
        required=False,
        error_messages={"invalid": EMAIL_INVALID, "max_length": EMAIL_TOO_LONG},
    )
    website = forms.URLField(
        label="Site web",
        max_length=WEBSITE_MAX,
        required=False,
        assume_scheme="https",
        help_text="Par exemple https://www.mairie.fr/mediatheque.",
        error_messages={"invalid": WEBSITE_INVALID, "max_length": WEBSITE_TOO_LONG},
    )
    other_emails = _addresses("other_emails", "Une adresse par ligne.")
    other_websites = _addresses("other_websites", "Une adresse par ligne : réseaux sociaux, page de la mairie…")
    appointment_url = _link("appointment_url", "Par exemple https://www.rdv-solidarites.fr/….")
    accesslibre_url = _link("accesslibre_url", "La fiche d'accessibilité du lieu sur acceslibre.beta.gouv.fr.")
    hours_mo = hours_editor.day_field("Mo")
    hours_tu = hours_editor.day_field("Tu")
    hours_we = hours_editor.day_field("We")
    hours_th = hours_editor.day_field("Th")
    hours_fr = hours_editor.day_field("Fr")
    hours_sa = hours_editor.day_field("Sa")
    hours_su = hours_editor.day_field("Su")
    hours_ph = hours_editor.holidays_field()
    opening_hours = forms.CharField(
        label="Horaires au format OpenStreetMap",
        max_length=HOURS_MAX,
        required=False,
        help_text=(
            "Pour les experts et les imports : modifié, ce texte remplace les jours ci-dessus. "
            f"Par exemple « {opening_hours.EXAMPLE} ». Jours : Mo, Tu, We, Th, Fr, Sa, "
            "Su ; « Su off » pour un jour fermé, « PH off » pour les jours fériés. Toute la syntaxe "
            "OpenStreetMap est acceptée (mois, vacances scolaires « SH », commentaires entre guillemets…)."
        ),
        error_messages={"max_length": f"{HOURS_MAX} caractères au plus (%(show_value)d saisis)."},
    )
    services = _checkboxes("services")
    publics = _checkboxes("publics", help_text="Laissez vide si le lieu accueille tout public.")
    specific_support = _checkboxes("specific_support")
    fees = _checkboxes("fees")
    access_modes = _checkboxes("access_modes")
    accompaniment_modes = _checkboxes("accompaniment_modes")
    national_programmes = _checkboxes(
        "national_programmes",
        help_text="« Conseillers numériques » est toujours indiqué.",
        exclude=[NationalProgramme.ADVISORS],
    )
    training_labels = _checkboxes("training_labels")
    other_training_labels = _text("other_training_labels", help_text="Séparés par des virgules.")
    short_presentation = _text(
        "short_presentation",
        help_text="280 caractères au plus : elle s'affiche sur la carte nationale des lieux.",
        rows=3,
    )
    long_presentation = _text("long_presentation", help_text="3\xa0000 caractères au plus.", rows=6)
    accessibility = _text(
        "accessibility",
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
        # Stored hours the day-by-day editor cannot show: it says so, and the OpenStreetMap text edits them.
        self.hours_unreadable = place is not None and weekly_hours.from_text(place.opening_hours) is None
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
        if place is not None:  # an imported place may name data.inclusion types beyond Conum's list: kept
            known = set(PlaceTypology.values)
            extra = [(code, code) for code in [place.typology, *place.other_typologies] if code and code not in known]
            self.fields["typology"].choices += extra
            self.fields["other_typologies"].choices += extra
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

    @property
    def hours_days(self):
        return [self[hours_editor.FIELDS[code]] for code in opening_hours.DAYS]

    @property
    def hours_from_editor(self) -> bool:
        """Whether the days make the hours: they were posted and changed, and the OpenStreetMap text was not."""
        if not self.is_bound or not any(name in self.data for name in hours_editor.POSTED):
            return False
        changed = self.changed_data
        return "opening_hours" not in changed and any(name in changed for name in hours_editor.FIELDS.values())

    @property
    def hours_text_open(self) -> bool:
        """Whether the OpenStreetMap text is shown unfolded: it edits the hours, or was typed, or is refused."""
        if self.hours_unreadable:
            return True
        return self.is_bound and ("opening_hours" in self.errors or "opening_hours" in self.changed_data)

    def field_for(self, key):
        if key and key.startswith(f"{WEEK}."):
            return hours_editor.FIELDS.get(key.removeprefix(f"{WEEK}."))
        return key

    def parse_input(self):
        data = {key: value for key, value in self.cleaned_data.items() if key in PLACE_FIELDS}
        if self.hours_from_editor:
            data.pop("opening_hours", None)
            data[WEEK] = hours_editor.week_input(self.cleaned_data)
        return parse_place(data)


def initial_for(place, advisors) -> dict:
    initial = {field: getattr(place, field) for field in PLACE_FIELDS}
    initial |= hours_editor.initial(weekly_hours.from_text(place.opening_hours) or weekly_hours.Week())
    initial["commune"] = place.commune
    for key in ADDRESS_LISTS:
        initial[key] = "\n".join(getattr(place, key))
    initial["national_programmes"] = [p for p in place.national_programmes if p != NationalProgramme.ADVISORS]
    # Only typed coordinates are shown: the commune's centre or the address's geocoding are found again at save.
    if place.geocoding_precision != GeocodingPrecision.MANUAL:
        initial["latitude"] = initial["longitude"] = None
    offered = set(advisors)
    initial["advisors"] = [advisor.pk for advisor in place.advisors.all() if advisor in offered]
    return initial
