"""Form fields with the DSFR widget and French messages that say what to fix."""

from django import forms

INVALID_DATE = "Indiquez une date valide (JJ/MM/AAAA)."


class FrenchDateField(forms.DateField):
    """A date picker (type="date", works without JavaScript as a text field too).

    `missing` is the message when the field is required and empty, e.g. "Indiquez la date du comité."
    """

    def __init__(self, *, missing="Indiquez une date.", **kwargs):
        # A date input only shows an ISO value (YYYY-MM-DD), whatever the language.
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)
        self.error_messages.update({"required": missing, "invalid": INVALID_DATE})
