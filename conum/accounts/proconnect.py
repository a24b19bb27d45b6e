"""ProConnect sign-in: OpenID Connect's authorization code flow, as ProConnect documents it for service providers.

A thin client on `requests` and PyJWT rather than mozilla-django-oidc: that library does not read the discovery
document, skips the id_token's audience check, turns a wrong `state` into a bare 400 and a refusal into a silent
redirect, and its backend would create accounts unless told otherwise. Here every refusal is a French sentence.

- Off unless PROCONNECT_CLIENT_ID, PROCONNECT_CLIENT_SECRET and PROCONNECT_DISCOVERY_URL are set (settings.py
  refuses a partial set); the endpoints and keys come from the discovery document, cached.
- A sign-in never creates an account: the verified e-mail (case-insensitive) must be an active Conum account of
  a role ProConnect serves; roles stay Conum's.
- Staff: an `acr` in PROCONNECT_MFA_ACR_VALUES or "mfa" in `amr` counts as Conum's second factor
  (proconnect_models.ProConnectDevice); otherwise SecondFactorMiddleware asks for the TOTP code as usual.
"""

import json
import logging
import secrets
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import login
from django.core.cache import cache
from django.urls import reverse
from django_otp import login as otp_login

from conum.core.roles import Role

from .models import User, normalize_email
from .proconnect_models import ProConnectDevice

logger = logging.getLogger(__name__)

# The claims Conum reads; ProConnect refuses unknown scopes, these are its documented ones.
SCOPES = "openid email given_name usual_name uid"
# Who may sign in with ProConnect: State agents, advisors and coordinators. Candidates and structures keep the password.
ROLES = frozenset({Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT, Role.ADVISOR, Role.COORDINATOR})
SIGNING_ALGORITHMS = ["RS256", "ES256"]
# Session keys: the pending sign-in (state, nonce, next), the id_token (for the logout), the pending logout's state.
FLOW_KEY, ID_TOKEN_KEY, LOGOUT_STATE_KEY = "proconnect_flow", "proconnect_id_token", "proconnect_logout_state"
CACHE_SECONDS = 60 * 60

UNAVAILABLE = (
    "ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec votre adresse "
    "e-mail et votre mot de passe Conum."
)
FAILED = (
    "La connexion avec ProConnect n'a pas abouti. Recommencez, ou connectez-vous avec votre adresse e-mail et "
    "votre mot de passe Conum."
)
EXPIRED = (
    "Cette connexion avec ProConnect a expiré ou a été commencée dans un autre onglet : cliquez de nouveau sur "
    "« S'identifier avec ProConnect »."
)
NO_EMAIL = (
    "ProConnect n'a pas transmis d'adresse e-mail vérifiée : connectez-vous avec votre adresse e-mail et votre mot "
    "de passe Conum."
)
# One message whether the address has no account, a deactivated one or one of a role ProConnect does not serve:
# the person proved the address is theirs, but the page tells no more than "not open to ProConnect here".
NO_ACCOUNT = (
    "Aucun compte Conum ouvert à la connexion ProConnect ne correspond à l'adresse {email}. ProConnect ne crée pas "
    "de compte : demandez à l'administrateur de Conum dans votre organisation (équipe nationale, préfecture ou "
    "structure) de vous inviter avec cette adresse. Si vous avez déjà un compte Conum, connectez-vous avec votre "
    "adresse e-mail et votre mot de passe."
)


def matches(expected, given) -> bool:
    """Whether a state or nonce came back as sent: constant-time, whatever came back (as bytes: compare_digest
    refuses non-ASCII text)."""
    return bool(expected) and secrets.compare_digest(str(expected).encode(), str(given).encode())


class ProConnectError(Exception):
    """A refused or failed sign-in; str() is the French message to show."""


def enabled() -> bool:
    return bool(settings.PROCONNECT_CLIENT_ID)


def callback_url() -> str:
    # Registered at ProConnect as is: built from SITE_URL, never from the request's Host.
    return settings.SITE_URL + reverse("accounts:proconnect_callback")


def post_logout_url() -> str:
    return settings.SITE_URL + reverse("accounts:proconnect_logout_callback")


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=settings.PROCONNECT_TIMEOUT_SECONDS)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("ProConnect: %s unreachable or unreadable: %s", url, error)
        raise ProConnectError(UNAVAILABLE) from None
    if not isinstance(data, dict):
        raise ProConnectError(UNAVAILABLE)
    return data


