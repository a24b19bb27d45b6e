"""Forms of the activity reports: the fast entry form (one variant per kind), list filters, statistics period.

The entry form only reads what was typed; the rules are `inputs.parse_report`'s, which `clean()` calls
(InputForm) and whose messages it places beside their field, so the form and the REST API refuse the same
reports alike.
"""

from django import forms
from django.db.models import Q
from django.utils import timezone
from dsfr.utils import dsfr_input_class_attr

from conum.activity import enums
from conum.activity.models import Beneficiary, Place
from conum.activity.reports.inputs import (
    AGE_FIELDS,
    FOLLOWUPS,
    MAX_NOTES_LENGTH,
    MAX_WORKSHOP_PARTICIPANTS,
    STATUS_FIELDS,
    parse_report,
)
from conum.core.fields import FrenchDateField
from conum.core.forms import BaseForm
from conum.core.inputs import InputForm
from conum.programme.models import ProgrammeParameters
from conum.recruitment.models import Advisor
from conum.territories.fields import CommuneField

OTHER_DURATION = "autre"
NEW_FILE = "nouveau"


def duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


class NumberText(forms.CharField):
    """A number typed in a number input, read by the rules (so the form and the API say the same thing)."""

    def __init__(self, *, minimum=0, maximum=MAX_WORKSHOP_PARTICIPANTS, **kwargs):
        attrs = {"min": minimum, "max": maximum, "inputmode": "numeric"}
        super().__init__(max_length=10, widget=forms.NumberInput(attrs=attrs), **kwargs)


class InlineRadioSelect(forms.RadioSelect):
    inline = True


class InlineCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    inline = True


def _count_field(label, *, minimum=0, initial=0, help_text=""):
    """A count of people (empty means 0); its bounds are the rules'."""
    return NumberText(label=label, initial=initial, help_text=help_text, minimum=minimum)


def _radio_buttons(label, vocabulary, missing):
    """One value of `vocabulary`; `missing`: the message when none is chosen."""
    return forms.ChoiceField(
        label=label, choices=vocabulary.choices, widget=InlineRadioSelect, error_messages={"required": missing}
    )


FOLLOWUP_LABELS = {
    "followup_individual": "Poursuit en accompagnement individuel",
    "followup_workshop": "Poursuit en atelier collectif",
    "followup_redirected": "Réorientée vers une autre structure",
}
WORKSHOP_FOLLOWUP_LABELS = {
    "followup_individual": "Dont poursuivent en accompagnement individuel",
    "followup_workshop": "Dont poursuivent en atelier collectif",
    "followup_redirected": "Dont réorientées vers une autre structure",
}


