"""Form fields of the programme's money, shared by the apps above it (salaries, payments)."""

from django import forms


class EuroField(forms.DecimalField):
    """An amount in euros, to the cent, typed the French way ("1801,80") in a text input.

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
