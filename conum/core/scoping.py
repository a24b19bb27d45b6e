"""Every model that a role may see has `Model.objects.for_user(user)`.

Views fetch through it, so an object outside the user's scope is simply not found
(404), never shown. A queryset class says what each role sees by defining a method
named `for_<role>` (for_national_staff, for_prefecture_agent, …); a role without a
method (or whose method is set to None) sees nothing.

Rows that hang from a host structure declare the path to it (and to their advisor, if
any) on `StructureScopedQuerySet`, which gives the same scope to every such model.
"""

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404


class ScopedQuerySet:
    """Mixin for QuerySet classes."""

    def for_user(self, user):
        if not (user.is_authenticated and user.is_active):
            return self.none()
        scope = getattr(self, f"for_{user.role}", None)
        return scope(user) if scope else self.none()


def _join(path: str, name: str) -> str:
    return f"{path}__{name}" if path else name


def _crosses_many(model, path: str) -> bool:
    """Whether the lookup path goes through a to-many relation (the rows it filters may then repeat)."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


class StructureScopedQuerySet(ScopedQuerySet, models.QuerySet):
    """Rows of a host structure: the national team sees all of them, a prefecture those of its départements,
    a structure's members those of their structures, an advisor its own (when `advisor_path` is set).

    `structure_path` leads to the structure ("": the rows are structures); `advisor_path` to the advisor or
    advisors ("": the rows are advisors; None: advisors see none of these rows).
    """

    structure_path = ""
    advisor_path: str | None = None

    def for_national_staff(self, user):
        return self

    def for_prefecture_agent(self, user):
        return self.filter(**{_join(self.structure_path, "departement__in"): user.departement_codes})

    def for_structure_manager(self, user):
        return self.filter(**{_join(self.structure_path, "memberships__user"): user})

    def for_advisor(self, user):
        if self.advisor_path is None:
            return self.none()
        rows = self.filter(**{_join(self.advisor_path, "user"): user})
        return rows.distinct() if self.advisor_path and _crosses_many(self.model, self.advisor_path) else rows


def get_for_user_or_404(queryset, user, **lookup):
    return get_object_or_404(queryset.for_user(user), **lookup)


def id_or_404(value) -> int:
    """A row id taken from a request parameter (GET or POST): anything but a plausible id is a 404."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**31:
        raise Http404
    return number
