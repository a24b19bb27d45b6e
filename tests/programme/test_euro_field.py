"""Money typed as Conum shows it is read: "1 950,00" with any space, "1950", "1 950 €"."""

from decimal import Decimal

import pytest
from django import forms

from conum.programme.fields import EuroField


def field():
    return EuroField(example="1800 ou 1801,80", max_digits=8, min_value=1)


@pytest.mark.parametrize(
    "typed",
    ["1 950,00", "1\xa0950,00", "1\u202f950,00", "1950", "1950,00", "1 950 €", "1950€", " 1 950,00 € ", "1950.00",
     "1.950,00", "1,950.00"],
)  # fmt: skip
def test_amounts_as_displayed_are_accepted(typed):
    assert field().clean(typed) == Decimal("1950")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("mille", "Indiquez un montant en euros, par exemple 1800 ou 1801,80."),
        ("1 950,001", "Deux décimales au plus."),
        ("0", "Le montant doit être positif."),
        ("123 456 789", "Ce montant est trop grand."),
    ],
)
def test_unreadable_amounts_get_a_clear_message(typed, message):
    with pytest.raises(forms.ValidationError) as refusal:
        field().clean(typed)
    assert refusal.value.messages == [message]