class ReportForm(InputForm):
    """The entry form of one kind of report: one person (individual, one-off) or a group (workshop).

    For one person, the age band, the status and the follow-ups are chosen (radio buttons, checkboxes); for a
    workshop they are counted. `raw_input()` turns either into the data `parse_report` reads. The fields the
    rules need are shown as required, yet an empty one is not refused here: the rules say what is missing.
    """

    date = FrenchDateField(label="Date de l'accompagnement")
    location = forms.ChoiceField(
        label="Lieu de l'accompagnement", choices=enums.Location.choices, widget=InlineRadioSelect
    )
    place = forms.ModelChoiceField(
        label="Lieu d'activité",
        queryset=Place.objects.none(),
        empty_label="Choisir un de vos lieux",
        help_text="Si l'accompagnement a eu lieu dans un de vos lieux d'activité.",
        error_messages={"invalid_choice": "Choisissez un de vos lieux d'activité."},
    )
    commune = CommuneField(
        label="Commune",
        help_text="À domicile ou dans un autre lieu : la commune où l'accompagnement a eu lieu (nom ou code postal).",
    )
    duration = forms.ChoiceField(
        label="Durée",
        choices=[(str(minutes), duration_label(minutes)) for minutes in enums.DURATION_PRESETS]
        + [(OTHER_DURATION, "Autre durée")],
        widget=InlineRadioSelect,
    )
    duration_custom = NumberText(
        label="Autre durée, en minutes",
        required=False,
        help_text=f"De 1 à {enums.MAX_DURATION_MINUTES} minutes (8 heures).",
        minimum=1,
        maximum=enums.MAX_DURATION_MINUTES,
    )
    themes = forms.MultipleChoiceField(
        label="Thématiques", choices=enums.Theme.choices, widget=InlineCheckboxSelectMultiple, help_text="Au moins une."
    )
    administrative_themes = forms.MultipleChoiceField(
        label="Démarches administratives",
        choices=enums.AdministrativeTheme.choices,
        required=False,
        widget=InlineCheckboxSelectMultiple,
        help_text="Seulement avec la thématique « Aide aux démarches administratives ».",
    )
    equipment = forms.MultipleChoiceField(
        label="Matériel utilisé", choices=enums.Equipment.choices, required=False, widget=InlineCheckboxSelectMultiple
    )
    redirections = forms.MultipleChoiceField(
        label="Réorientation vers",
        choices=enums.Redirection.choices,
        required=False,
        widget=InlineCheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        help_text=f"Sans aucune donnée personnelle (ni nom, ni coordonnées) ; {MAX_NOTES_LENGTH} caractères au plus.",
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_NOTES_LENGTH}),
    )

    def __init__(self, *args, advisor, kind, report=None, workshop=None, **kwargs):
        self.advisor, self.kind, self.report, self.workshop = advisor, kind, report, workshop
        self.group_errors: dict[str, list[str]] = {}
        super().__init__(*args, **kwargs)
        current = Q(pk=report.place_id) if report and report.place_id else Q(pk__in=[])
        self.fields["place"].queryset = Place.objects.filter(advisors=advisor).filter(
            Q(archived_at__isnull=True) | current
        )
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        if self.one_person:
            self._add_one_person_fields()
        else:
            self._add_group_fields()
        self.order_fields(self.FIELD_ORDER)
        for bound in self.visible_fields():
            dsfr_input_class_attr(bound)

    FIELD_ORDER = [
        "date", "location", "place", "commune", "duration", "duration_custom", "participants",
        "returning_participants", "beneficiary", "beneficiary_name", "beneficiary_consent", "returning", "age",
        *AGE_FIELDS, "status", *STATUS_FIELDS,
        "themes", "administrative_themes", "equipment", "autonomy", "redirections", "followups",
        *FOLLOWUPS, "notes",
    ]  # fmt: skip

    @property
    def one_person(self) -> bool:
        return self.kind in (enums.ReportKind.INDIVIDUAL, enums.ReportKind.ONE_OFF)

    def _add_person_file_fields(self):
        """Personne accompagnée: anonymous, one of the structure's files, or a new file (with consent)."""
        structure_id = self.report.structure_id if self.report else self.advisor.structure_id
        files = Beneficiary.objects.filter(structure_id=structure_id, anonymised_at__isnull=True)
        self.fields["beneficiary"] = forms.ChoiceField(
            label="Personne accompagnée",
            choices=[
                ("", "Accompagnement anonyme (sans dossier)"),
                (NEW_FILE, "Nouvelle personne : créer son dossier, avec son accord"),
                *((str(pk), f"{name} (dossier n° {pk})") for pk, name in files.values_list("pk", "name")),
            ],
            required=False,
            error_messages={"invalid_choice": "Choisissez un dossier de la liste, une nouvelle personne ou aucun."},
            help_text="Avec un dossier, l'équipe retrouve l'historique de la personne ; « déjà accompagnée » "
            "se déduit alors de cet historique.",
        )
        self.fields["beneficiary_name"] = forms.CharField(
            label="Prénom ou pseudonyme (nouveau dossier)", required=False, max_length=200
        )
        self.fields["beneficiary_consent"] = forms.BooleanField(
            label="La personne accepte que notre structure garde ce dossier (prénom ou pseudonyme, tranche d'âge, "
            "thématiques, historique des accompagnements)",
            required=False,
        )

    def _add_one_person_fields(self):
        self._add_person_file_fields()
        self.fields["returning"] = forms.ChoiceField(
            label="Personne déjà accompagnée auparavant ?",
            choices=[("0", "Non, c'est la première fois"), ("1", "Oui")],
            initial="0",
            widget=InlineRadioSelect,
        )
        # The rules count ages and statuses: "nothing chosen" is said here, their sum's message would puzzle.
        self.fields["age"] = _radio_buttons(
            "Tranche d'âge",
            enums.AgeBand,
            "Choisissez la tranche d'âge (« Non communiqué » si vous ne la connaissez pas).",
        )
        self.fields["status"] = _radio_buttons(
            "Statut",
            enums.SocialStatus,
            "Choisissez le statut (« Non communiqué ou hétérogène » si vous ne le connaissez pas).",
        )
        if self.kind == enums.ReportKind.INDIVIDUAL:
            self.fields["autonomy"] = forms.ChoiceField(
                label="Autonomie de la personne",
                choices=[("", "Non renseignée"), *enums.Autonomy.choices],
                initial="",
                required=False,
                widget=forms.RadioSelect,
            )
        self.fields["followups"] = forms.MultipleChoiceField(
            label="Suites données",
            choices=list(FOLLOWUP_LABELS.items()),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def _add_group_fields(self):
        self.fields["participants"] = _count_field(
            "Nombre de participants", minimum=1, initial=None, help_text="De 1 à 100."
        )
        self.fields["returning_participants"] = _count_field("Dont personnes déjà accompagnées auparavant")
        for name, (_value, label) in zip(AGE_FIELDS, enums.AgeBand.choices, strict=True):
            self.fields[name] = _count_field(label)
        for name, (_value, label) in zip(STATUS_FIELDS, enums.SocialStatus.choices, strict=True):
            self.fields[name] = _count_field(label)
        for name, label in WORKSHOP_FOLLOWUP_LABELS.items():
            self.fields[name] = _count_field(label)

    # ---- groups of count fields (a workshop), shown in their own fieldset -----------------------------

    def _bound(self, names):
        return [self[name] for name in names if name in self.fields]

    @property
    def age_fields(self):
        return self._bound(AGE_FIELDS)

    @property
    def status_fields(self):
        return self._bound(STATUS_FIELDS)

    @property
    def followup_fields(self):
        return self._bound(FOLLOWUPS)

    # ---- the data the rules read -------------------------------------------------------------------

    def raw_input(self) -> dict:
        cleaned = self.cleaned_data
        data = {
            "date": cleaned.get("date"),
            "kind": self.kind,
            "location": cleaned.get("location") or "",
            "place": cleaned.get("place"),
            "commune": cleaned.get("commune"),
            "duration_minutes": self._duration(cleaned),
            "themes": cleaned.get("themes") or [],
            "administrative_themes": cleaned.get("administrative_themes") or [],
            "equipment": cleaned.get("equipment") or [],
            "redirections": cleaned.get("redirections") or [],
            "autonomy": cleaned.get("autonomy") or "",
            "notes": cleaned.get("notes") or "",
        }
        counts = dict.fromkeys([*AGE_FIELDS, *STATUS_FIELDS, *FOLLOWUPS], 0)
        if self.one_person:
            data["participants"] = 1
            data["returning_participants"] = 1 if cleaned.get("returning") == "1" else 0
            if cleaned.get("age"):
                counts[f"age_{cleaned['age']}"] = 1
            if cleaned.get("status"):
                counts[f"status_{cleaned['status']}"] = 1
            for name in cleaned.get("followups") or []:
                counts[name] = 1
            data.update(self._person_file(cleaned))
        else:
            data["participants"] = cleaned.get("participants")
            data["returning_participants"] = cleaned.get("returning_participants") or 0
            counts.update({name: cleaned.get(name) or 0 for name in counts})  # typed text: the rules read it
        data.update(counts)
        if self.workshop is not None:
            data["workshop"] = self.workshop.pk
        return data

    @staticmethod
    def _person_file(cleaned) -> dict:
        chosen = cleaned.get("beneficiary") or ""
        if chosen == NEW_FILE:
            age = cleaned.get("age") or ""
            new = {"name": cleaned.get("beneficiary_name") or "", "consent": bool(cleaned.get("beneficiary_consent"))}
            new["age_band"] = "" if age == enums.AgeBand.UNKNOWN else age
            new["themes"] = cleaned.get("themes") or []
            return {"new_beneficiary": new}
        return {"beneficiary": chosen or None}

    @staticmethod
    def _duration(cleaned):
        choice, custom = cleaned.get("duration"), cleaned.get("duration_custom")
        if choice and choice != OTHER_DURATION:
            return int(choice)
        return custom

    def parse_input(self):
        return parse_report(self.raw_input(), advisor=self.advisor, report=self.report)

    # ---- the rules' messages, beside their field ---------------------------------------------------

    def add_error(self, field, error):
        # An empty field shown as required is left to the rules (they say what is missing, in the API's words),
        # but for the one person's age and status, which have their own message.
        if getattr(error, "code", None) == "required" and field not in ("age", "status"):
            return
        super().add_error(field, error)

    def add_input_errors(self, refusal) -> None:
        for group in ("ages", "statuses"):
            if group in refusal.errors and self.field_for(group) == group:  # a workshop's: above its counts too
                self.group_errors.setdefault(group, []).extend(refusal.errors[group])
        super().add_input_errors(refusal)

    def field_for(self, key) -> str | None:
        if key is None:
            return None
        if key == "duration_minutes":
            choice, custom = self.cleaned_data.get("duration"), self.cleaned_data.get("duration_custom")
            return "duration_custom" if choice == OTHER_DURATION or (not choice and custom) else "duration"
        if self.one_person:
            if key in ("beneficiary", "new_beneficiary", "beneficiary_age_band", "beneficiary_themes"):
                return {"beneficiary_age_band": "age", "beneficiary_themes": "themes"}.get(key, "beneficiary")
            if key == "returning_participants":
                return "returning"
            if key == "ages" or key.startswith("age_"):
                return "age"
            if key == "statuses" or key.startswith("status_"):
                return "status"
            if key in FOLLOWUPS:
                return "followups"
        return key

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) of every error in the order of the form, for the summary at its top."""
        grouped = {message for messages in self.group_errors.values() for message in messages}
        summary = [("", message) for message in self.non_field_errors() if message not in grouped]
        groups = {AGE_FIELDS[0]: "ages", STATUS_FIELDS[0]: "statuses"}
        for name in self.fields:
            if name in groups:
                summary.extend((groups[name], message) for message in self.group_errors.get(groups[name], []))
            if name in self.errors:
                bound = self[name]
                anchor = bound.auto_id + ("_0" if isinstance(bound.field.widget, forms.RadioSelect) else "")
                summary.extend((anchor, message) for message in self.errors[name])
        return summary


def initial_from_data(data: dict, kind: str) -> dict:
    """The form's initial values from report data (an edited report, a workshop, the last report)."""
    initial = {
        name: data[name]
        for name in ("date", "location", "place", "commune", "themes", "administrative_themes", "equipment",
                     "redirections", "autonomy", "notes")
        if data.get(name) not in (None, "")
    }  # fmt: skip
    minutes = data.get("duration_minutes")
    if minutes in enums.DURATION_PRESETS:
        initial["duration"] = str(minutes)
    elif minutes:
        initial["duration"], initial["duration_custom"] = OTHER_DURATION, minutes
    if kind in (enums.ReportKind.INDIVIDUAL, enums.ReportKind.ONE_OFF):
        if "returning_participants" in data:
            initial["returning"] = "1" if data["returning_participants"] else "0"
        for name, prefix in (("age", "age_"), ("status", "status_")):
            chosen = [key.removeprefix(prefix) for key in data if key.startswith(prefix) and data[key]]
            if len(chosen) == 1:
                initial[name] = chosen[0]
        initial["followups"] = [name for name in FOLLOWUPS if data.get(name)]
        if data.get("beneficiary"):
            initial["beneficiary"] = str(data["beneficiary"])
    else:
        for name in ("participants", "returning_participants", *AGE_FIELDS, *STATUS_FIELDS, *FOLLOWUPS):
            if data.get(name) is not None:
                initial[name] = data[name]
    return initial


