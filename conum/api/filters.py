"""The list endpoints' query filters: each one that is set narrows the rows; a period ends after it starts."""

from datetime import UTC, datetime

from django.db.models import Q
from django.utils import timezone
from ninja import Field

from conum.api.errors import ApiError

# Incremental sync: rows changed at or after this moment (parsed by `since`, for a French message).
MODIFIED_SINCE = Field(
    None, max_length=40, json_schema_extra={"format": "date-time"},
    description="Seulement ce qui a changé depuis ce moment (ISO 8601, ex. 2026-11-01T00:00:00Z ; sans fuseau : "
                "heure de Paris), retraits compris",
)  # fmt: skip
BAD_MOMENT = "modified_since : une date et heure ISO 8601 est attendue, par exemple 2026-11-01T00:00:00Z"


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


def since(value: str | None) -> datetime | None:
    """The moment of a `modified_since` parameter, in UTC; a naive one is Paris time. Else a 422."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().upper())
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(UTC)  # out of range near year 1 or 9999: OverflowError
    except (ValueError, OverflowError):
        raise ApiError(422, BAD_MOMENT, [{"field": "modified_since", "message": BAD_MOMENT}]) from None
