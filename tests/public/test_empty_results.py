"""Few or no results near a sparse commune are never a dead end: the next distance that finds more, with its
count (places, workshops), and for « Trouver mon niveau » the workshops further away or other ways to get help.

Distances from the commune centres (conum/territories/data): from Bellac, Oradour-sur-Glane 19.4 km,
Saint-Brice 23.3, Saint-Junien 25.4, Limoges 32.2, Rochechouart 34.8; from Guéret, Sainte-Feyre 3.3,
Bourganeuf 25.6, Aubusson 32.8, Limoges 59.1.
"""

# ruff: noqa: F811  (the public fixtures, imported to be used as fixtures here)

import re
from html import unescape

import pytest

from conum.activity.enums import PlaceService, Theme, WorkshopLevel
from conum.public import level, widen
from tests.activity.factories import PlaceFactory, WorkshopFactory
from tests.helpers import page_text
from tests.public.conftest import network, workshop  # noqa: F401

PLACES = "/aide-numerique/"
WORKSHOPS = "/aide-numerique/ateliers/"
LEVEL = "/aide-numerique/mon-niveau/"


def place_names(page: str) -> list[str]:
    return re.findall(r'<h3 class="fr-card__title"><a href="/aide-numerique/lieux/\d+/">([^<]+)</a>', page)


def widen_link(page: str) -> tuple[str, str]:
    """(address, text) of the link that widens the search."""
    found = re.search(r'<a [^>]*href="(\?[^"]*)">(Élargir la recherche[^<]*)</a>', page)
    assert found, "no link to widen the search"
    return unescape(found[1]), found[2]


# ---- the pure rule -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "distances, chosen, found, expected",
    [
        ([19.4, 23.3, 25.4, 32.2, 34.8], 20, 1, widen.Wider(30, 3)),
        ([19.4, 23.3, 25.4, 32.2, 34.8], 10, 0, widen.Wider(20, 1)),
        ([45.0], 5, 0, widen.Wider(50, 1)),  # the distances that find no more are skipped
        ([59.1], 10, 0, None),  # only beyond the largest distance offered
        ([], 20, 0, None),
    ],
)
def test_the_next_distance_that_finds_more(distances, chosen, found, expected):
    assert widen.wider(distances, chosen, found) == expected


def test_sparse_means_fewer_than_three_below_the_largest_distance():
    assert widen.is_sparse(0, 20) and widen.is_sparse(2, 30)
    assert not widen.is_sparse(3, 20) and not widen.is_sparse(1, 50)


# ---- Trouver de l'aide ---------------------------------------------------------------------------------------


def test_one_place_near_bellac_offers_the_next_distance_with_its_count(client, network):
    page = page_text(client.get(PLACES, {"commune": "Bellac", "distance": "20"}))
    assert "1 lieu à moins de 20 km de Bellac (87)" in page
    assert place_names(page) == ["France Services d'Oradour-sur-Glane"]
    assert "Un seul lieu dans cette distance." in page
    link, text = widen_link(page)
    assert text == "Élargir la recherche à 30 km : 3 lieux"
    assert "distance=30" in link and "commune=Bellac" in link and "page=1" in link

    wider = page_text(client.get(PLACES + link))
    assert "3 lieux à moins de 30 km de Bellac (87)" in wider
    assert place_names(wider) == [
        "France Services d'Oradour-sur-Glane",
        "Mairie de Saint-Brice-sur-Vienne",
        "Médiathèque de Saint-Junien",
    ]
    assert "Élargir la recherche" not in wider  # three places are enough


def test_no_place_within_the_distance_offers_the_next_one_and_the_nearest(client, network):
    page = page_text(client.get(PLACES, {"commune": "Bellac", "distance": "10"}))
    assert "Aucun lieu à moins de 10 km de Bellac (87)" in page
    assert widen_link(page)[1] == "Élargir la recherche à 20 km : 1 lieu"
    assert "Le lieu le plus proche" in page and "France Services d'Oradour-sur-Glane" in page
    assert "À 19,4 km" in page


