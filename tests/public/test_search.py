"""Find help near me: places nearest first, filters, bad input, an empty result, opening hours now."""

import datetime
import html
import random
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conum.activity.enums import PlaceService
from conum.activity.models import Place
from conum.public import search
from conum.territories.distance import Point
from conum.territories.models import Commune

URL = "/aide-numerique/"
SAINT_JUNIEN = Point(45.90245, 0.88786)
PARIS = ZoneInfo("Europe/Paris")


def names(response) -> list[str]:
    """The names of the result cards, as the person reads them (whatever entity the page escaped "'" with)."""
    cards = re.findall(
        r'<h3 class="fr-card__title"><a href="/aide-numerique/lieux/\d+/">([^<]+)</a>', response.content.decode()
    )
    return [html.unescape(name) for name in cards]


def test_places_nearest_first_with_distances(client, network):
    response = client.get(URL, {"commune": "Saint-Junien", "distance": "20"})
    assert response.status_code == 200
    assert names(response) == [
        "Médiathèque de Saint-Junien",
        "Mairie de Saint-Brice-sur-Vienne",
        "Tiers-lieu de Rochechouart",
        "France Services d'Oradour-sur-Glane",
    ]
    html = response.content.decode()
    assert "4 lieux à moins de 20 km de Saint-Junien (87)" in html
    distances = [float(d.replace(",", ".")) for d in re.findall(r"<strong>À (\d+,\d) km</strong>", html)]
    assert distances == sorted(distances) and distances[0] < 1 and 8 < distances[2] < 11
    assert 'href="tel:+33555021234"' in html and "05 55 02 12 34" in html


def test_archived_and_closed_to_public_places_are_never_listed(client, network):
    html = client.get(URL, {"commune": "87200", "commune_choix": "87154", "distance": "5"}).content.decode()
    assert "Ancienne mairie annexe" not in html and "Bureau du conseiller" not in html
    assert client.get(f"/aide-numerique/lieux/{network['archived'].pk}/").status_code == 404
    assert client.get(f"/aide-numerique/lieux/{network['no_public'].pk}/").status_code == 404


def test_filters_free_service_and_saturday(client, network):
    free = names(client.get(URL, {"commune": "Saint-Junien", "distance": "20", "gratuit": "on"}))
    assert "Tiers-lieu de Rochechouart" not in free and len(free) == 3
    procedures = names(
        client.get(
            URL, {"commune": "Saint-Junien", "distance": "20", "gratuit": "on", "service": PlaceService.PROCEDURES}
        )
    )
    assert procedures == [
        "Médiathèque de Saint-Junien",
        "Mairie de Saint-Brice-sur-Vienne",
        "France Services d'Oradour-sur-Glane",
    ]
    saturday = names(client.get(URL, {"commune": "Saint-Junien", "distance": "20", "samedi": "on"}))
    assert saturday == ["Médiathèque de Saint-Junien", "Tiers-lieu de Rochechouart"]


def test_distance_limits_the_results(client, network):
    assert len(names(client.get(URL, {"commune": "Saint-Junien", "distance": "5"}))) == 1
    assert "Médiathèque de Limoges" in names(client.get(URL, {"commune": "Saint-Junien", "distance": "50"}))


@pytest.mark.parametrize(
    "params, message",
    [
        ({"commune": "Trifouillis-les-Oies"}, "Aucune commune ne correspond à « Trifouillis-les-Oies »"),
        ({"commune": ""}, "Indiquez votre commune ou votre code postal"),
        ({"commune": "   "}, "Indiquez votre commune ou votre code postal"),
        ({"commune": "Saint-Junien", "distance": "1000"}, "Choisissez une distance parmi 5, 10, 20, 30 et 50 km."),
        ({"commune": "Saint-Junien", "distance": "abc"}, "Choisissez une distance parmi 5, 10, 20, 30 et 50 km."),
        ({"commune": "Saint-Junien", "service": "Pêche à la ligne"}, "Choisissez une aide dans la liste."),
        ({"lat": "abc", "lon": "1"}, "Votre position n&#x27;a pas pu être lue"),
        ({"commune": "x" * 5000}, "Aucune commune ne correspond"),
    ],
)
def test_bad_input_gets_a_clear_message(client, network, params, message):
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<title>Erreur — " in html and names(response) == []


def test_ambiguous_commune_offers_a_choice(client, network):
    html = client.get(URL, {"commune": "Saint-Junien-l"}).content.decode()
    assert "Plusieurs communes correspondent à « Saint-Junien-l »" in html
    assert "Saint-Junien-la-Bregère" in html and "Saint-Junien-les-Combes" in html
    chosen = client.get(URL, {"commune": "Saint-Junien-l", "commune_choix": "87155", "distance": "5"})
    assert "à moins de 5 km de Saint-Junien-les-Combes (87)" in chosen.content.decode()


