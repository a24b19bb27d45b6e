"""The claims ProConnect gives (documented: email, given_name, usual_name, uid, acr, amr), from the profiles serve.py
was given for each test user."""

import json
import os

from jwcrypto import jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

PROFILES = {profile["email"].lower(): profile for profile in json.loads(os.environ.get("OIDC_PROVIDER_USERS", "[]"))}


class ProConnectLikeValidator(OAuth2Validator):
    oidc_claim_scope = OAuth2Validator.oidc_claim_scope | {
        "usual_name": "usual_name",
        "uid": "uid",
        "given_name": "given_name",
        "acr": "openid",
        "amr": "openid",
    }

    def get_additional_claims(self, request):
        profile = PROFILES[request.user.username.lower()]
        claims = {
            "email": profile["email"],
            "given_name": profile.get("given_name", "Camille"),
            "usual_name": profile.get("usual_name", "Martin"),
            "uid": str(request.user.pk),
            # The level of the identity provider's sign-in: two factors or a password.
            "acr": "eidas2" if profile.get("mfa") else "eidas1",
            "amr": ["pwd", "totp", "mfa"] if profile.get("mfa") else ["pwd"],
        }
        if "email_verified" in profile:
            claims["email_verified"] = profile["email_verified"]
        return claims

    def get_userinfo_claims(self, request):
        claims = super().get_userinfo_claims(request)
        if "/proconnect/" not in request.uri:
            return claims
        # ProConnect signs the user info (oauthlib answers a str as application/jwt).
        key = request.client.jwk_key
        claims |= {"iss": self.get_oidc_issuer_endpoint(request), "aud": request.client.client_id}
        token = jwt.JWT(header={"alg": "RS256", "kid": key.thumbprint()}, claims=claims)
        token.make_signed_token(key)
        return token.serialize()
