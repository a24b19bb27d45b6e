"""The citizen's appointment form: the rules are those of activity.appointments.inputs.parse_booking."""

from django import forms
from dsfr.widgets import InlineCheckboxSelectMultiple

from conum.activity.appointments.inputs import NEED_LENGTH, parse_booking
from conum.activity.enums import Theme
from conum.core.field_marks import UNMARKED
from conum.core.inputs import InputForm

from .forms import PublicFormGuards

# The reports' themes in plain words, for people who are not from the trade (the most asked first).
PLAIN_THEMES = [
    (Theme.ADMINISTRATIVE, "Faire une démarche en ligne (impôts, CAF, retraite, santé…)"),
    (Theme.EQUIPMENT, "Me servir de mon smartphone, de ma tablette ou de mon ordinateur"),
    (Theme.EMAIL, "Créer ou utiliser une adresse e-mail"),
    (Theme.BROWSING, "Chercher des informations sur internet"),
    (Theme.BANKING, "Banque et achats en ligne"),
    (Theme.HEALTH, "Santé en ligne (Ameli, Doctolib…)"),
    (Theme.EMPLOYMENT, "Chercher un emploi ou une formation"),
    (Theme.SECURITY, "Me protéger des arnaques et des virus"),
    (Theme.CONTENTS, "Ranger mes photos, mes documents, mes mots de passe"),
    (Theme.OFFICE, "Écrire un courrier, faire un tableau"),
    (Theme.SOCIAL_NETWORKS, "Réseaux sociaux, appels en vidéo"),
    (Theme.SCHOOL, "La scolarité de mes enfants en ligne"),
]


class BookingForm(PublicFormGuards, InputForm):
    first_name = forms.CharField(
        label="Prénom",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": "Indiquez votre prénom.", "max_length": "Le prénom fait 100 caractères au plus."},
    )
    email = forms.CharField(
        label="Adresse e-mail",
        help_text="Pour recevoir la confirmation, un rappel la veille et le lien pour annuler. "
        "Format attendu : nom@exemple.fr",
        required=False,
        template_name=UNMARKED,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"max_length": "L'adresse e-mail fait 254 caractères au plus."},
    )
    phone = forms.CharField(
        label="Ou téléphone",
        help_text="Si vous n'avez pas d'adresse e-mail. Par exemple : 06 12 34 56 78.",
        required=False,
        template_name=UNMARKED,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": "Le numéro de téléphone fait 30 caractères au plus."},
    )
    themes = forms.MultipleChoiceField(
        label="Pour quoi venez-vous ?",
        help_text="Cochez ce qui vous concerne, ou écrivez-le en quelques mots juste après.",
        choices=PLAIN_THEMES,
        required=False,
        template_name=UNMARKED,
        widget=InlineCheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choisissez dans la liste."},
    )
    need = forms.CharField(
        label="En quelques mots",
        help_text="Par exemple : « déclarer mes revenus ». N'écrivez pas d'information sur votre santé, "
        "vos revenus ou vos identifiants : le conseiller vous les demandera s'il en a besoin.",
        required=False,
        max_length=NEED_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Ce texte fait {NEED_LENGTH} caractères au plus."},
    )
    consent = forms.BooleanField(
        label="J'accepte que ces informations soient enregistrées pour organiser le rendez-vous. "
        "Elles sont effacées au plus tard trois mois après.",
        required=False,
        template_name=UNMARKED,
    )

    def parse_input(self):
        data = self.cleaned_data
        raw = {key: data.get(key) for key in ("first_name", "email", "phone", "themes", "need", "consent")}
        raw["themes"] = raw["themes"] or []
        return parse_booking(raw)
