"""Sirene ("recherche d'entreprises") against a local replay server: the client, its cache and its failures."""

from datetime import date

import pytest

from conum.core import sirene
from conum.core.reference_http import ServiceUnavailable
from tests.core.replays.server import serve

OPEN = "21870154800016"  # the commune of Saint-Junien's town hall
CLOSED = "77577004300047"  # an association's former premises in Limoges, closed on 3 March 2021


@pytest.fixture
def replay(settings):
    server = serve(settings)
    yield server
    server.stop()


def test_an_establishment_is_read_from_the_documented_answer(replay):
    found = sirene.lookup(OPEN)
    assert found == sirene.Establishment(
        siret=OPEN,
        name="COMMUNE DE SAINT JUNIEN",
        address="HOTEL DE VILLE PLACE AUGUSTE ROCHE",
        postal_code="87200",
        commune_code="87154",
        city="SAINT-JUNIEN",
        legal_category="7210",
        closed=False,
        closed_on=None,
    )
    assert found.public
    assert replay.requests == [("GET", "/search", {"q": OPEN, "page": "1", "per_page": "1"})]


def test_a_closed_establishment_and_its_closing_date_in_french(replay):
    found = sirene.lookup(CLOSED)
    assert found.closed and found.closed_on == date(2021, 3, 3) and not found.public
    assert found.address == "4 RUE DE LA BOUCHERIE"
    assert sirene.closed_message(found).startswith("Cet établissement est fermé depuis le 3 mars 2021 :")
    first_of_month = sirene.Establishment(**(found.__dict__ | {"closed_on": date(2019, 1, 1)}))
    assert "fermé depuis le 1er janvier 2019 :" in sirene.closed_message(first_of_month)


def test_an_unknown_siret_is_none_and_answers_are_cached(replay):
    assert sirene.lookup("44306184100104") is None
    assert sirene.lookup("44306184100104") is None
    assert sirene.lookup(OPEN).name == "COMMUNE DE SAINT JUNIEN"
    assert sirene.lookup(OPEN).name == "COMMUNE DE SAINT JUNIEN"
    assert replay.count("GET", "/search") == 2  # one per SIRET: the second of each came from the cache


@pytest.mark.parametrize("failure", ["stopped", "error", "slow"])
def test_a_service_that_does_not_answer_is_unavailable_and_not_called_again_at_once(replay, settings, failure):
    if failure == "stopped":
        replay.stop()
    else:
        replay.mode = failure  # HTTP 500, or an answer after 1 s while the client waits 0.3 s
    settings.REFERENCE_API_TIMEOUT_MS = 300
    with pytest.raises(ServiceUnavailable):
        sirene.lookup(OPEN)
    with pytest.raises(ServiceUnavailable, match="indisponible depuis peu"):
        sirene.lookup(OPEN)
    assert replay.count("GET", "/search") == (0 if failure == "stopped" else 1)


def test_turned_off_it_calls_nothing(replay, settings):
    settings.SIRENE_ENABLED = False
    with pytest.raises(ServiceUnavailable, match="désactivé"):
        sirene.lookup(OPEN)
    settings.SIRENE_ENABLED, settings.SIRENE_API_URL = True, ""
    with pytest.raises(ServiceUnavailable, match="désactivé"):
        sirene.lookup(OPEN)
    assert replay.requests == []