def metadata() -> dict:
    """The provider's discovery document (cached an hour)."""
    key = f"proconnect:metadata:{settings.PROCONNECT_DISCOVERY_URL}"
    data = cache.get(key)
    if data is None:
        data = _get_json(settings.PROCONNECT_DISCOVERY_URL)
        required = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")
        if not all(isinstance(data.get(name), str) for name in required):
            logger.warning("ProConnect: the discovery document lacks one of %s", ", ".join(required))
            raise ProConnectError(UNAVAILABLE)
        cache.set(key, data, CACHE_SECONDS)
    return data


def _signing_key(token: str) -> jwt.PyJWK:
    """The provider's key that signed `token`, by `kid`; the key set is fetched again once for an unknown `kid`
    (the provider rotated its keys)."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise ProConnectError(FAILED) from None
    if header.get("alg") not in SIGNING_ALGORITHMS:
        logger.warning("ProConnect: token signed with %r, expected one of %s", header.get("alg"), SIGNING_ALGORITHMS)
        raise ProConnectError(FAILED)
    jwks_uri = metadata()["jwks_uri"]
    key = f"proconnect:jwks:{jwks_uri}"
    for fresh in (False, True):
        keys = None if fresh else cache.get(key)
        if keys is None:
            keys = _get_json(jwks_uri).get("keys") or []
            cache.set(key, keys, CACHE_SECONDS)
        for jwk in keys:
            if jwk.get("kid") == header.get("kid") and jwk.get("alg", header["alg"]) == header["alg"]:
                try:
                    return jwt.PyJWK(jwk, algorithm=header["alg"])
                except jwt.PyJWTError:
                    break
    logger.warning("ProConnect: no key %r in the provider's key set", header.get("kid"))
    raise ProConnectError(FAILED)


def _decode(token: str, **checks) -> dict:
    key = _signing_key(token)
    try:
        return jwt.decode(token, key, algorithms=SIGNING_ALGORITHMS, leeway=30, **checks)
    except jwt.PyJWTError as error:
        logger.warning("ProConnect: token refused: %s", error)
        raise ProConnectError(FAILED) from None


def start(request, next_url: str) -> str:
    """Remember a new sign-in in the session; the provider's URL to send the browser to."""
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    request.session[FLOW_KEY] = {"state": state, "nonce": nonce, "next": next_url}
    # The MFA level is asked of everyone (who is staff is only known on return), never as essential: a sign-in
    # without it still succeeds, and the staff member then gives Conum's own code.
    claims = {"id_token": {"amr": {"essential": True}}}
    if settings.PROCONNECT_MFA_ACR_VALUES:
        claims["id_token"]["acr"] = {"essential": False, "values": list(settings.PROCONNECT_MFA_ACR_VALUES)}
    params = {
        "response_type": "code",
        "client_id": settings.PROCONNECT_CLIENT_ID,
        "redirect_uri": callback_url(),
        "scope": SCOPES,
        "state": state,
        "nonce": nonce,
        "claims": json.dumps(claims, separators=(",", ":")),
    }
    return f"{metadata()['authorization_endpoint']}?{urlencode(params)}"


def pop_flow(request, state: str) -> dict:
    """The pending sign-in whose `state` came back, removed from the session (a code is used once)."""
    flow = request.session.pop(FLOW_KEY, None)
    if not flow or not state or not matches(flow["state"], state):
        raise ProConnectError(EXPIRED)
    return flow


def exchange(code: str, nonce: str) -> tuple[str, dict, dict]:
    """The code for tokens: (id_token, its verified claims, the user info)."""
    meta = metadata()
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": callback_url(),
        "client_id": settings.PROCONNECT_CLIENT_ID,
        "client_secret": settings.PROCONNECT_CLIENT_SECRET,
    }
    try:
        response = requests.post(meta["token_endpoint"], data=data, timeout=settings.PROCONNECT_TIMEOUT_SECONDS)
        tokens = response.json() if response.ok else None
    except (requests.RequestException, ValueError) as error:
        logger.warning("ProConnect: token endpoint unreachable or unreadable: %s", error)
        raise ProConnectError(UNAVAILABLE) from None
    if not isinstance(tokens, dict) or not tokens.get("id_token") or not tokens.get("access_token"):
        logger.warning("ProConnect: token endpoint answered %s", response.status_code)
        raise ProConnectError(FAILED)
    id_token = str(tokens["id_token"])
    claims = verify_id_token(id_token, nonce)
    info = userinfo(str(tokens["access_token"]))
    if str(info.get("sub")) != str(claims["sub"]):
        logger.warning("ProConnect: user info of another subject than the id_token's")
        raise ProConnectError(FAILED)
    return id_token, claims, info


