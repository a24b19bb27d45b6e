"""ProConnect sign-in, end to end against a real OpenID provider on 127.0.0.1 (tests/accounts/oidc_provider:
django-oauth-toolkit in a subprocess): Conum's pages through the Django test client, the provider's through
`requests`, the server-to-server calls (token, keys, user info) for real."""

import os
import socket
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django_otp.plugins.otp_totp.models import TOTPDevice

from conum.accounts import proconnect
from conum.accounts.models import User
from conum.accounts.proconnect_models import ProConnectDevice
from tests.factories import UserFactory
from tests.helpers import totp_device

from .oidc_provider.run import CLIENT_ID, CLIENT_SECRET, running_provider, sign_in_at_provider

START, CALLBACK, LOGOUT_BACK = (
    "/compte/proconnect/connexion/",
    "/compte/proconnect/retour/",
    "/compte/proconnect/deconnexion/",
)
PASSWORD = "mot-de-passe-chez-le-fournisseur"
SITE_URL = "http://127.0.0.1:8000"  # the settings' default, which the tests keep
# The provider's accounts. ProConnect's e-mail may differ in case from the one Conum has.
ADVISOR = "Camille.Conseillere@Exemple.fr"
STAFF_MFA, STAFF_PASSWORD_ONLY = "agent.mfa@anct.gouv.fr", "agent.motdepasse@anct.gouv.fr"
UNKNOWN, DEACTIVATED, CANDIDATE, UNVERIFIED = (
    "inconnu@exemple.fr",
    "ancien@exemple.fr",
    "candidat@exemple.fr",
    "non-verifie@exemple.fr",
)
PROVIDER_USERS = [
    {"email": ADVISOR, "password": PASSWORD},
    {"email": STAFF_MFA, "password": PASSWORD, "mfa": True},
    {"email": STAFF_PASSWORD_ONLY, "password": PASSWORD},
    {"email": UNKNOWN, "password": PASSWORD},
    {"email": DEACTIVATED, "password": PASSWORD},
    {"email": CANDIDATE, "password": PASSWORD},
    {"email": UNVERIFIED, "password": PASSWORD, "email_verified": False},
]


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with running_provider(
        tmp_path_factory.mktemp("oidc-provider"), PROVIDER_USERS, SITE_URL + CALLBACK, SITE_URL + LOGOUT_BACK
    ) as running:
        yield running


@pytest.fixture
def proconnect_on(provider, settings, db):
    settings.SITE_URL = SITE_URL
    settings.PROCONNECT_CLIENT_ID, settings.PROCONNECT_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.PROCONNECT_DISCOVERY_URL = provider.discovery_url
    return provider


@pytest.fixture
def advisor_account(db):
    return UserFactory(advisor=True, email=ADVISOR.lower())


