"""The list endpoints' query filters: each one that is set narrows the rows; a period ends after it starts."""

from django.db.models import Q

from conum.api.errors import ApiError


def narrowed(rows, filters, conditions: dict):
    """`rows` narrowed by each filter that is set: {filter name: a lookup, or a function of the value giving a Q}."""
    for name, condition in conditions.items():
        value = getattr(filters, name)
        if value:
            rows = rows.filter(condition(value) if callable(condition) else Q(**{condition: value}))
    return rows


def check_period(start, end) -> None:
    if start and end and end < start:
        raise ApiError(422, "La fin de la période suit son début.",
                       [{"field": "end", "message": "end : la fin de la période suit son début"}])  # fmt: skip
