"""Model fields shared by the apps."""

from django.db import models
from django.db.models import Q


class ValueListField(models.TextField):
    """A list of choice values stored as "|a|b|" in a text column.

    The pipes around each value let `has_value` find one value exactly with a plain LIKE, on SQLite and
    PostgreSQL alike, and let aggregates count rows per value (`Count(filter=has_value(...))`).
    Python sees a list; `choices_enum` (a TextChoices) restricts the values accepted by `validate`.
    """

    def __init__(self, *args, choices_enum=None, **kwargs):
        self.choices_enum = choices_enum
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices_enum", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [part for part in (value or "").split("|") if part]

    def get_prep_value(self, value):
        if isinstance(value, list | tuple):
            return f"|{'|'.join(value)}|" if value else ""
        return value  # a lookup's right-hand side, e.g. "|email|"

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if self.choices_enum is not None:
            unknown = set(value) - set(self.choices_enum.values)
            if unknown:
                raise models.ValidationError(f"Valeurs inconnues : {', '.join(sorted(unknown))}.")

    def value_to_string(self, obj):
        return "|".join(self.value_from_object(obj))


def has_value(field: str, value: str) -> Q:
    """Rows whose ValueListField `field` holds `value`."""
    return Q(**{f"{field}__contains": f"|{value}|"})
