"""SIRET numbers as people type them: spaces allowed, 14 digits, a valid Luhn key."""

from django import forms
from stdnum.fr import siret as siret_number


def cleaned_siret(value: str) -> str:
    """The 14 digits, or a ValidationError with a French message saying what is wrong."""
    value = "".join(value.split())
    if not value.isdigit() or len(value) != 14:
        raise forms.ValidationError("Le SIRET compte exactement 14 chiffres.")
    if not siret_number.is_valid(value):
        raise forms.ValidationError(
            "Ce SIRET n'existe pas : vérifiez les chiffres (la clé de contrôle ne correspond pas)."
        )
    return value
