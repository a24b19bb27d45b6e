"""The national team's API client pages: access, the token shown once and stored hashed, revocation."""

import hashlib
import re

import pytest

from conum.api.models import ApiClient
from conum.core.models import Journal
from tests.helpers import PERSONAS, page_text, statuses_by_persona

URL = "/api/clients/"


NATIONAL_ONLY = dict.fromkeys(PERSONAS, 403) | {"anonymous": 302, "national_staff": 200}
PUBLIC = dict.fromkeys(PERSONAS, 200)
# The API's session-less answers: a signed-in person without a token is anonymous to the API.
MATRIX = [
    (URL, NATIONAL_ONLY),
    ("/api/v1/places", PUBLIC),
    ("/api/v1/workshops", PUBLIC),
    ("/api/v1/statistics/national", PUBLIC),
    ("/api/v1/statistics/departements/87", PUBLIC),
    ("/api/v1/docs", PUBLIC),
    ("/api/v1/reports", dict.fromkeys(PERSONAS, 401)),
]


@pytest.mark.parametrize("url, expected", MATRIX, ids=[url for url, _ in MATRIX])
def test_permission_matrix(client, request, programme, url, expected):
    assert statuses_by_persona(client, request, url) == expected


@pytest.mark.parametrize("persona", ["advisor", "structure_manager", "prefecture_agent", "candidate"])
def test_only_national_staff_create_or_revoke(client, request, persona, national_staff, advisor):
    from conum.api.clients import services as clients

    stored, _token = clients.create_client(national_staff, "X", advisor, ["reports:read"])
    client.force_login(request.getfixturevalue(persona))
    assert client.post(URL, {"name": "x"}).status_code == 403
    assert client.post(f"{URL}{stored.pk}/revoquer/").status_code == 403
    stored.refresh_from_db()
    assert stored.revoked_at is None and ApiClient.objects.count() == 1


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "next=/api/clients/" in response.url


def test_create_shows_the_token_once_and_stores_its_hash(client, national_staff, advisor):
    client.force_login(national_staff)
    assert "Aucun client" in page_text(client.get(URL))
    response = client.post(URL, {"name": "Logiciel X", "owner_email": advisor.email.upper(),
                                 "scopes": ["reports:read", "reports:write"]})  # fmt: skip
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = re.search(r'<code id="api-token">([^<]+)</code>', response.content.decode()).group(1)
    stored = ApiClient.objects.get()
    assert (stored.owner, stored.scopes, stored.created_by) == (advisor, ["reports:read", "reports:write"],
                                                                national_staff)  # fmt: skip
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ApiClient.objects.values().get())
    assert Journal.objects.filter(action="api.client_created", object_id=str(stored.pk)).exists()
    listing = page_text(client.get(URL))
    assert "Logiciel X" in listing and token not in listing and stored.prefix in listing
    # The token works.
    assert client.get("/api/v1/reports", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200

    response = client.post(f"{URL}{stored.pk}/revoquer/")
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.revoked_at is not None
    assert Journal.objects.filter(action="api.client_revoked").exists()
    assert client.get("/api/v1/reports", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    # Revoking twice says so.
    assert "déjà révoqué" in page_text(client.post(f"{URL}{stored.pk}/revoquer/", follow=True))


@pytest.mark.parametrize(
    "post, message",
    [
        ({"name": "", "owner_email": "conseiller@exemple.fr", "scopes": ["reports:read"]}, "Indiquez le nom"),
        ({"name": "X", "owner_email": "inconnu@exemple.fr", "scopes": ["reports:read"]}, "Aucun compte actif"),
        ({"name": "X", "owner_email": "national@anct.example", "scopes": ["reports:read"]}, "Aucun compte actif"),
        ({"name": "X", "owner_email": "conseiller@exemple.fr", "scopes": []}, "au moins un droit"),
        ({"name": "X", "owner_email": "conseiller@exemple.fr", "scopes": ["admin"]}, "Droit inconnu"),
        ({"name": "X" * 101, "owner_email": "conseiller@exemple.fr", "scopes": ["reports:read"]}, "100 caractères"),
    ],
)
def test_bad_input(client, national_staff, advisor, post, message):
    client.force_login(national_staff)
    response = client.post(URL, post)
    assert response.status_code == 200 and message in page_text(response)
    assert not ApiClient.objects.exists()


def test_revoke_needs_post_and_an_existing_client(client, national_staff):
    client.force_login(national_staff)
    assert client.get(f"{URL}1/revoquer/").status_code == 405
    assert client.post(f"{URL}999/revoquer/").status_code == 404
