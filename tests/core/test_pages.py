import pytest
from django.test import Client
from django.urls import path

from conum.urls import urlpatterns as conum_urlpatterns
from tests.helpers import page_text


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [*conum_urlpatterns, path("boom/", _boom)]
handler500 = "conum.core.views.server_error"


def test_home_routes_each_visitor(client, db):
    page = page_text(client.get("/"))
    assert '<header role="banner" class="fr-header">' in page
    for visitor in [
        "Je cherche de l'aide avec le numérique",
        "Je veux devenir conseiller numérique",
        "Ma structure souhaite accueillir un conseiller",
        "Je suis conseiller numérique",
        "Je pilote le programme",
    ]:
        assert visitor in page
    assert 'href="#contenu"' in page and 'id="contenu"' in page  # skip link and its target


@pytest.mark.parametrize(
    "url, title, facts",
    [
        ("/mentions-legales/", "Mentions légales", ["Agence nationale de la cohésion des territoires"]),
        (
            "/donnees-personnelles/",
            "Données personnelles",
            ["sessionid", "Argon2", "curriculum vitae", "six mois", "CNIL"],
        ),
        ("/accessibilite/", "accessibilité", ["non conforme", "RGAA", "Défenseur des droits"]),
    ],
)
def test_legal_pages_describe_what_conum_stores(client, db, url, title, facts):
    response = client.get(url)
    page = page_text(response)
    assert response.status_code == 200
    assert title.lower() in page.lower()
    for fact in facts:
        assert fact in page


def test_404_is_a_dsfr_page(client, db):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    page = page_text(response)
    assert "Page non trouvée" in page and "fr-header" in page


@pytest.mark.urls("tests.core.test_pages")
def test_500_is_a_dsfr_page_without_details(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = page_text(response)
    assert "Erreur inattendue" in page and "fr-header" in page
    assert "boom" not in page and "Traceback" not in page
