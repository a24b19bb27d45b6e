from datetime import date
from decimal import Decimal

from django import forms

from conum.core import sirene
from conum.core.fields import FrenchDateField
from conum.core.forms import BaseForm
from conum.core.phones import normalized_phone
from conum.core.siret import cleaned_siret
from conum.programme.fields import EuroField
from conum.territories.fields import CommuneField

from . import siret_lookup
from .enums import AmendmentKind, AmendmentReason, ApplicationStatus, NationalNetwork, StructureType, Verdict
from .workflow import DECISIONS

COMMITMENTS = {
    "commitment_free": "Les activités proposées au public par le conseiller numérique seront gratuites.",
    "commitment_choose": "Nous choisirons un candidat dans le mois qui suit la décision du comité.",
    "commitment_sign": "Nous signerons le contrat de travail dans les 15 jours qui suivent ce choix.",
    "commitment_training": "Nous libérerons le conseiller pendant toute sa formation initiale.",
    "commitment_equipment": "Nous fournirons au conseiller le matériel nécessaire à ses missions.",
}


def _required(message):
    return {"required": message}


def _posts(label, *, min_value=1, **kwargs) -> forms.IntegerField:
    """A number of posts of one application: at most 30."""
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=30,
        error_messages={
            "required": "Indiquez le nombre de postes.",
            "invalid": "Indiquez un nombre entier de postes.",
            "min_value": "Au moins 1 poste." if min_value else "Le nombre de postes ne peut pas être négatif.",
            "max_value": "30 postes au plus.",
        },
        **kwargs,
    )


class RequiredWhenForm(BaseForm):
    """A form whose `required_when` fields become required when another field holds a value:
    (field, other field, value, message)."""

    required_when: tuple = ()

    def clean(self):
        data = super().clean()
        for name, other, value, message in self.required_when:
            if data.get(other) == value and not data.get(name):
                self.add_error(name, message)
        return data