def test_search_by_position(client, network):
    response = client.get(URL, {"commune": "", "lat": "45.90245", "lon": "0.88786", "distance": "5"})
    assert names(response) == ["Médiathèque de Saint-Junien"]
    assert "à moins de 5 km de votre position" in response.content.decode()


def test_first_visit_shows_the_form_without_errors(client, territories):
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1 and "Erreur" not in html and 'role="search"' in html


def test_empty_result_says_so_and_shows_the_nearest_place(client, network):
    response = client.get(URL, {"commune": "Guéret", "distance": "10"})
    html = response.content.decode()
    assert "Aucun lieu à moins de 10 km de Guéret (23)" in html
    assert "Aucun non plus à moins de 50 km." in html  # no link to a distance that finds nothing either
    assert "Le lieu le plus proche" in html and "Médiathèque de Limoges" in html


def test_nearest_place_respects_filters(network):
    paid_only_far = search.nearest_place(Point(46.17, 1.87), search.PlaceFilters(service=PlaceService.LEISURE))
    assert paid_only_far == network["rochechouart"]


def test_open_now_with_split_hours_and_saturday_morning(network):
    place = network["saint_junien"]  # Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00

    def at(day, hour, minute=0):
        search.describe_today([place], datetime.datetime(2026, 12, day, hour, minute, tzinfo=PARIS))
        return place.open_now, place.today_hours

    # Thursday 3 December 2026
    assert at(3, 10) == (True, "9\xa0h–12\xa0h, 14\xa0h–18\xa0h")
    assert at(3, 12) == (False, "9\xa0h–12\xa0h, 14\xa0h–18\xa0h")  # the lunch break starts at noon
    assert at(3, 13, 59) == (False, "9\xa0h–12\xa0h, 14\xa0h–18\xa0h")
    assert at(3, 14) == (True, "9\xa0h–12\xa0h, 14\xa0h–18\xa0h")
    assert at(3, 18) == (False, "9\xa0h–12\xa0h, 14\xa0h–18\xa0h")
    assert at(5, 11, 59) == (True, "9\xa0h–12\xa0h")  # Saturday morning
    assert at(5, 14) == (False, "9\xa0h–12\xa0h")
    assert at(6, 10) == (False, "fermé")  # Sunday
    assert at(25, 10) == (
        True,
        "9\xa0h–12\xa0h, 14\xa0h–18\xa0h",
    )  # Christmas, a Friday: these hours say nothing of holidays
    place.opening_hours += "; PH off"
    assert at(25, 10) == (False, "fermé (jour férié)")


def test_open_now_is_computed_in_paris_time(network):
    place = network["saint_junien"]
    # 08:30 UTC on a Thursday in winter is 09:30 in Paris: open.
    search.describe_today([place], datetime.datetime(2026, 12, 3, 8, 30, tzinfo=datetime.UTC))
    assert place.open_now is True


def _query_count(client, params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_search_among_20000_places_stays_within_a_fixed_number_of_queries(client, network, hired_advisor):
    params = {"commune": "Limoges", "distance": "20"}
    few, _ = _query_count(client, params)
    communes = list(
        Commune.objects.filter(latitude__isnull=False).values_list("code", "departement", "latitude", "longitude")
    )
    rng = random.Random(6)
    places = []
    for index in range(20_000):
        code, departement, latitude, longitude = communes[index % len(communes)]
        places.append(
            Place(
                structure=hired_advisor.structure, name=f"Lieu {index}", address="1 rue de la Paix", commune_id=code,
                postal_code="87000", departement_id=departement, siret="21870085600013", typology="MUNI",
                latitude=latitude + rng.uniform(-0.01, 0.01), longitude=longitude + rng.uniform(-0.01, 0.01),
                opening_hours=rng.choice(["Mo-Fr 09:00-12:00", "Tu-Sa 10:00-18:00", ""]),
                services=[PlaceService.PROCEDURES], fees=["Gratuit"], access_modes=["Se présenter"],
            )
        )  # fmt: skip
    Place.objects.bulk_create(places, batch_size=2000)
    many, html = _query_count(client, params)
    found = int(
        re.search(r"(\d[\d\u202f ]*) lieux à moins de 20 km de Limoges", html)
        .group(1)
        .replace("\u202f", "")
        .replace(" ", "")
    )
    assert found > 1000  # hundreds of pages of results, one page shown
    assert many == few - 1  # the first search found one place: sparse, it also counted those up to 50 km
    saturday, _ = _query_count(client, params | {"samedi": "on", "gratuit": "on", "page": "3"})
    assert saturday == many
