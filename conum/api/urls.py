from functools import wraps

from django.http import JsonResponse
from django.urls import URLPattern
from ninja import NinjaAPI

from conum.api import errors
from conum.api.places import router as places_router
from conum.api.ratelimit import ApiRateLimit
from conum.api.reports import router as reports_router
from conum.api.statistics import router as statistics_router
from conum.api.territories import router as territories_router
from conum.api.workshops import router as workshops_router


def _json_not_allowed(view):
    """django-ninja answers an unsupported method in plain text: answer it in the API's error format."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            response = JsonResponse(errors.error_body(errors.MESSAGES_BY_STATUS[405]), status=405)
            response["Allow"] = allowed
        return response

    return wrapper


class ConumAPI(NinjaAPI):
    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_not_allowed(pattern.callback)
        return patterns, app_name, namespace


api = ConumAPI(
    title="API Conum",
    version="1",
    description=(
        "API publique du programme Conseiller numérique France Services : lieux d'activité (schéma national des "
        "lieux de médiation numérique), ateliers à venir, statistiques publiques ; comptes rendus d'activité d'un "
        "conseiller avec un jeton (`Authorization: Bearer <jeton>`). Erreurs : "
        '`{"detail": "…", "errors": [{"field": …, "message": …}]}`. Voir docs/api.md.'
    ),
    urls_namespace="api",
    throttle=[ApiRateLimit()],
)
api.add_router("/", territories_router)
api.add_router("/", places_router)
api.add_router("/", workshops_router)
api.add_router("/", statistics_router)
api.add_router("/", reports_router)
errors.register(api)