class NewApplicationForm(BaseForm):
    """What each application of a structure says: the posts, the project, the commitments."""

    posts_requested = forms.IntegerField(
        label="Nombre de postes de conseiller numérique demandés",
        min_value=1,
        max_value=30,
        error_messages={
            "required": "Indiquez le nombre de postes demandés (de 1 à 30).",
            "invalid": "Indiquez un nombre entier de postes (de 1 à 30).",
            "min_value": "Demandez au moins 1 poste.",
            "max_value": "Une structure peut demander au plus 30 postes.",
        },
    )
    mission_start = FrenchDateField(
        label="Date souhaitée de début de mission", missing="Indiquez la date souhaitée de début de mission."
    )
    motivation = forms.CharField(
        label="Votre projet et votre motivation",
        help_text="2 500 caractères au plus : publics visés, lieux, partenaires, besoins du territoire.",
        max_length=2500,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Décrivez votre projet en quelques lignes.",
            "max_length": "Votre texte fait %(show_value)d caractères : 2 500 au plus.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in COMMITMENTS.items():
            self.fields[name] = forms.BooleanField(
                label=label, error_messages=_required("Cet engagement est nécessaire pour déposer la candidature.")
            )

    def clean_mission_start(self):
        value = self.cleaned_data["mission_start"]
        if value < date.today():
            raise forms.ValidationError("La date de début de mission doit être aujourd'hui ou plus tard.")
        if value.year > date.today().year + 3:
            raise forms.ValidationError("La date de début de mission doit être dans les trois prochaines années.")
        return value


class ApplicationForm(NewApplicationForm):
    """The public form: the structure and its contact, then the application (NewApplicationForm's fields)."""

    siret = forms.CharField(
        label="SIRET de la structure",
        help_text="14 chiffres, espaces acceptés. Vous le trouverez sur annuaire-entreprises.data.gouv.fr.",
        max_length=20,
        error_messages=_required("Indiquez le SIRET de la structure (14 chiffres)."),
    )
    name = forms.CharField(
        label="Nom de la structure", max_length=200, error_messages=_required("Indiquez le nom de la structure.")
    )
    type = forms.ChoiceField(
        label="Type de structure",
        choices=[("", "Choisir un type")] + StructureType.choices,
        error_messages=_required("Choisissez le type de structure."),
    )
    address = forms.CharField(
        label="Adresse", max_length=300, error_messages=_required("Indiquez l'adresse de la structure.")
    )
    commune = CommuneField(label="Commune")
    contact_first_name = forms.CharField(
        label="Prénom du contact", max_length=150, error_messages=_required("Indiquez le prénom du contact.")
    )
    contact_last_name = forms.CharField(
        label="Nom du contact", max_length=150, error_messages=_required("Indiquez le nom du contact.")
    )
    contact_role = forms.CharField(
        label="Fonction du contact", max_length=150, error_messages=_required("Indiquez la fonction du contact.")
    )
    contact_email = forms.EmailField(
        label="Adresse e-mail professionnelle du contact",
        help_text="Un compte Conum sera ouvert à cette adresse pour suivre la candidature.",
        max_length=254,
        error_messages={
            "required": "Indiquez l'adresse e-mail du contact.",
            "invalid": "Saisissez une adresse e-mail valide, par exemple prenom.nom@mairie.fr.",
        },
    )
    contact_phone = forms.CharField(
        label="Téléphone du contact",
        help_text="Par exemple 05 55 12 34 56.",
        max_length=30,
        error_messages=_required("Indiquez le téléphone du contact."),
    )
    zrr = forms.BooleanField(label="La structure est en zone de revitalisation rurale (ZRR)", required=False)
    qpv = forms.BooleanField(label="La structure est en quartier prioritaire de la ville (QPV)", required=False)
    france_services = forms.BooleanField(label="La structure est labellisée France Services", required=False)
    network = forms.ChoiceField(
        label="Grand réseau national",
        choices=[("", "Aucun")] + NationalNetwork.choices,
        required=False,
    )
    field_order = [
        "siret", "name", "type", "address", "commune", "contact_first_name", "contact_last_name", "contact_role",
        "contact_email", "contact_phone", "posts_requested", "mission_start", "motivation",
    ]  # fmt: skip

    def __init__(self, *args, lookup_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        # "Rechercher ce SIRET": only the SIRET is checked; the other fields are being filled.
        self.lookup_only = lookup_only
        self.sirene: siret_lookup.Lookup | None = None

    def full_clean(self):
        super().full_clean()
        if self.lookup_only:
            for name in [name for name in self._errors if name != "siret"]:
                del self._errors[name]

    def clean_siret(self):
        siret = cleaned_siret(self.cleaned_data["siret"])
        # Sirene off or silent: nothing blocks; a closed establishment is refused with its closing date.
        self.sirene = siret_lookup.look_up(siret)
        if self.sirene is not None and self.sirene.closed:
            raise forms.ValidationError(sirene.closed_message(self.sirene.establishment))
        return siret

    def clean_contact_phone(self):
        return normalized_phone(self.cleaned_data["contact_phone"])


class OpinionForm(RequiredWhenForm):
    verdict = forms.ChoiceField(
        label="Avis", choices=Verdict.choices, widget=forms.RadioSelect, error_messages=_required("Choisissez un avis.")
    )
    posts_recommended = _posts(
        "Postes recommandés",
        help_text="De 1 à 30 pour un avis favorable ; ignoré pour un avis défavorable.",
        min_value=0,
        required=False,
    )
    comment = forms.CharField(
        label="Commentaire",
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Motivez votre avis en quelques mots (10 caractères au moins).",
            "min_length": "Le commentaire doit faire au moins 10 caractères.",
            "max_length": "Le commentaire fait %(show_value)d caractères : 1 000 au plus.",
        },
    )
    required_when = (
        ("posts_recommended", "verdict", Verdict.FAVOURABLE, "Un avis favorable recommande au moins 1 poste."),
    )


class CommitteeForm(BaseForm):
    committee_number = forms.CharField(
        label="Numéro du comité", max_length=30, error_messages=_required("Indiquez le numéro du comité.")
    )
    committee_date = FrenchDateField(label="Date du comité", missing="Indiquez la date du comité.")

    def clean_committee_date(self):
        value = self.cleaned_data["committee_date"]
        if value > date.today():
            raise forms.ValidationError("La date du comité ne peut pas être dans le futur.")
        return value


DECISION_CHOICES = [(outcome.value, outcome.label) for outcome in DECISIONS]


class DecisionForm(RequiredWhenForm, CommitteeForm):
    outcome = forms.ChoiceField(label="Décision", choices=DECISION_CHOICES, widget=forms.RadioSelect)
    posts = _posts("Postes attribués (si validée)", required=False)
    field_order = ["outcome", "posts", "committee_number", "committee_date"]
    required_when = (("posts", "outcome", ApplicationStatus.VALIDATED, "Indiquez le nombre de postes attribués."),)

    def clean(self):
        data = super().clean()
        if data.get("outcome") != ApplicationStatus.VALIDATED:
            # Only a validation grants posts: whatever the field holds (the pre-filled number, 0) is ignored.
            self.errors.pop("posts", None)
            data["posts"] = None
        return data


class BatchDecisionForm(CommitteeForm):
    outcome = forms.ChoiceField(label="Décision pour les candidatures cochées", choices=DECISION_CHOICES)
    applications = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": "Cochez au moins une candidature.",
            "invalid_choice": "Une candidature cochée n'est plus en attente de décision : rechargez la page.",
        },
    )
    field_order = ["outcome", "committee_number", "committee_date"]

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = queryset