def test_nothing_within_the_largest_distance_says_so_and_shows_the_nearest(client, network):
    page = page_text(client.get(PLACES, {"commune": "Guéret", "distance": "10"}))
    assert "Aucun lieu à moins de 10 km de Guéret (23)" in page
    assert "Aucun non plus à moins de 50 km." in page
    assert "Élargir la recherche" not in page and "distance=50" not in page
    assert "Le lieu le plus proche" in page and "Médiathèque de Limoges" in page


def test_the_wider_search_keeps_the_filters(client, network):
    # Open on Saturday: Oradour (19.4 km) has no hours; Saint-Junien (25.4 km) opens on Saturday morning.
    page = page_text(client.get(PLACES, {"commune": "Bellac", "distance": "20", "samedi": "on"}))
    link, text = widen_link(page)
    assert text == "Élargir la recherche à 30 km : 1 lieu" and "samedi=on" in link
    assert place_names(page_text(client.get(PLACES + link))) == ["Médiathèque de Saint-Junien"]


def test_enough_places_or_the_largest_distance_offer_nothing_more(client, network):
    assert "Élargir la recherche" not in page_text(client.get(PLACES, {"commune": "Saint-Junien", "distance": "20"}))
    leisure = page_text(client.get(PLACES, {"commune": "Bellac", "distance": "50", "service": PlaceService.LEISURE}))
    assert place_names(leisure) == ["Tiers-lieu de Rochechouart"]
    assert "Élargir la recherche" not in leisure and "Aucun non plus" not in leisure


