import pytest

from conum.territories.search import resolve_commune, search_communes
from conum.territories.text import search_key
from tests.helpers import page_text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Saint-Junien", "st junien"),
        ("st junien", "st junien"),
        ("SAINT JUNIEN", "st junien"),
        ("Guéret", "gueret"),
        ("L'Isle-Jourdain", "l isle jourdain"),
        ("Sainte-Feyre", "ste feyre"),
        ("  ", ""),
    ],
)
def test_search_key(text, expected):
    assert search_key(text) == expected


@pytest.mark.parametrize("query", ["st junien", "saint-junien", "Saint Junien", "ST-JUN", "87200"])
def test_saint_junien_found(territories, query):
    assert search_communes(query)[0].code == "87154"


def test_accents_ignored(territories):
    assert search_communes("gueret")[0].code == "23096"


def test_largest_population_first(territories):
    results = search_communes("saint", limit=20)
    populations = [c.population for c in results]
    assert len(results) == 20
    assert populations == sorted(populations, reverse=True)


def test_postal_code_prefix(territories):
    results = search_communes("8720", limit=20)
    assert results and all(any(code.startswith("8720") for code in c.postal_codes.split()) for c in results)


def test_limit_is_bounded(territories):
    assert len(search_communes("s", limit=10)) == 0  # one letter is too short
    assert len(search_communes("saint", limit=1000)) == 20


def test_resolve_unique_and_ambiguous(territories):
    assert resolve_commune("Limoges")[0].code == "87085"
    assert resolve_commune("Saint-Junien (87200)")[0].code == "87154"
    commune, candidates = resolve_commune("87200")
    assert commune is None and len(candidates) > 1 and candidates[0].code == "87154"
    assert resolve_commune("zzzz") == (None, [])


def test_api_search(client, territories):
    response = client.get("/api/v1/communes", {"q": "st junien"})
    assert response.status_code == 200
    first = response.json()[0]
    assert first["code"] == "87154"
    assert first["label"] == "Saint-Junien (87200)"
    assert first["departement_name"] == "Haute-Vienne"


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "q : ce paramètre est obligatoire"),
        ({"q": "s"}, "q : au moins 2 caractères"),
        ({"q": "x" * 101}, "q : au plus 100 caractères"),
        ({"q": "limoges", "limit": "abc"}, "limit : un nombre entier est attendu"),
        ({"q": "limoges", "limit": "0"}, "limit : la valeur doit être au moins 1"),
        ({"q": "limoges", "limit": "21"}, "limit : la valeur doit être au plus 20"),
    ],
)
def test_api_bad_input_gets_french_message(client, territories, params, message):
    response = client.get("/api/v1/communes", params)
    assert response.status_code == 422
    assert message in [error["message"] for error in response.json()["errors"]]


def test_search_page(client, territories):
    response = client.get("/territoires/communes/", {"q": "87200"})
    content = page_text(response)
    assert response.status_code == 200
    assert content.index("Saint-Junien") < content.index("Saint-Brice-sur-Vienne")


def test_search_page_bad_input(client, territories):
    response = client.get("/territoires/communes/", {"q": "x"})
    assert response.status_code == 200
    assert "Saisissez au moins deux caractères" in page_text(response)
