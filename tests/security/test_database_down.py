"""With the database down, open data and the API answer 503 with a clear French message, never 200 with a
truncated body; the API answers every error (413, 400, 500, 503) in its documented JSON format, never HTML.

The database is made unreachable for real through Django's connection.execute_wrapper: every query fails
with the OperationalError a refused connection gives.
"""

import json
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.api.conftest import advisor, bearer, hired_advisor, limoges_application, token  # noqa: F401  (fixtures)
from tests.helpers import page_text

OPEN_DATA = [
    "/donnees-ouvertes/lieux-de-mediation-numerique.csv",
    "/donnees-ouvertes/lieux-de-mediation-numerique.json",
    "/donnees-ouvertes/activite-par-departement-mois-type-theme.csv",
]
API = ["/api/v1/places", "/api/v1/workshops", "/api/v1/statistics/national", "/api/v1/communes?q=87200"]
UNAVAILABLE = "momentanément indisponible"


def _refuse(execute, sql, params, many, context):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@contextmanager
def database_down():
    with connection.execute_wrapper(_refuse):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*OPEN_DATA, "/chiffres-cles/"])  # files, and any page
def test_open_data_files_answer_503_when_the_database_is_down(url):
    client = Client(raise_request_exception=False)  # answered as in production, by the 500 handler
    with database_down():
        response = client.get(url)
    assert response.status_code == 503
    assert not response.streaming  # a page saying so, not the start of a file
    assert response["Content-Type"].startswith("text/html")
    assert "Retry-After" in response
    assert UNAVAILABLE in page_text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("url", OPEN_DATA)
def test_open_data_files_still_stream_when_the_database_answers(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content).decode()
    if url.endswith(".json"):
        assert json.loads(body) == []
    else:
        assert body.count("\n") == 1  # the header, no row


@pytest.mark.django_db
@pytest.mark.parametrize("url", API)
def test_api_answers_503_in_json_when_the_database_is_down(client, url):
    with database_down():
        response = client.get(url)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert "Retry-After" in response
    body = response.json()
    assert UNAVAILABLE in body["detail"] and body["errors"] == []


@pytest.mark.django_db
def test_api_unexpected_error_is_a_json_500(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("conum.api.places.paginate", broken)
    response = client.get("/api/v1/places")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": "Erreur inattendue : réessayez un peu plus tard. Si elle se reproduit, signalez-la.",
        "errors": [],
    }


def test_api_malformed_json_is_a_json_400(client, token):  # noqa: F811
    response = client.post("/api/v1/reports", '{"date": "2026-', content_type="application/json", **bearer(token))
    assert response.status_code == 400
    assert response.json() == {"detail": "Le corps de la requête n'est pas du JSON valide.", "errors": []}


@pytest.mark.django_db
def test_api_oversized_body_is_a_json_413(client):
    response = client.generic(
        "POST", "/api/v1/reports", b"{}", content_type="application/json", CONTENT_LENGTH="50000000"
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "trop volumineux" in response.json()["detail"] and response.json()["errors"] == []


@pytest.mark.django_db
def test_a_streamed_file_asks_the_database_before_answering():
    """A staff export (core.exports.csv_response) checks the database before its 200 goes out, and leaves its rows'
    generator unstarted (no server-side cursor left open by a response that nobody reads)."""
    from conum.core.exports import csv_response

    read = []

    def rows():
        read.append(True)
        yield ["Mairie"]

    with database_down(), pytest.raises(OperationalError):
        csv_response("export", ["Nom"], rows(), neutralise_formulas=True)
    response = csv_response("export", ["Nom"], rows(), neutralise_formulas=True)
    assert read == []
    assert b"".join(response.streaming_content).decode() == "\ufeffNom\r\nMairie\r\n"
