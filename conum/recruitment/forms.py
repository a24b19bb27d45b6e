from datetime import date

from django import forms
from django.conf import settings

from conum.core import uploads
from conum.core.field_marks import UNMARKED
from conum.core.fields import FrenchDateField
from conum.core.forms import BaseForm
from conum.core.phones import normalized_phone
from conum.programme.fields import EuroField
from conum.recruitment.candidacy import EDITABLE_FIELDS
from conum.recruitment.enums import ContractType, MatchStatus, Mobility
from conum.recruitment.search import MAX_RADIUS, SEARCH_RADII
from conum.territories.fields import CommuneField

DEFAULT_RADIUS = 20

DISTANCE_CHOICES = [("", "Toutes"), ("5", "5 km"), ("10", "10 km"), ("20", "20 km"), ("40", "40 km"), ("100", "100 km")]
LIST_STATUSES = [
    MatchStatus.NEW, MatchStatus.SHORTLISTED, MatchStatus.DECLINED, MatchStatus.CONTRACT_PROPOSED, MatchStatus.HIRED,
]  # fmt: skip


class MatchFilterForm(BaseForm):
    status = forms.ChoiceField(
        label="Statut",
        choices=[("", "En cours (à traiter, présélectionnées, contrat proposé)")]
        + [(s.value, s.label) for s in LIST_STATUSES],
        required=False,
    )
    distance = forms.TypedChoiceField(
        label="Distance au plus", choices=DISTANCE_CHOICES, coerce=int, required=False, empty_value=None
    )
    experience = forms.BooleanField(label="Expérience en médiation numérique", required=False)
    diploma = forms.BooleanField(label="Diplômé(e) de la médiation numérique", required=False)
    pix = forms.BooleanField(label="Résultats Pix renseignés", required=False)
    has_cv = forms.BooleanField(label="CV déposé", required=False)
    available_by = FrenchDateField(label="Disponible au plus tard le", required=False)


class RadiusSearchForm(BaseForm):
    """The radius of the search, at most the largest mobility a candidate may declare (search.MAX_RADIUS)."""

    rayon = forms.TypedChoiceField(
        label="Distance autour de votre commune",
        choices=[(radius, f"{radius} km") for radius in SEARCH_RADII],
        coerce=int,
        initial=DEFAULT_RADIUS,
        error_messages={
            "required": "Choisissez une distance.",
            "invalid_choice": f"Choisissez une distance de la liste (de {SEARCH_RADII[0]} à {MAX_RADIUS} km).",
        },
    )


class AddCandidateForm(forms.Form):
    """The hidden field of a search result's "Ajouter" button."""

    candidate = forms.IntegerField(min_value=1, max_value=2_147_483_647)


