import phonenumbers
from django import forms


def normalized_phone(raw: str) -> str:
    """A French (or international) phone number in +33 form; a clear message otherwise."""
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError("Ce numéro de téléphone n'est pas valide : par exemple 05 55 12 34 56.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def readable_phone(phone: str) -> str:
    """ "05 55 12 34 56" for a French number, as stored otherwise."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(phone, "FR"), phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        return phone
