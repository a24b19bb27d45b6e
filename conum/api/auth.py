"""Bearer tokens of API clients (models.ApiClient) and the scope checks of the authenticated endpoints."""

from ninja.security import HttpBearer

from conum.api.errors import ApiError
from conum.api.models import ApiClient
from conum.core.roles import Role

INVALID_TOKEN = "Jeton invalide ou révoqué : demandez un nouveau jeton à l'équipe nationale."


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        client = ApiClient.from_token(token.strip())
        if client is None:
            raise ApiError(401, INVALID_TOKEN)
        client.touch()
        return client


token_auth = TokenAuth()


def require_scope(request, scope: str) -> ApiClient:
    client = request.auth
    if not client.has_scope(scope):
        raise ApiError(403, f"Ce jeton n'a pas le droit « {scope} » : demandez-le à l'équipe nationale.")
    return client


def advisor_of(client: ApiClient):
    """The advisor whose reports the token writes: its owner must be an advisor in post (else 403)."""
    owner = client.owner
    advisor = getattr(owner, "advisor", None) if owner.role == Role.ADVISOR and owner.is_active else None
    if advisor is None:
        raise ApiError(403, "Le compte de ce jeton n'est pas celui d'un conseiller numérique.")
    if not advisor.in_post:
        raise ApiError(403, "Le conseiller de ce jeton n'est plus en poste : il ne saisit plus de comptes rendus.")
    return advisor
