"""One error format for every API answer that is not a success, with French messages.

    {"detail": "<what went wrong, in French>", "errors": [{"field": "<name or null>", "message": "…"}]}

for 400 (a body that is not JSON), 401, 403, 404, 405, 413 (conum.core.uploads), 422, 429, 500 and 503 (the
database cannot be reached; 429 and 503 carry a Retry-After header). Invalid parameters or bodies (pydantic's
messages are English) are translated here. A write refused by the programme's rules (RuleViolation, and
InvalidInput with every message by field) is a 422 with the form's very messages. No error of the API is ever
an HTML page.
"""

import logging

from django.http import Http404
from ninja import Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError

from conum.core import availability
from conum.core.errors import RuleViolation
from conum.core.inputs import InvalidInput

logger = logging.getLogger(__name__)

MESSAGES = {
    "missing": "ce paramètre est obligatoire",
    "string_too_short": "au moins {min_length} caractères",
    "string_too_long": "au plus {max_length} caractères",
    "string_type": "un texte est attendu",
    "string_pattern_mismatch": "format invalide",
    "int_parsing": "un nombre entier est attendu",
    "int_type": "un nombre entier est attendu",
    "int_from_float": "un nombre entier est attendu",
    "float_parsing": "un nombre est attendu",
    "float_type": "un nombre est attendu",
    "finite_number": "un nombre fini est attendu",
    "greater_than_equal": "la valeur doit être au moins {ge}",
    "less_than_equal": "la valeur doit être au plus {le}",
    "greater_than": "la valeur doit être supérieure à {gt}",
    "less_than": "la valeur doit être inférieure à {lt}",
    "bool_parsing": "true ou false est attendu",
    "bool_type": "true ou false est attendu",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ est attendue",
    "date_parsing": "une date AAAA-MM-JJ est attendue",
    "date_type": "une date AAAA-MM-JJ est attendue",
    "list_type": "une liste est attendue",
    "model_attributes_type": "un objet JSON est attendu",
    "dict_type": "un objet JSON est attendu",
    "json_invalid": "le corps de la requête n'est pas du JSON valide",
    "enum": "valeur inconnue",
    "literal_error": "valeur inconnue",
}
INVALID = "Les données envoyées sont invalides : corrigez les champs indiqués."
MESSAGES_BY_STATUS = {
    400: "Le corps de la requête n'est pas du JSON valide.",  # ninja's only 400: a body it cannot parse
    401: "Authentification requise : envoyez un jeton dans l'en-tête « Authorization: Bearer <jeton> ».",
    403: "Ce jeton n'a pas le droit de faire cette opération.",
    404: "Ressource introuvable.",
    405: "Méthode non autorisée sur cette adresse.",
    429: "Trop de requêtes : patientez avant de réessayer.",
    500: "Erreur inattendue : réessayez un peu plus tard. Si elle se reproduit, signalez-la.",
}


class FieldError(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError]


def documented(*statuses: int) -> dict:
    """The error answers of an operation, for its `response=` (the OpenAPI documentation)."""
    return dict.fromkeys(statuses, ErrorOut)


def french_detail(error: dict) -> dict:
    template = MESSAGES.get(error.get("type"), "valeur invalide")
    context = error.get("ctx") or {}
    try:
        message = template.format(**context)
    except (KeyError, IndexError):
        message = template
    location = [
        str(part) for part in error.get("loc", []) if part not in ("query", "body", "path", "params", "payload")
    ]
    field = ".".join(location)
    return {"field": field or None, "message": f"{field} : {message}" if field else message}


def error_body(detail: str, errors: list[dict] | None = None) -> dict:
    return {"detail": detail, "errors": errors or []}


def _refusal_body(refusal: RuleViolation) -> dict:
    """A write refused by its rules: its first message, and for a typed input every message with its field."""
    errors = []
    if isinstance(refusal, InvalidInput):
        errors = [
            {"field": key, "message": message} for key, messages in refusal.errors.items() for message in messages
        ]
    return error_body(str(refusal), errors)


class ApiError(HttpError):
    """An HTTP error whose French message (and optional field errors) become the answer's body."""

    def __init__(self, status_code: int, message: str, errors: list[dict] | None = None):
        super().__init__(status_code, message)
        self.errors = errors or []


def register(api):
    from conum.api.ratelimit import retry_after

    bearer = {"WWW-Authenticate": "Bearer"}

    def answer(request, status: int, body: dict | None = None, headers: dict | None = None):
        """The error response: `body`, else the status's own message; with `headers`."""
        response = api.create_response(request, body or error_body(MESSAGES_BY_STATUS[status]), status=status)
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        return answer(request, 422, error_body(INVALID, [french_detail(e) for e in exc.errors]))

    @api.exception_handler(RuleViolation)
    def rule_violation(request, exc):
        return answer(request, 422, _refusal_body(exc))

    @api.exception_handler(AuthenticationError)
    def authentication_error(request, exc):
        return answer(request, 401, headers=bearer)

    @api.exception_handler(AuthorizationError)
    def authorization_error(request, exc):
        return answer(request, 403)

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return answer(request, 429, headers={"Retry-After": str(retry_after(request))})

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return answer(request, 404)

    @api.exception_handler(Exception)
    def unexpected_error(request, exc):
        if availability.database_down(exc):
            logger.error("API: database unavailable (%s %s): %s", request.method, request.path, exc)
            retry = {"Retry-After": str(availability.RETRY_AFTER_SECONDS)}
            return answer(request, 503, error_body(availability.MESSAGE), retry)
        logger.exception("API: unexpected error (%s %s)", request.method, request.path)
        return answer(request, 500)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if isinstance(exc, ApiError):
            body = error_body(exc.message, exc.errors)
        else:  # ninja's own (English) messages: parsing errors, method not allowed…
            body = error_body(MESSAGES_BY_STATUS.get(exc.status_code, "Requête invalide."))
        return answer(request, exc.status_code, body, bearer if exc.status_code == 401 else None)