def verify_id_token(id_token: str, nonce: str) -> dict:
    """The id_token's claims, once its signature (the provider's published keys), issuer, audience (this client),
    dates and nonce (this sign-in's) are right."""
    claims = _decode(
        id_token,
        audience=settings.PROCONNECT_CLIENT_ID,
        issuer=metadata()["issuer"],
        options={"require": ["iss", "aud", "exp", "iat", "sub", "nonce"]},
    )
    if not matches(claims["nonce"], nonce):
        logger.warning("ProConnect: id_token nonce mismatch")
        raise ProConnectError(FAILED)
    return claims


def userinfo(access_token: str) -> dict:
    """The user info: a signed JWT at ProConnect (`application/jwt`), plain JSON at other providers."""
    meta = metadata()
    try:
        response = requests.get(
            meta["userinfo_endpoint"],
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=settings.PROCONNECT_TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        if response.headers.get("Content-Type", "").split(";")[0].strip().lower() == "application/jwt":
            info = _decode(response.text.strip(), options={"verify_aud": False, "verify_iss": False})
            audience = info.get("aud", settings.PROCONNECT_CLIENT_ID)
            audiences = audience if isinstance(audience, list) else [audience]
            if info.get("iss", meta["issuer"]) != meta["issuer"] or settings.PROCONNECT_CLIENT_ID not in audiences:
                logger.warning("ProConnect: user info signed for another issuer or client")
                raise ProConnectError(FAILED)
        else:
            info = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("ProConnect: user info unreachable or unreadable: %s", error)
        raise ProConnectError(UNAVAILABLE) from None
    if not isinstance(info, dict):
        raise ProConnectError(FAILED)
    return info


def account_for(info: dict) -> User:
    """The Conum account of the verified e-mail, or ProConnectError. ProConnect only passes on e-mails its
    identity providers verified; a provider that says `email_verified: false` is taken at its word."""
    email = normalize_email(info.get("email") if isinstance(info.get("email"), str) else "")
    if not email or info.get("email_verified") is False:
        raise ProConnectError(NO_EMAIL)
    user = User.objects.filter(email=email).first()
    if user is None or not user.is_active or user.role not in ROLES:
        raise ProConnectError(NO_ACCOUNT.format(email=email))
    return user


def gave_second_factor(claims: dict) -> bool:
    amr = claims.get("amr")
    return claims.get("acr") in settings.PROCONNECT_MFA_ACR_VALUES or (isinstance(amr, list) and "mfa" in amr)


def sign_in(request, user: User, id_token: str, claims: dict) -> None:
    """Open the Conum session; with ProConnect's second factor it also stands for Conum's."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[ID_TOKEN_KEY] = id_token
    if user.requires_second_factor and gave_second_factor(claims):
        device = ProConnectDevice.objects.filter(user=user).order_by("pk").first()
        otp_login(request, device or ProConnectDevice.objects.create(user=user, name="ProConnect"))


def end_session(request) -> tuple[str, str] | None:
    """(URL, state) to send the browser to, ending the ProConnect session too, for a session that came from
    ProConnect (read before the Conum session ends); None otherwise or when the provider cannot be reached (Conum's
    logout stands)."""
    id_token = request.session.get(ID_TOKEN_KEY)
    if not (enabled() and id_token):
        return None
    try:
        endpoint = metadata().get("end_session_endpoint")
    except ProConnectError:
        return None
    if not isinstance(endpoint, str) or not endpoint:
        return None
    state = secrets.token_urlsafe(32)
    params = {"id_token_hint": id_token, "state": state, "post_logout_redirect_uri": post_logout_url()}
    return f"{endpoint}?{urlencode(params)}", state
