"""Permission checks built on roles: views restrict themselves with @role_required."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def has_role(user, *roles) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "role", None) in roles)


def role_required(*roles):
    """View decorator: anonymous people go to the login page, other roles get a 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
