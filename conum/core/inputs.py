"""Typed inputs: every write is parsed once, at the edge, into one frozen dataclass.

The HTML form, the REST API and the demo hand the same raw mapping (what was typed, the JSON body, the demo's
values) to the write's parser (`conum/activity/<area>/inputs.py`). The parser reads each value with a `Reader`,
which collects every French message by key (None: the write as a whole) and raises `InvalidInput` at the end,
so the form shows all of them at once and the API answers 422 with the same text. The service then takes the
typed input and re-checks only what depends on rows it locks (seats left, a report already made, a place still
the advisor's).

`InputForm` is the glue on the HTML side: its `clean()` calls the parser and puts each message beside its field.
"""

import functools
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.db import models
from django.utils import timezone

from conum.core.errors import RuleViolation
from conum.core.formatting import plural_word
from conum.core.forms import BaseForm


class InvalidInput(RuleViolation):
    """A write refused by its rules: every French message by key (None for the write as a whole)."""

    def __init__(self, errors: dict[str | None, list[str]]):
        field, messages = next(iter(errors.items()))
        super().__init__(messages[0], field=field)
        self.errors = errors

    @property
    def messages(self) -> list[str]:
        return [message for messages in self.errors.values() for message in messages]


@functools.cache
def _values_of(vocabulary: type[models.Choices]) -> tuple:
    """The vocabulary's values, read once (Django builds the list anew at each `.values`: imports read thousands)."""
    return tuple(vocabulary.values)


class Reader:
    """Reads raw values into typed ones; each problem is kept (by key) instead of stopping at the first."""

    def __init__(self, data: Mapping, *, allowed: Iterable[str] | None = None):
        self.data = data
        self.errors: dict[str | None, list[str]] = {}
        if allowed is not None:
            unknown = sorted(set(data) - set(allowed))
            if unknown:
                count = len(unknown)
                self.add(None, f"{plural_word(count, 'Champ')} {plural_word(count, 'inconnu')} : {', '.join(unknown)}.")

    def add(self, key: str | None, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def refused(self, key: str | None) -> bool:
        return key in self.errors

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)

    def raw(self, key: str):
        return self.data.get(key)

    def missing(self, key: str) -> bool:
        return self.data.get(key) in (None, "", [], ())

    def count(self, key: str, label: str, *, required: bool = False) -> int | None:
        """A whole number ≥ 0 from an int or a string of digits; 0 when absent and optional; None when refused."""
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.add(key, f"Indiquez {label}.")
                return None
            return 0
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(key, f"Indiquez {label} : un nombre entier.")
            return None
        if value < 0:
            self.add(key, f"Indiquez {label} : un nombre positif ou nul.")
            return None
        return value

    def choice(self, key: str, vocabulary: type[models.Choices], message: str, *, required: bool = True) -> str:
        """One value of the vocabulary; "" when absent and optional, or refused."""
        value = self.data.get(key) or ""
        if not value and not required:
            return ""
        if value not in vocabulary.values:
            self.add(key, message)
            return ""
        return value

    def choices(self, key: str, vocabulary: type[models.Choices], label: str) -> list[str]:
        """Values of the vocabulary, in the vocabulary's order, without duplicates."""
        values = self.data.get(key) or []
        if isinstance(values, str) or not isinstance(values, list | tuple | set):
            self.add(key, f"{label} : une liste de valeurs est attendue.")
            return []
        known = _values_of(vocabulary)
        unknown = sorted({str(value) for value in values} - set(known))
        if unknown:
            words = f"{plural_word(len(unknown), 'valeur')} {plural_word(len(unknown), 'inconnue')}"
            self.add(key, f"{label} : {words} ({', '.join(unknown)}).")
        return [value for value in known if value in values]

    def day(self, key: str, missing: str, invalid: str = "Indiquez une date valide (JJ/MM/AAAA).") -> date | None:
        """A date from a date or an ISO string (AAAA-MM-JJ); None when absent or refused."""
        value = self.data.get(key)
        if value is None:
            self.add(key, missing)
            return None
        return self._when(key, value, date, invalid)

    def moment(
        self, key: str, invalid: str = "Indiquez une date et une heure valides, par exemple 25/12/2026 09:00."
    ) -> datetime | None:
        """An aware date and time from a datetime or an ISO string (naive: local time); None when absent or refused."""
        value = self.data.get(key)
        if value is None or value == "":
            return None
        value = self._when(key, value, datetime, invalid)
        return value if value is None or timezone.is_aware(value) else timezone.make_aware(value)

    def _when(self, key: str, value, kind: type[date], invalid: str):
        """`value` as a `kind` (date or datetime): itself, or parsed from its ISO string; None, with `invalid`,
        when it is neither."""
        if isinstance(value, str):
            try:
                value = kind.fromisoformat(value.strip())
            except ValueError:
                value = None
        # A datetime is a date too, but not a day: it has an hour.
        if isinstance(value, kind) and (kind is datetime or not hasattr(value, "hour")):
            return value
        self.add(key, invalid)
        return None

    def text(self, key: str, label: str = "Ce champ") -> str:
        """A text without NUL characters and surrounding spaces; "" when absent or not a text."""
        value = self.data.get(key) or ""
        if not isinstance(value, str):
            self.add(key, f"{label} : un texte est attendu.")
            return ""
        return value.replace("\x00", "").strip()

    def instance(self, key: str, queryset: models.QuerySet):
        """The row of `queryset` given as an instance or a primary key; None when absent or not in it."""
        value = self.data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, queryset.model):
            value = value.pk
        try:
            return queryset.filter(pk=value).first()
        except (TypeError, ValueError):
            return None


class InputForm(BaseForm):
    """An HTML form whose `clean()` parses the typed input into `self.input`, each message beside its field.

    Each subclass defines `parse_input()` (the write's parser, fed with what the form read) and, when a parser's key
    is not a field's name, `field_for(key)`. A field already refused by its own type keeps its first message.
    """

    input = None

    def field_for(self, key: str | None) -> str | None:
        return key

    def clean(self):
        cleaned = super().clean()
        try:
            self.input = self.parse_input()
        except InvalidInput as refusal:
            self.input = None
            self.add_input_errors(refusal)
        return cleaned

    def saved(self, write):
        """What `write(self.input)` returns (a service that re-checks locked rows); None when it refuses, its
        message then beside its field or at the top of the form."""
        try:
            return write(self.input)
        except InvalidInput as refusal:
            self.add_input_errors(refusal)
        except RuleViolation as refusal:
            self.add_error(refusal.field if refusal.field in self.fields else None, str(refusal))
        return None

    def add_input_errors(self, refusal: InvalidInput) -> None:
        for key, messages in refusal.errors.items():
            target = self.field_for(key)
            for message in messages:
                if target in self.fields:
                    if target not in self.errors:
                        self.add_error(target, message)
                else:
                    self.add_error(None, message)
