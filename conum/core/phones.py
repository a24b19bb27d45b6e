import functools

import phonenumbers
from django import forms

# Territories that share the French numbering plan: dialled from France with a leading 0 ("0262 …").
_FRENCH_PLAN = {"FR", "GP", "MQ", "GF", "RE", "YT", "BL", "MF"}


def normalized_phone(raw: str) -> str:
    """A French (or international) phone number in +33 form; a clear message otherwise."""
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError("Ce numéro de téléphone n'est pas valide : par exemple 05 55 12 34 56.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=4096)  # a pure function of the text, called for each card of a results page
def readable_phone(phone: str) -> str:
    """A stored (E.164) number as people write it: "06 23 45 67 89", "0262 12 34 56" (La Réunion), and with
    its country code elsewhere, "+687 24 12 34" (Nouvelle-Calédonie). A number that cannot be read is shown
    as stored."""
    try:
        number = phonenumbers.parse(phone, "FR")
    except phonenumbers.NumberParseException:
        return phone
    if not phonenumbers.is_possible_number(number):
        return phone
    national = phonenumbers.region_code_for_number(number) in _FRENCH_PLAN
    style = phonenumbers.PhoneNumberFormat.NATIONAL if national else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style).replace(".", " ")
