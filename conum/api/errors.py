"""French messages for invalid API input (pydantic's are in English)."""

from ninja.errors import ValidationError

MESSAGES = {
    "missing": "ce paramètre est obligatoire",
    "string_too_short": "au moins {min_length} caractères",
    "string_too_long": "au plus {max_length} caractères",
    "int_parsing": "un nombre entier est attendu",
    "float_parsing": "un nombre est attendu",
    "greater_than_equal": "la valeur doit être au moins {ge}",
    "less_than_equal": "la valeur doit être au plus {le}",
    "greater_than": "la valeur doit être supérieure à {gt}",
    "less_than": "la valeur doit être inférieure à {lt}",
    "bool_parsing": "true ou false est attendu",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ est attendue",
    "date_parsing": "une date AAAA-MM-JJ est attendue",
    "enum": "valeur inconnue",
}


def french_detail(error: dict) -> dict:
    template = MESSAGES.get(error.get("type"), "valeur invalide")
    context = error.get("ctx") or {}
    try:
        message = template.format(**context)
    except (KeyError, IndexError):
        message = template
    location = [str(part) for part in error.get("loc", []) if part not in ("query", "body", "path", "params")]
    field = ".".join(location)
    return {"champ": field, "message": f"{field} : {message}" if field else message}


def register(api):
    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        return api.create_response(request, {"erreurs": [french_detail(e) for e in exc.errors]}, status=422)