class ContractForm(BaseForm):
    type = forms.ChoiceField(
        label="Type de contrat",
        choices=[("", "Choisir")] + ContractType.choices,
        error_messages={"required": "Choisissez le type de contrat."},
    )
    start_date = FrenchDateField(label="Date de début", missing="Indiquez la date de début.")
    end_date = FrenchDateField(
        label="Date de fin",
        help_text="Obligatoire sauf pour un CDI ; pour un CDD ou un contrat de projet d'une structure publique, "
        "la durée du programme s'applique si vous la laissez vide.",
        required=False,
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
    gross_monthly_salary = EuroField(
        label="Salaire brut mensuel (€)",
        example="1800 ou 1801,80",
        max_digits=8,
        min_value=1,
        error_messages={
            "required": "Indiquez le salaire brut mensuel.",
            "min_value": "Le salaire doit être positif.",
        },
    )


class ContractDecisionForm(BaseForm):
    reason = forms.CharField(
        label="Motif du refus", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


PIX_CHOICES = [("", "Non renseigné"), ("1", "Niveau 1"), ("2", "Niveau 2"), ("3", "Niveau 3")]


class CandidateDetailsForm(BaseForm):
    """What a candidate tells about themselves: shared by the application form and the edit form."""

    SITUATIONS = ("job_seeker", "employed", "in_training", "mediation_diploma")

    phone = forms.CharField(
        label="Téléphone",
        max_length=30,
        help_text="Par exemple 06 12 34 56 78.",
        error_messages={"required": "Indiquez votre numéro de téléphone."},
    )
    commune = CommuneField(label="Votre commune")
    mobility_km = forms.TypedChoiceField(
        label="Jusqu'où êtes-vous prêt(e) à aller travailler ?",
        choices=[("", "Choisir")] + Mobility.choices,
        coerce=int,
        error_messages={
            "required": "Indiquez jusqu'où vous êtes prêt(e) à aller.",
            "invalid_choice": "Choisissez une distance de la liste.",
        },
    )
    available_from = FrenchDateField(label="Disponible à partir du", missing="Indiquez votre date de disponibilité.")
    # One group: at least one situation (clean()), so no box says "(Optionnel)".
    job_seeker = forms.BooleanField(
        label="Je suis demandeur ou demandeuse d'emploi", required=False, template_name=UNMARKED
    )
    employed = forms.BooleanField(label="Je suis en emploi", required=False, template_name=UNMARKED)
    in_training = forms.BooleanField(label="Je suis en formation", required=False, template_name=UNMARKED)
    mediation_diploma = forms.BooleanField(
        label="Je suis diplômé(e) de la médiation numérique", required=False, template_name=UNMARKED
    )
    diploma_name = forms.CharField(label="Nom du diplôme (si diplômé·e)", max_length=200, required=False)
    has_experience = forms.TypedChoiceField(
        label="Avez-vous une expérience professionnelle en médiation numérique ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
        error_messages={"required": "Répondez par oui ou par non."},
    )
    motivation = forms.CharField(
        label="Votre motivation",
        max_length=2500,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="2 500 caractères au plus. C'est le critère principal du recrutement.",
        error_messages={
            "required": "Dites en quelques lignes pourquoi ce métier vous intéresse.",
            "max_length": "Votre texte fait %(show_value)d caractères : 2 500 au plus.",
        },
    )
    cv = forms.FileField(
        label="CV",
        help_text=f"Un fichier PDF de {settings.MAX_UPLOAD_SIZE_MB} Mo au plus. "
        "Il sera supprimé six mois après son dépôt.",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        error_messages={
            "invalid": "Le fichier envoyé n'a pas pu être lu : réessayez.",
            "empty": "Le fichier envoyé est vide.",
        },
    )
    pix_level_1 = forms.TypedChoiceField(
        label="Pix — utiliser un ordinateur", choices=PIX_CHOICES, coerce=int, required=False, empty_value=None
    )
    pix_level_2 = forms.TypedChoiceField(
        label="Pix — communiquer et collaborer", choices=PIX_CHOICES, coerce=int, required=False, empty_value=None
    )
    pix_level_3 = forms.TypedChoiceField(
        label="Pix — protéger et sécuriser", choices=PIX_CHOICES, coerce=int, required=False, empty_value=None
    )

    def clean_phone(self):
        return normalized_phone(self.cleaned_data["phone"])

    def clean_cv(self):
        upload = self.cleaned_data.get("cv")
        if not upload:
            return None
        if upload.size > uploads.max_upload_bytes():  # past it, the upload handler kept no content
            raise forms.ValidationError(
                f"Le CV fait {upload.size / uploads.MEGABYTE:.1f} Mo : {settings.MAX_UPLOAD_SIZE_MB} Mo au plus."
            )
        # Checked by content, not by name: a PDF starts with "%PDF-".
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError("Le CV doit être un fichier PDF.")
        return upload

    def clean_available_from(self):
        value = self.cleaned_data["available_from"]
        # A date already on file may have passed (it then means "available now"): only a new one must be ahead.
        if value < date.today() and value != self.initial.get("available_from"):
            raise forms.ValidationError("La date de disponibilité doit être aujourd'hui ou plus tard.")
        return value

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.SITUATIONS):
            self.add_error("job_seeker", "Cochez au moins une situation.")
        if data.get("mediation_diploma") and not (data.get("diploma_name") or "").strip():
            self.add_error("diploma_name", "Indiquez le nom de votre diplôme de médiation numérique.")
        return data


class CandidateApplicationForm(CandidateDetailsForm):
    field_order = ["first_name", "last_name", "email"]

    first_name = forms.CharField(label="Prénom", max_length=150, error_messages={"required": "Indiquez votre prénom."})
    last_name = forms.CharField(label="Nom", max_length=150, error_messages={"required": "Indiquez votre nom."})
    email = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        help_text="Un e-mail vous sera envoyé pour la confirmer : votre candidature n'est proposée qu'ensuite.",
        error_messages={
            "required": "Indiquez votre adresse e-mail.",
            "invalid": "Saisissez une adresse e-mail valide.",
        },
    )


class CandidateEditForm(CandidateDetailsForm):
    """The candidate's own edit: the details of the application, the CV replaced or removed; not the e-mail."""

    field_order = [*EDITABLE_FIELDS[:-3], "cv", "remove_cv"]  # the Pix levels last, as when applying

    remove_cv = forms.BooleanField(label="Supprimer mon CV", required=False)

    def __init__(self, *args, candidate, **kwargs):
        initial = {name: getattr(candidate, name) for name in EDITABLE_FIELDS}
        initial["has_experience"] = "oui" if candidate.has_experience else "non"
        super().__init__(*args, initial=initial, **kwargs)
        self.candidate = candidate
        # No initial file: the stored CV is private, its download link is shown beside the field.
        self["cv"].label = self.fields["cv"].label = "Remplacer mon CV" if candidate.cv else "Ajouter un CV"
        if not candidate.cv:
            del self.fields["remove_cv"]

    def clean(self):
        data = super().clean()
        if data.get("cv") and data.get("remove_cv"):
            self.add_error("remove_cv", "Envoyez un nouveau CV ou supprimez l'actuel, pas les deux à la fois.")
        return data
