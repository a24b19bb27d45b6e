"""Visitors' pages served again from the cache for PUBLIC_PAGE_CACHE_SECONDS, never anyone else's."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from conum.activity.models import Place

URL = "/aide-numerique/"
SEARCH = {"commune": "Saint-Junien", "distance": "20"}


@pytest.fixture
def page_cache():
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):  # on an empty cache (tests/conftest.py's _fresh_cache)
        yield


def _rename(place, name):
    Place.objects.filter(pk=place.pk).update(name=name)


def test_a_visitor_gets_the_page_rendered_for_the_previous_one_without_a_query(
    client, network, page_cache, django_assert_num_queries
):
    first = client.get(URL, SEARCH).content.decode()
    assert "Médiathèque de Saint-Junien" in first
    _rename(network["saint_junien"], "Médiathèque Simone-Veil")
    with django_assert_num_queries(0):
        again = Client().get(URL, SEARCH)
    assert again.status_code == 200 and again.content.decode() == first
    assert "Médiathèque Simone-Veil" in Client().get(URL, {**SEARCH, "distance": "10"}).content.decode()
    cache.clear()
    assert "Médiathèque Simone-Veil" in Client().get(URL, SEARCH).content.decode()


def test_place_page_and_public_statistics_are_kept_too(client, network, programme, page_cache):
    place = network["saint_junien"]
    url = f"/aide-numerique/lieux/{place.pk}/"
    assert "Médiathèque de Saint-Junien" in client.get(url).content.decode()
    _rename(place, "Médiathèque Simone-Veil")
    assert "Médiathèque de Saint-Junien" in client.get(url).content.decode()
    statistics = client.get("/chiffres-cles/")
    assert statistics.status_code == 200 and client.get("/chiffres-cles/").content == statistics.content


def test_signed_in_users_and_visitors_with_a_session_always_get_a_fresh_page(
    client, network, page_cache, hired_advisor
):
    Client().get(URL, SEARCH)
    _rename(network["saint_junien"], "Médiathèque Simone-Veil")
    client.force_login(hired_advisor.user)
    assert "Médiathèque Simone-Veil" in client.get(URL, SEARCH).content.decode()
    with_session = Client()
    with_session.cookies["sessionid"] = "anything"
    assert "Médiathèque Simone-Veil" in with_session.get(URL, SEARCH).content.decode()


def test_off_by_default_in_tests_and_when_set_to_zero(client, network):
    client.get(URL, SEARCH)
    _rename(network["saint_junien"], "Médiathèque Simone-Veil")
    assert "Médiathèque Simone-Veil" in client.get(URL, SEARCH).content.decode()
