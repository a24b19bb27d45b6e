"""Requests carrying a NUL character (or a lone surrogate) get a 400, or the API's 422, never a 500.

PostgreSQL refuses a NUL in a text ("PostgreSQL text fields cannot contain NUL (0x00) bytes") and a lone
surrogate cannot be encoded: a view that put such a parameter in a query made a 500
(`/journal/?action=%00`). Forms already answer with a field message (Django's fields refuse NUL), so pages
keep their forms; `BadCharactersMiddleware` catches what reaches the database anyway:

- pages: when the view raises a data error (DataError, ValueError) and the request carries a bad character
  in its path or in a GET/POST parameter's name or value, the answer is a French 400 page, not a 500;
- API (/api/v1/): such a request is refused before the view with a 422 in the API's error format
  (docs/api.md), since the API has no form to show a message beside. JSON bodies are the API's to validate.
"""

import contextlib
import re

from django.db import DataError
from django.http import JsonResponse
from django.utils.deprecation import MiddlewareMixin

from .uploads import JSON_PATH_PREFIX
from .views import error_page

BAD_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
MESSAGE = "Votre demande contient un caractère non autorisé (caractère nul ou invalide)"


def bad_parameter(request) -> str | None:
    """The name of the first parameter that holds a bad character ("" for the address itself), else None."""
    if BAD_CHARACTERS.search(request.path):
        return ""
    sources = [request.GET]
    if request.method == "POST":
        # Parsed once and cached: the view reads the same data. A body that cannot be read or parsed is
        # left to Django and the view, as CsrfViewMiddleware does.
        with contextlib.suppress(Exception):
            sources += [request.POST, request.FILES]
    for source in sources:
        for name, values in source.lists():
            # An uploaded file is checked by its name: its content is the form's to validate.
            texts = [value if isinstance(value, str) else value.name or "" for value in values]
            if BAD_CHARACTERS.search(name) or any(BAD_CHARACTERS.search(text) for text in texts):
                return name
    return None


def _shown(name: str) -> str:
    return BAD_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", name)


def api_response(name: str) -> JsonResponse:
    message = "caractère nul ou invalide : retirez-le" + ("" if name else " de l'adresse")
    detail = "Les données envoyées sont invalides : corrigez les champs indiqués."
    return JsonResponse({"detail": detail, "errors": [{"field": _shown(name) or None, "message": message}]}, status=422)


def page_response(request, name: str):
    where = f" dans le paramètre « {_shown(name)} »" if name else " dans l'adresse de la page"
    return error_page(
        request,
        400,
        "Demande invalide",
        f"{MESSAGE}{where} : elle n'a pas pu être traitée.",
        "Revenez à la page précédente et saisissez de nouveau votre texte, sans le coller depuis un autre logiciel ; "
        "si vous avez suivi un lien, repartez de la page d'accueil.",
    )


class BadCharactersMiddleware(MiddlewareMixin):
    def process_request(self, request):
        if request.path.startswith(JSON_PATH_PREFIX):
            name = bad_parameter(request)
            if name is not None:
                return api_response(name)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, DataError | ValueError):
            name = bad_parameter(request)
            if name is not None:
                return page_response(request, name)
        return None