def test_a_sparse_result_costs_one_query_more(client, network, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert client.get(PLACES, {"commune": "Bellac", "distance": "20"}).status_code == 200


# ---- Ateliers ------------------------------------------------------------------------------------------------


def test_no_workshop_near_bellac_offers_the_next_distance(client, workshop):
    page = page_text(client.get(WORKSHOPS, {"commune": "Bellac", "distance": "20"}))
    assert "Aucun atelier à venir à moins de 20 km de Bellac (87)" in page
    link, text = widen_link(page)
    assert text == "Élargir la recherche à 30 km : 1 atelier"
    wider = page_text(client.get(WORKSHOPS + link))
    assert "1 atelier à moins de 30 km de Bellac (87)" in wider and workshop.title in wider


def test_no_workshop_even_at_the_largest_distance_points_to_places(client, workshop):
    page = page_text(client.get(WORKSHOPS, {"commune": "Guéret", "distance": "20"}))
    assert "Aucun non plus à moins de 50 km." in page and "Élargir la recherche" not in page
    assert 'href="/aide-numerique/?' in page and "trouver un lieu" in page


# ---- Trouver mon niveau --------------------------------------------------------------------------------------


@pytest.fixture
def around_gueret(hired_advisor):
    """Beginner sessions: e-mail in Guéret; devices in Bourganeuf (twice) and Aubusson; procedures in Limoges
    only (59 km); scams at the intermediate level only, in Sainte-Feyre."""
    structure = hired_advisor.structure

    def place(commune, postal_code, name):
        return PlaceFactory(structure=structure, commune_id=commune, postal_code=postal_code, name=name)

    gueret = place("23096", "23000", "Médiathèque de Guéret")
    bourganeuf = place("23030", "23400", "Espace numérique de Bourganeuf")
    aubusson = place("23008", "23200", "Mairie d'Aubusson")
    limoges = place("87085", "87000", "Médiathèque de Limoges")
    sainte_feyre = place("23193", "23000", "Tiers-lieu de Sainte-Feyre")

    def session(title, theme, place, level=WorkshopLevel.BEGINNER):
        return WorkshopFactory(advisor=hired_advisor, place=place, title=title, themes=[theme], level=level)

    return {
        "email": session("Mon premier e-mail", Theme.EMAIL, gueret),
        "devices": session("Mon smartphone pas à pas", Theme.EQUIPMENT, bourganeuf),
        "devices_again": session("Ma tablette pas à pas", Theme.EQUIPMENT, bourganeuf),
        "devices_farther": session("Mon ordinateur pas à pas", Theme.EQUIPMENT, aubusson),
        "procedures": session("Mes démarches en ligne", Theme.ADMINISTRATIVE, limoges),
        "scams": session("Déjouer les arnaques", Theme.SECURITY, sainte_feyre, WorkshopLevel.INTERMEDIATE),
    }


def beginner_everywhere(**extra) -> dict[str, str]:
    return {question.key: "0" for question in level.QUESTIONS} | extra


def area_section(page: str, title: str) -> str:
    start = page.index(f'<h2 class="fr-h3">{title}</h2>')
    end = page.find('<h2 class="fr-h3">', start + 1)
    return page[start : end if end != -1 else len(page)]


def test_self_assessment_near_gueret_is_never_a_dead_end(client, around_gueret, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.post(LEVEL, beginner_everywhere(commune="Guéret", distance="20"))
    assert response.status_code == 200
    page = page_text(response)

    email = area_section(page, "Internet et e-mail")
    assert "Ateliers de niveau « débutant » près de Guéret (23)" in email and "Mon premier e-mail" in email
    assert "Pas d'atelier" not in email

    # Devices: none within 20 km; the next distance (30 km) finds the two in Bourganeuf, shown, not Aubusson's.
    devices = area_section(page, "Se servir d'un smartphone, d'une tablette ou d'un ordinateur")
    assert (
        "Pas d'atelier de niveau « débutant » sur ce thème à moins de 20 km de Guéret (23) pour l'instant." in devices
    )
    assert "Plus loin, à moins de 30 km : 2 ateliers de niveau « débutant »" in devices
    assert "Mon smartphone pas à pas" in devices and "Ma tablette pas à pas" in devices
    assert "Mon ordinateur pas à pas" not in devices and "à 25,6 km" in devices
    link = re.search(r'href="(/aide-numerique/ateliers/\?[^"]*)">Tous les ateliers de niveau', devices)[1]
    link = unescape(link)
    assert "distance=30" in link and "theme=prendre_en_main_du_materiel" in link and "niveau=debutant" in link
    assert "2 ateliers à moins de 30 km de Guéret (23)" in page_text(client.get(link))

    # Procedures: only Limoges, beyond 50 km: the theme at every level, and the places nearby.
    procedures = area_section(page, "Démarches en ligne")
    assert "Aucun non plus à moins de 50 km pour l'instant. D'autres pistes :" in procedures
    assert "Mes démarches en ligne" not in procedures
    places = unescape(re.search(r'href="(/aide-numerique/\?[^"]*)">Les lieux près de Guéret', procedures)[1])
    assert "commune_choix=23096" in places and "distance=20" in places
    assert client.get(places).status_code == 200

    # Scams: nothing at the beginner level, but the theme at every level finds the intermediate session.
    scams = area_section(page, "Se protéger des arnaques")
    theme = unescape(re.search(r'href="([^"]*)">Les ateliers sur ce thème, tous niveaux', scams)[1])
    assert f"theme={Theme.SECURITY.value}" in theme
    assert "niveau=" not in theme and "distance=50" in theme
    assert "Déjouer les arnaques" in page_text(client.get(theme))


def test_self_assessment_at_the_largest_distance_does_not_repeat_it(client, around_gueret):
    page = page_text(client.post(LEVEL, beginner_everywhere(commune="Guéret", distance="50")))
    procedures = area_section(page, "Démarches en ligne")
    assert "à moins de 50 km de Guéret (23) pour l'instant." in procedures
    assert "Aucun non plus" not in procedures and "D'autres pistes :" in procedures
    devices = area_section(page, "Se servir d'un smartphone, d'une tablette ou d'un ordinateur")
    assert "Ateliers de niveau « débutant » près de Guéret (23)" in devices and "Plus loin" not in devices
