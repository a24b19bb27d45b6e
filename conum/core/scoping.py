"""Every model that a role may see has `Model.objects.for_user(user)`.

Views fetch through it, so an object outside the user's scope is simply not found
(404), never shown. A queryset class says what each role sees by defining a method
named `for_<role>` (for_national_staff, for_prefecture_agent, …); a role without a
method sees nothing.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404


class ScopedQuerySet:
    """Mixin for QuerySet classes."""

    def for_user(self, user):
        if not (user.is_authenticated and user.is_active):
            return self.none()
        scope = getattr(self, f"for_{user.role}", None)
        return scope(user) if scope else self.none()


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
