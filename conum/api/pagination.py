"""Page-number pagination with one envelope: {"count", "next", "previous", "results"}."""

from urllib.parse import urlencode

from ninja import Field, Path, Schema
from pydantic import create_model

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# An identifier in a path: a positive integer the database can hold.
ID = Path(..., ge=1, le=2_147_483_647, description="Identifiant")


class PageParams(Schema):
    page: int = Field(1, ge=1, le=100_000, description="Numéro de page (à partir de 1)")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Éléments par page (100 au plus)")


def page_schema(name: str, item: type[Schema]) -> type[Schema]:
    """The page envelope of `item` rows, under its own name in the OpenAPI document (PlacePage, …)."""
    return create_model(
        name, __base__=Schema, count=(int, ...), next=(str | None, ...), previous=(str | None, ...),
        results=(list[item], ...),
    )  # fmt: skip


def _link(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(request.path) + "?" + urlencode(list(query.lists()), doseq=True)


def paginate(request, items, page: int, page_size: int, count: int | None = None, build=None) -> dict:
    """A page of `items` (a queryset or a list); `build` turns each item into its output."""
    total = count if count is not None else (items.count() if hasattr(items, "count") and not isinstance(items, list)
                                             else len(items))  # fmt: skip
    start = (page - 1) * page_size
    rows = list(items[start : start + page_size]) if start < total else []
    return {
        "count": total,
        "next": _link(request, page + 1) if start + page_size < total else None,
        "previous": _link(request, page - 1) if page > 1 else None,
        "results": [build(row) for row in rows] if build else rows,
    }
