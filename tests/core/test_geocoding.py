"""The Base Adresse Nationale against a local replay server: one address, many (CSV), the cache, failures."""

import pytest

from conum.core import geocoding
from conum.core.reference_http import ServiceUnavailable
from tests.core.replays.server import serve

LIMOGES, SAINT_JUNIEN = "87085", "87154"


@pytest.fixture
def replay(settings):
    server = serve(settings)
    yield server
    server.stop()


def test_an_address_to_its_house_number(replay):
    found = geocoding.geocode("2 rue  Eugène Varlin", LIMOGES, "87100")
    assert found == geocoding.Geocoded(45.836021, 1.227148, "housenumber", 0.9676, "2 Rue Eugène Varlin 87100 Limoges")
    assert replay.requests == [
        ("GET", "/search/", {"q": "2 rue Eugène Varlin", "limit": "1", "autocomplete": "0", "citycode": LIMOGES})
    ]
    assert geocoding.geocode("2 rue Eugène Varlin", LIMOGES) == found
    assert replay.count("GET", "/search/") == 1  # the second came from the cache


def test_a_poor_match_or_none_is_no_match(replay):
    assert geocoding.geocode("Ancienne gare du tacot", LIMOGES) is None  # a street at score 0.31
    assert geocoding.geocode("Lieu-dit introuvable", LIMOGES) is None  # no feature
    assert geocoding.geocode("   ", LIMOGES) is None  # nothing to ask
    assert replay.count("GET", "/search/") == 2


def test_paris_lyon_marseille_filter_by_postal_code(replay):
    geocoding.geocode("2 rue Eugène Varlin", "75056", "75010")
    assert replay.requests[-1][2] == {
        "q": "2 rue Eugène Varlin",
        "limit": "1",
        "autocomplete": "0",
        "postcode": "75010",
    }


def test_many_addresses_in_one_csv_call_then_from_the_cache(replay):
    rows = [
        ("2 rue Eugène Varlin", LIMOGES, "87100"),
        geocoding.Address("Avenue du Général de Gaulle", SAINT_JUNIEN, "87200"),
        ("Ancienne gare du tacot", LIMOGES, "87000"),
        ("Chemin qui n'existe pas", LIMOGES, "87000"),
        ("", LIMOGES, "87000"),
    ]
    found = geocoding.geocode_many(rows)
    assert [each and (each.precision, each.latitude, each.longitude) for each in found] == [
        ("housenumber", 45.836021, 1.227148),
        ("street", 45.887912, 0.898411),
        None,  # score 0.31
        None,  # not found
        None,  # empty: not sent
    ]
    assert replay.requests == [
        ("POST", "/search/csv/", {"columns": "adresse", "citycode": "code_insee", "postcode": "code_postal"})
    ]
    assert geocoding.geocode_many(rows) == found
    assert geocoding.geocode("2 rue Eugène Varlin", LIMOGES) == found[0]
    assert len(replay.requests) == 1  # everything came from the cache


def test_rows_a_cut_csv_left_out_are_asked_again_next_time(replay):
    rows = [("2 rue Eugène Varlin", LIMOGES), ("Avenue du Général de Gaulle", SAINT_JUNIEN)]
    replay.mode = "cut"
    first = geocoding.geocode_many(rows)
    assert first[0].precision == "housenumber" and first[1] is None
    replay.mode = "ok"
    again = geocoding.geocode_many(rows)
    assert again[0] == first[0] and again[1].precision == "street"
    assert replay.count("POST", "/search/csv/") == 2


@pytest.mark.parametrize("failure", ["stopped", "error", "slow"])
def test_a_silent_service_is_unavailable(replay, settings, failure):
    settings.REFERENCE_API_TIMEOUT_MS = 300
    if failure == "stopped":
        replay.stop()
    else:
        replay.mode = failure
    with pytest.raises(ServiceUnavailable):
        geocoding.geocode("2 rue Eugène Varlin", LIMOGES)
    with pytest.raises(ServiceUnavailable):  # at once: the service is taken as down for a minute
        geocoding.geocode_many([("Avenue du Général de Gaulle", SAINT_JUNIEN)])
    assert len(replay.requests) == (0 if failure == "stopped" else 1)