# ---- list filters ----------------------------------------------------------------------------------


def _one_of(label, model, empty_label, invalid):
    """An optional choice among rows given later (the user's own)."""
    return forms.ModelChoiceField(
        label=label,
        queryset=model.objects.none(),
        required=False,
        empty_label=empty_label,
        error_messages={"invalid_choice": invalid},
    )


class ReportFilterForm(BaseForm):
    start = FrenchDateField(label="Du", required=False)
    end = FrenchDateField(label="Au", required=False)
    kind = forms.ChoiceField(label="Type", choices=[("", "Tous les types"), *enums.ReportKind.choices], required=False)
    theme = forms.ChoiceField(label="Thématique", choices=[("", "Toutes"), *enums.Theme.choices], required=False)
    place = _one_of("Lieu d'activité", Place, "Tous les lieux", "Choisissez un lieu de la liste.")
    advisor = _one_of("Conseiller", Advisor, "Tous les conseillers", "Choisissez un conseiller de la liste.")

    def __init__(self, *args, places, advisors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        if advisors is None:
            del self.fields["advisor"]
        else:
            self.fields["advisor"].queryset = advisors
            self.fields["advisor"].label_from_instance = lambda advisor: advisor.full_name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "La fin de la période suit son début.")
        return cleaned


# ---- statistics period -----------------------------------------------------------------------------


class PeriodForm(BaseForm):
    """Chosen dates (the presets are links): from the programme start to today."""

    start = FrenchDateField(label="Du", missing="Indiquez le début de la période.")
    end = FrenchDateField(label="Au", missing="Indiquez la fin de la période.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        programme_start, today = ProgrammeParameters.current().programme_start, timezone.localdate()
        if start and start < programme_start:
            self.add_error(
                "start", f"La période commence au plus tôt le {programme_start:%d/%m/%Y}, début du programme."
            )
        if end and end > today:
            self.add_error("end", f"La période finit au plus tard aujourd'hui, le {today:%d/%m/%Y}.")
        if start and end and end < start:
            self.add_error("end", "La fin de la période suit son début.")
        return cleaned