class AmendmentDecisionForm(CommitteeForm):
    outcome = forms.ChoiceField(
        label="Décision sur l'avenant",
        choices=[("validated", "Validé"), ("refused", "Refusé")],
        widget=forms.RadioSelect,
    )
    field_order = ["outcome", "committee_number", "committee_date"]


class AmendmentForm(RequiredWhenForm):
    kind = forms.ChoiceField(label="Nature de l'avenant", choices=AmendmentKind.choices, widget=forms.RadioSelect)
    posts = _posts("Nombre de postes")
    reason = forms.ChoiceField(
        label="Motif (pour un retrait)", choices=[("", "—")] + AmendmentReason.choices, required=False
    )
    comment = forms.CharField(
        label="Précisions", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    required_when = (("reason", "kind", AmendmentKind.GIVE_BACK, "Indiquez le motif du retrait de postes."),)


class PaymentForm(BaseForm):
    paid_on = FrenchDateField(label="Date du versement", missing="Indiquez la date du versement.")
    amount_eur = EuroField(
        label="Montant (€)",
        example="25000 ou 12500,50",
        max_digits=12,
        min_value=Decimal("0.01"),
        error_messages=_required("Indiquez le montant."),
    )
    reference = forms.CharField(
        label="Référence (mandat, engagement…)",
        max_length=100,
        error_messages=_required("Indiquez la référence du versement."),
    )


class QueueFilterForm(BaseForm):
    status = forms.ChoiceField(
        label="Statut",
        choices=[("", "En attente de décision")] + ApplicationStatus.choices + [("all", "Tous")],
        required=False,
    )
    type = forms.ChoiceField(label="Type", choices=[("", "Tous les types")] + StructureType.choices, required=False)
    q = forms.CharField(label="Nom, SIRET ou commune", max_length=100, required=False)
    zrr = forms.BooleanField(label="En ZRR", required=False)
    qpv = forms.BooleanField(label="En QPV", required=False)
    awaiting_opinion = forms.BooleanField(label="Sans avis de la préfecture", required=False)
