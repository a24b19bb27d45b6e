"""Places get their position from their address at save (Base Adresse Nationale, a local replay server), the
commune centre when the service is silent or finds nothing precise; the precision is kept and shown."""

import pytest

from conum.activity.enums import GeocodingPrecision
from conum.activity.models import Place
from conum.activity.places import geocoding
from conum.territories.models import Commune
from tests.activity.builders import place_form
from tests.core.replays.server import serve
from tests.helpers import page_text
from tests.recruitment.hiring import in_post, validated_application

NEW = "/activite/lieux/nouveau/"


@pytest.fixture
def replay(settings):
    server = serve(settings)
    yield server
    server.stop()


@pytest.fixture
def advisor(programme, structure_manager, national_staff):
    application = validated_application(structure_manager, commune="87085", posts=3)
    return in_post(application, structure_manager, national_staff, email="conseiller@exemple.fr").user


def _centre(place):
    return (place.commune.latitude, place.commune.longitude)


def test_a_new_place_is_placed_at_its_house_number(client, advisor, replay):
    client.force_login(advisor)
    response = client.post(NEW, place_form())
    assert response.status_code == 302
    place = Place.objects.get()
    assert (place.latitude, place.longitude) == (45.836021, 1.227148)
    assert (place.geocoding_precision, place.geocoding_score) == (GeocodingPrecision.HOUSENUMBER, 0.9676)
    assert replay.requests[0][2]["citycode"] == "87085"
    detail = page_text(client.get(response.url))
    assert "est créé. Position : à l'adresse." in detail
    assert '<dt class="fr-text--bold">Position</dt><dd>À l\'adresse (adresse trouvée' in detail
    assert "centre de la commune" not in detail
    # The editor shows the position found, not coordinates as if typed; saved unchanged, nothing is asked again.
    edit = page_text(client.get(f"/activite/lieux/{place.pk}/modifier/"))
    assert "Position enregistrée : à l'adresse (score de l'adresse trouvée : 0,97)." in edit
    assert 'name="latitude" value=' not in edit
    response = client.post(f"/activite/lieux/{place.pk}/modifier/", place_form(name="Espace numérique"))
    assert response.status_code == 302
    assert "Modifications enregistrées. Position : à l'adresse." in page_text(client.get(response.url))
    assert Place.objects.get().geocoding_precision == GeocodingPrecision.HOUSENUMBER
    assert replay.count("GET", "/search/") == 1


def test_an_address_found_only_roughly_falls_back_to_the_commune_centre(client, advisor, replay):
    client.force_login(advisor)
    client.post(NEW, place_form())
    place = Place.objects.get()
    response = client.post(f"/activite/lieux/{place.pk}/modifier/", place_form(address="Ancienne gare du tacot"))
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == _centre(place)
    assert (place.geocoding_precision, place.geocoding_score) == (GeocodingPrecision.MUNICIPALITY, None)
    detail = page_text(client.get(response.url))
    assert "Position : au centre de la commune." in detail and "(centre de la commune)" in detail
    assert "ne répond pas" not in detail  # it answered: the address was only found roughly


@pytest.mark.parametrize("failure", ["stopped", "error", "slow"])
def test_a_silent_service_never_blocks_the_save(client, advisor, replay, settings, failure):
    settings.REFERENCE_API_TIMEOUT_MS = 300
    if failure == "stopped":
        replay.stop()
    else:
        replay.mode = failure
    client.force_login(advisor)
    response = client.post(NEW, place_form())
    assert response.status_code == 302
    place = Place.objects.get()
    assert (place.latitude, place.longitude) == _centre(place)
    assert place.geocoding_precision == GeocodingPrecision.MUNICIPALITY
    said = page_text(client.get(response.url))
    assert "Position : au centre de la commune. La Base Adresse Nationale ne répond pas" in said


def test_typed_coordinates_are_kept_and_nothing_is_asked(client, advisor, replay):
    client.force_login(advisor)
    assert client.post(NEW, place_form(latitude="45,8301", longitude="1,2502")).status_code == 302
    place = Place.objects.get()
    assert (place.latitude, place.longitude, place.geocoding_precision) == (45.8301, 1.2502, "manual")
    assert replay.requests == []
    assert "Aux coordonnées saisies" in page_text(client.get(f"/activite/lieux/{place.pk}/"))
    # Emptied, the coordinates come from the address again.
    response = client.post(f"/activite/lieux/{place.pk}/modifier/", place_form())
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.geocoding_precision, place.latitude) == (GeocodingPrecision.HOUSENUMBER, 45.836021)


def test_many_places_at_once_for_imports(territories, replay):
    limoges, saint_junien = Commune.objects.get(pk="87085"), Commune.objects.get(pk="87154")
    rows = [
        ("2 rue Eugène Varlin", limoges, "87100"),
        ("Avenue du Général de Gaulle", saint_junien, "87200"),
        ("Ancienne gare du tacot", limoges, "87000"),
    ]
    positions = geocoding.locate_many(rows)
    assert positions == [
        geocoding.Position(45.836021, 1.227148, "housenumber", 0.97),
        geocoding.Position(45.887912, 0.898411, "street", 0.88),
        geocoding.Position(limoges.latitude, limoges.longitude, "municipality"),
    ]
    assert replay.count("POST", "/search/csv/") == 1
    replay.stop()
    geocoding_down = geocoding.locate_many([("1 place de la Mairie", saint_junien, "87200")])
    assert geocoding_down == [
        geocoding.Position(saint_junien.latitude, saint_junien.longitude, "municipality", service_down=True)
    ]


def test_the_migration_marks_places_away_from_their_commune_centre_as_typed(advisor):
    from importlib import import_module

    from django.apps import apps

    from conum.recruitment.models import Advisor
    from tests.activity.factories import PlaceFactory

    migration = import_module("conum.activity.migrations.0006_place_geocoding")
    structure = Advisor.objects.get(user=advisor).structure
    at_centre = PlaceFactory(structure=structure)
    typed = PlaceFactory(structure=structure, latitude=45.8301, longitude=1.2502)
    Place.objects.update(geocoding_precision=GeocodingPrecision.MUNICIPALITY)
    migration.mark_typed_coordinates(apps, None)
    at_centre.refresh_from_db()
    typed.refresh_from_db()
    assert (at_centre.latitude, at_centre.longitude) == _centre(at_centre)
    assert (at_centre.geocoding_precision, typed.geocoding_precision) == ("municipality", "manual")
