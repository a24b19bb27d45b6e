"""django-axes counts failures per typed username: count them per normalised e-mail,
so that "Alice@X.fr" and "alice@x.fr" share one counter."""

from .models import normalize_email


def username_from_request(request, credentials):
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_email(username)
