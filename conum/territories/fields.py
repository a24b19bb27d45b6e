"""A commune form field that works without JavaScript.

The person types a name or a postal code. If that designates one commune, it is
chosen; if several match, the form comes back with the candidates as radio buttons.
With JavaScript, the text input also gets suggestions from the JSON endpoint.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.urls import reverse_lazy

from .models import Commune
from .search import commune_label, resolve_commune


class CommuneInput(forms.TextInput):
    template_name = "territories/widgets/commune_input.html"

    def __init__(self, attrs=None):
        defaults = {"autocomplete": "off", "data-commune-autocomplete": reverse_lazy("api:search_communes")}
        super().__init__({**defaults, **(attrs or {})})
        self.candidates = []

    def value_from_datadict(self, data, files, name):
        return {"text": data.get(name, ""), "code": data.get(f"{name}_choix", "")}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_choix" not in data

    def format_value(self, value):
        if isinstance(value, dict):
            return value.get("text", "")
        if isinstance(value, Commune):
            return commune_label(value)
        if isinstance(value, str) and value:
            commune = Commune.objects.filter(pk=value).first()
            return commune_label(commune) if commune else value
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["candidates"] = [
            {"code": c.code, "label": f"{commune_label(c)} — {c.departement.name}"} for c in self.candidates
        ]
        context["widget"]["script"] = static("territories/commune-autocomplete.js")
        return context


class CommuneField(forms.Field):
    widget = CommuneInput
    default_error_messages = {
        "required": "Indiquez une commune (nom ou code postal).",
        "not_found": "Aucune commune ne correspond à « %(text)s ». Vérifiez l'orthographe ou saisissez le code postal.",
        "ambiguous": "Plusieurs communes correspondent à « %(text)s » : choisissez la vôtre dans la liste.",
    }

    def to_python(self, value):
        if isinstance(value, Commune):
            return value
        if not isinstance(value, dict):
            value = {"text": value or "", "code": ""}
        # NUL characters cannot reach PostgreSQL: drop them with the rest of the noise.
        code = (value.get("code") or "").replace("\x00", "").strip()[:5]
        text = (value.get("text") or "").replace("\x00", "").strip()[:200]
        if code:
            commune = Commune.objects.select_related("departement").filter(pk=code).first()
            if commune:
                return commune
        if not text:
            return None
        commune, candidates = resolve_commune(text)
        if commune:
            return commune
        if candidates:
            self.widget.candidates = candidates
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"text": text})
        raise ValidationError(self.error_messages["not_found"], code="not_found", params={"text": text})

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