def authorize_url(client, next_url=""):
    response = client.get(START, {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response.url


def proconnect_sign_in(client, email, next_url="", browser=None):
    """The whole journey: Conum's button, the provider's login form, back to Conum. Conum's last response."""
    browser = browser or requests.Session()
    callback = sign_in_at_provider(browser, authorize_url(client, next_url), email, PASSWORD, SITE_URL + CALLBACK)
    return client.get(callback.removeprefix(SITE_URL))


def messages_of(client, response):
    """The messages the redirect's page shows (which uses them up)."""
    page = client.get(response.url)
    return [str(message) for message in page.context["messages"]]


def signed_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def test_a_linked_account_signs_in_by_its_email_whatever_the_case(client, proconnect_on, advisor_account):
    accounts = User.objects.count()
    response = proconnect_sign_in(client, ADVISOR, next_url="/compte/mot-de-passe/")
    assert response.status_code == 302 and response.url == "/compte/mot-de-passe/"
    assert signed_in_user(client) == advisor_account
    assert client.get("/compte/").status_code == 200
    assert User.objects.count() == accounts


def test_the_authorization_request_asks_for_the_mfa_level_and_proconnect_scopes(client, proconnect_on):
    query = parse_qs(urlsplit(authorize_url(client)).query)
    assert query["scope"] == ["openid email given_name usual_name uid"]
    assert query["redirect_uri"] == [SITE_URL + CALLBACK] and query["client_id"] == [CLIENT_ID]
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert '"acr":{"essential":false,"values":["eidas2",' in query["claims"][0]
    assert '"amr":{"essential":true}' in query["claims"][0]
    assert "code_challenge" not in query  # ProConnect refuses any parameter it does not document


def test_a_provider_answering_json_user_info_works_too(client, provider, settings, advisor_account):
    settings.SITE_URL = SITE_URL
    settings.PROCONNECT_CLIENT_ID, settings.PROCONNECT_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.PROCONNECT_DISCOVERY_URL = provider.plain_discovery_url
    response = proconnect_sign_in(client, ADVISOR)
    assert response.status_code == 302 and response.url == "/compte/"
    assert signed_in_user(client) == advisor_account


def test_an_unknown_email_is_refused_and_nothing_is_created(client, proconnect_on, advisor_account):
    accounts = User.objects.count()
    response = proconnect_sign_in(client, UNKNOWN)
    assert response.status_code == 302 and response.url == "/compte/connexion/"
    [message] = messages_of(client, response)
    assert "Aucun compte Conum ouvert à la connexion ProConnect" in message and UNKNOWN in message
    assert "demandez à l'administrateur" in message
    assert User.objects.count() == accounts and not User.objects.filter(email=UNKNOWN).exists()
    assert signed_in_user(client) is None


@pytest.mark.parametrize(
    "email, account",
    [(DEACTIVATED, {"advisor": True, "is_active": False}), (CANDIDATE, {"candidate": True})],
    ids=["deactivated", "candidate"],
)
def test_a_deactivated_account_or_a_role_proconnect_does_not_serve_gets_the_unknown_answer(
    client, proconnect_on, db, email, account
):
    user = UserFactory(email=email, **account)
    response = proconnect_sign_in(client, email)
    assert response.status_code == 302 and response.url == "/compte/connexion/"
    # The same sentence as for an address without account: nothing more is told.
    assert messages_of(client, response) == [proconnect.NO_ACCOUNT.format(email=email)]
    assert signed_in_user(client) is None
    user.refresh_from_db()
    assert user.last_login is None


def test_an_email_the_provider_says_is_unverified_is_refused(client, proconnect_on, db):
    UserFactory(advisor=True, email=UNVERIFIED)
    response = proconnect_sign_in(client, UNVERIFIED)
    assert messages_of(client, response) == [proconnect.NO_EMAIL]
    assert signed_in_user(client) is None


def test_a_state_that_does_not_match_is_refused_with_a_message(client, proconnect_on, advisor_account):
    callback = sign_in_at_provider(requests.Session(), authorize_url(client), ADVISOR, PASSWORD, SITE_URL + CALLBACK)
    forged = callback.removeprefix(SITE_URL).replace("state=", "state=forged", 1)
    response = client.get(forged)
    assert response.status_code == 302 and response.url == "/compte/connexion/"
    assert messages_of(client, response) == [proconnect.EXPIRED]
    assert signed_in_user(client) is None
    # The pending sign-in is spent: the genuine return does not work afterwards either.
    assert messages_of(client, client.get(callback.removeprefix(SITE_URL))) == [proconnect.EXPIRED]
    assert signed_in_user(client) is None


def test_a_return_without_a_started_sign_in_or_with_an_error_is_refused(client, proconnect_on):
    response = client.get(CALLBACK, {"code": "x", "state": "y"})
    assert response.status_code == 302 and messages_of(client, response) == [proconnect.EXPIRED]
    state = parse_qs(urlsplit(authorize_url(client)).query)["state"][0]
    response = client.get(CALLBACK, {"error": "access_denied", "state": state})
    assert response.status_code == 302 and messages_of(client, response) == [proconnect.FAILED]
    assert signed_in_user(client) is None


def test_staff_signed_in_with_two_factors_at_proconnect_skip_the_totp_step(client, proconnect_on, db):
    staff = UserFactory(national_staff=True, email=STAFF_MFA)
    proconnect_sign_in(client, STAFF_MFA)
    assert signed_in_user(client) == staff
    assert client.get("/compte/").status_code == 200
    assert client.get("/compte/equipe/").status_code == 200
    assert not TOTPDevice.objects.filter(user=staff).exists()
    client.post("/compte/deconnexion/")
    proconnect_sign_in(client, STAFF_MFA)
    assert client.get("/compte/equipe/").status_code == 200
    assert ProConnectDevice.objects.filter(user=staff).count() == 1  # one device, whatever the sign-ins


def test_mfa_in_amr_alone_is_enough_and_no_acr_is_asked_without_values(client, proconnect_on, settings):
    settings.PROCONNECT_MFA_ACR_VALUES = []
    assert parse_qs(urlsplit(authorize_url(client)).query)["claims"] == ['{"id_token":{"amr":{"essential":true}}}']
    staff = UserFactory(national_staff=True, email=STAFF_MFA)
    proconnect_sign_in(client, STAFF_MFA)  # the provider answers acr "eidas2", amr ["pwd", "totp", "mfa"]
    assert signed_in_user(client) == staff and client.get("/compte/equipe/").status_code == 200


def test_staff_signed_in_with_a_password_at_proconnect_still_give_conums_code(client, proconnect_on, db):
    staff = UserFactory(national_staff=True, email=STAFF_PASSWORD_ONLY)
    totp_device(staff)
    proconnect_sign_in(client, STAFF_PASSWORD_ONLY)
    assert signed_in_user(client) == staff
    response = client.get("/compte/equipe/")
    assert response.status_code == 302 and response.url.startswith("/compte/double-authentification/?next=")
    # Without an authenticator yet: its set-up, as after a password.
    TOTPDevice.objects.filter(user=staff).delete()
    assert client.get("/compte/").url.startswith("/compte/double-authentification/activation/")
    assert not ProConnectDevice.objects.exists()


def test_the_mfa_device_verifies_no_code(db):
    device = ProConnectDevice.objects.create(user=UserFactory(national_staff=True), name="ProConnect")
    assert device.verify_token("123456") is False and device.verify_token("") is False


def test_logout_ends_the_proconnect_session_at_the_provider(client, proconnect_on, advisor_account):
    browser = requests.Session()
    proconnect_sign_in(client, ADVISOR, browser=browser)
    id_token = client.session[proconnect.ID_TOKEN_KEY]
    response = client.post("/compte/deconnexion/")
    assert signed_in_user(client) is None
    end_session = urlsplit(response.url)
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == f"{proconnect_on.url}/o/logout/"
    query = parse_qs(end_session.query)
    assert query["id_token_hint"] == [id_token] and query["post_logout_redirect_uri"] == [SITE_URL + LOGOUT_BACK]
    # The provider ends its session and sends the browser back with the state.
    back = browser.get(response.url, allow_redirects=False, timeout=10)
    assert back.status_code == 302 and back.headers["Location"].startswith(SITE_URL + LOGOUT_BACK + "?state=")
    response = client.get(back.headers["Location"].removeprefix(SITE_URL))
    assert response.status_code == 302 and response.url == "/"
    assert messages_of(client, response) == ["Vous êtes déconnecté(e) de Conum et de ProConnect."]
    # The next sign-in asks for the provider's password again: its session is over.
    again = browser.get(authorize_url(client), allow_redirects=False, timeout=10)
    assert again.status_code == 302 and urlsplit(again.headers["Location"]).path == "/login/"


def test_a_password_session_logs_out_at_conum_only(client, proconnect_on, advisor_account):
    client.force_login(advisor_account)
    response = client.post("/compte/deconnexion/")
    assert response.status_code == 302 and response.url == "/"
    assert signed_in_user(client) is None


def test_the_login_page_shows_the_proconnect_button_without_outside_assets(client, proconnect_on):
    page = client.get("/compte/connexion/?next=/compte/equipe/").content.decode()
    assert 'class="fr-connect conum-proconnect" href="/compte/proconnect/connexion/?next=/compte/equipe/"' in page
    assert "S’identifier avec</span>" in page and '<span class="fr-connect__brand">ProConnect</span>' in page
    assert ">Qu’est-ce que ProConnect ?</a>" in page and 'href="https://www.proconnect.gouv.fr/"' in page
    assert 'src="http' not in page and "/static/accounts/proconnect.css" in page


def test_a_provider_that_does_not_answer_leaves_the_password_form(client, proconnect_on, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.PROCONNECT_DISCOVERY_URL = f"http://127.0.0.1:{port}/.well-known/openid-configuration"
    response = client.get(START)
    assert response.status_code == 302 and response.url == "/compte/connexion/"
    assert messages_of(client, response) == [proconnect.UNAVAILABLE]


def test_off_when_unset_no_button_and_its_pages_are_404(client, settings, db):
    settings.PROCONNECT_CLIENT_ID = settings.PROCONNECT_CLIENT_SECRET = settings.PROCONNECT_DISCOVERY_URL = ""
    assert "ProConnect" not in client.get("/compte/connexion/").content.decode()
    for url in (START, CALLBACK, LOGOUT_BACK):
        assert client.get(url).status_code == 404, url


def test_a_return_with_a_non_ascii_state_is_refused_without_error(client, proconnect_on):
    authorize_url(client)
    response = client.get(CALLBACK, {"code": "x", "state": "é" * 40})
    assert response.status_code == 302 and messages_of(client, response) == [proconnect.EXPIRED]


def forged_id_token(provider, key=None, **changes):
    """An id_token as the provider would sign it (its own key, unless `key`), with `changes` to its claims."""
    kid = requests.get(f"{provider.url}/o/.well-known/jwks.json", timeout=10).json()["keys"][0]["kid"]
    now = int(time.time())
    claims = {"iss": f"{provider.url}/o", "aud": CLIENT_ID, "sub": "1", "iat": now, "exp": now + 60, "nonce": "n" * 32}
    claims = {name: value for name, value in (claims | changes).items() if value is not None}
    return jwt.encode(claims, key or provider.private_key, algorithm="RS256", headers={"kid": kid})


def test_an_id_token_signed_by_the_provider_for_this_client_and_sign_in_is_accepted(proconnect_on):
    claims = proconnect.verify_id_token(forged_id_token(proconnect_on, acr="eidas2"), "n" * 32)
    assert claims["sub"] == "1" and proconnect.gave_second_factor(claims)


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": "another-client"},
        {"iss": "http://127.0.0.1:1/o"},
        {"nonce": "another-sign-in-nonce-0123456789abcdef"},
        {"nonce": None},
        {"exp": int(time.time()) - 3600},
        {"key": rsa.generate_private_key(public_exponent=65537, key_size=2048)},
    ],
    ids=["audience", "issuer", "nonce", "no-nonce", "expired", "other-key"],
)
def test_an_id_token_not_meant_for_this_sign_in_is_refused(proconnect_on, changes):
    token = forged_id_token(proconnect_on, **changes)
    with pytest.raises(proconnect.ProConnectError, match="n'a pas abouti"):
        proconnect.verify_id_token(token, "n" * 32)


def test_an_unsigned_or_secret_signed_id_token_is_refused(proconnect_on):
    now = int(time.time())
    claims = {"iss": f"{proconnect_on.url}/o", "aud": CLIENT_ID, "sub": "1", "iat": now, "exp": now + 60, "nonce": "n"}
    for token in (jwt.encode(claims, None, algorithm="none"), jwt.encode(claims, CLIENT_SECRET * 2, algorithm="HS256")):
        with pytest.raises(proconnect.ProConnectError):
            proconnect.verify_id_token(token, "n")


def test_settings_refuse_a_partial_proconnect_configuration(tmp_path):
    env = {name: value for name, value in os.environ.items() if not name.startswith("PROCONNECT_")}
    env |= {"PROCONNECT_CLIENT_ID": "conum", "CONUM_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import conum.settings"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "unset: PROCONNECT_CLIENT_SECRET, PROCONNECT_DISCOVERY_URL" in result.stderr
