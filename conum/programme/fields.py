"""Form fields of the programme's money, shared by the apps above it (salaries, payments)."""

import re

from django import forms

# Spaces people type or paste inside an amount: normal, no-break, narrow no-break, thin.
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")


class EuroField(forms.DecimalField):
    """An amount in euros, to the cent, typed the French way ("1801,80") in a text input, or as Conum shows
    it: "1 950,00", "1 950 €" (any kind of space), or "1950.00"; with both a dot and a comma ("1.950,00",
    "1,950.00") the last one separates the cents.

    `example` ends the message of an unreadable amount; `error_messages` replace the default ones."""

    def __init__(self, *, example: str, max_digits: int, min_value, error_messages=None, **kwargs):
        messages = {
            "invalid": f"Indiquez un montant en euros, par exemple {example}.",
            "min_value": "Le montant doit être positif.",
            "max_digits": "Ce montant est trop grand.",
            "max_decimal_places": "Deux décimales au plus.",
        }
        super().__init__(
            max_digits=max_digits,
            decimal_places=2,
            min_value=min_value,
            localize=True,
            error_messages=messages | (error_messages or {}),
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = _SPACES.sub("", value.strip().removesuffix("€").removesuffix("EUR").strip())
            if "," in value and "." in value:  # the last one separates the cents: "1.950,00", "1,950.00"
                grouping = "." if value.rindex(",") > value.rindex(".") else ","
                value = value.replace(grouping, "").replace(".", ",")
        return super().to_python(value)
