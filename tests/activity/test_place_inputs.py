"""The place's rules without the form: `parse_place` reads raw values (as the demo or an API would hand them)
into a PlaceInput, or refuses them with every French message by key."""

import pytest

from conum.activity.models import Place
from conum.activity.places import services as places
from conum.activity.places.inputs import PlaceInput, parse_place
from conum.core.inputs import InvalidInput
from conum.core.models import Journal
from tests.factories import valid_siret

pytestmark = pytest.mark.usefixtures("territories")

SAINT_JUNIEN = "87154"  # one postal code
LIMOGES = "87085"  # three


def raw(**overrides) -> dict:
    data = {
        "name": " Espace numérique ",
        "address": "2 rue Eugène Varlin",
        "commune": SAINT_JUNIEN,
        "typology": "MUNI",
        "phone": "05 55 45 60 00",
        "opening_hours": "mo-fr 9:00-12:00",
        "services": ["Maîtrise des outils numériques du quotidien", "Aide aux démarches administratives"],
        "fees": ["Gratuit"],
        "access_modes": ["Se présenter"],
    }
    return data | overrides


def refusal(**overrides) -> dict:
    with pytest.raises(InvalidInput) as refused:
        parse_place(raw(**overrides))
    return refused.value.errors


def test_raw_values_are_read_into_a_typed_place():
    siret = valid_siret(4242)
    place = parse_place(raw(siret=f"{siret[:3]} {siret[3:]}", latitude=45.8872, longitude=0.9012))
    assert isinstance(place, PlaceInput)
    assert place.name == "Espace numérique" and place.commune.pk == SAINT_JUNIEN
    assert place.postal_code == "87200"  # the commune's only one
    assert place.phone == "+33555456000" and place.siret == siret
    assert place.opening_hours == "Mo-Fr 09:00-12:00"
    assert (place.latitude, place.longitude) == (45.8872, 0.9012)
    # The lists keep the order given (a stored place keeps its own), once each.
    assert place.services == ["Maîtrise des outils numériques du quotidien", "Aide aux démarches administratives"]
    assert parse_place(raw(fees=["Payant", "Gratuit", "Payant"])).fees == ["Payant", "Gratuit"]
    assert place.publics == [] and place.website == "" and place.address_complement == ""


def test_every_message_is_given_at_once_by_key():
    errors = refusal(name="", typology="CASINO", services=[], commune=None, fees=["Sur devis"], phone="12")
    assert errors == {
        "name": ["Indiquez le nom du lieu."],
        "services": ["Cochez au moins un service proposé."],
        "fees": ["Frais à la charge des personnes : valeur inconnue (Sur devis)."],
        "typology": ["Choisissez un type de lieu de la liste."],
        "commune": ["Indiquez une commune (nom ou code postal)."],
        "phone": ["Ce numéro de téléphone n'est pas valide : par exemple 05 55 12 34 56."],
    }
    assert refusal(typology="")["typology"] == ["Choisissez le type de lieu."]
    assert refusal(unknown="x", other=1)[None] == ["Champs inconnus : other, unknown."]


@pytest.mark.parametrize(
    "overrides, key, message",
    [
        ({"opening_hours": "Mo 9h-12h"}, "opening_hours", "Horaires illisibles au caractère 4"),
        ({"name": "x" * 201}, "name", "200 caractères au plus (201 saisis)."),
        ({"long_presentation": "x" * 3001}, "long_presentation", "3\u202f000 caractères au plus (3001 saisis)."),
        ({"name": 12}, "name", "Nom du lieu : un texte est attendu."),
        ({"services": "Aide aux démarches administratives"}, "services", "une liste de valeurs est attendue"),
        ({"commune": LIMOGES}, "postal_code", "Indiquez le code postal : Limoges en a plusieurs"),
        ({"commune": LIMOGES, "postal_code": "23000"}, "postal_code", "Le code postal 23000 n'est pas celui de"),
        ({"postal_code": "8700"}, "postal_code", "Le code postal compte exactement 5 chiffres"),
        ({"siret": "21870085600014"}, "siret", "Ce SIRET n'existe pas"),
        ({"phone": "+44 20 7946 0958"}, "phone", "un numéro de téléphone en France ou en outre-mer"),
        ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse e-mail valide"),
        ({"website": "javascript:alert(1)"}, "website", "Saisissez une adresse web valide"),
        ({"latitude": 45.83}, "longitude", "Indiquez la latitude et la longitude, ou aucune des deux."),
        ({"latitude": "45,83", "longitude": 1.26}, "latitude", "Indiquez un nombre en degrés décimaux"),
        ({"latitude": float("nan"), "longitude": 1.26}, "latitude", "Indiquez un nombre en degrés décimaux"),
        ({"latitude": 45.83, "longitude": -180.5}, "longitude", "La longitude est comprise entre -180 et 180"),
        ({"latitude": 10, "longitude": 10}, "latitude", "Ces coordonnées sont hors de France"),
        ({"latitude": 43.6045, "longitude": 1.444}, "latitude", "km de Saint-Junien : vérifiez les coordonnées"),
        ({"access_modes": ["Ce lieu n'accueille pas de public", "Se présenter"]}, "access_modes", "ne se combine pas"),
    ],
)
def test_each_rule_refuses_with_its_message(overrides, key, message):
    errors = refusal(**overrides)
    assert list(errors) == [key] and message in errors[key][0], errors


def test_the_services_store_the_parsed_place(structure_manager, hired_advisor):
    place = places.create_place(structure_manager, hired_advisor.structure, parse_place(raw(siret="")))
    assert place.opening_hours == "Mo-Fr 09:00-12:00" and place.siret == hired_advisor.structure.siret
    assert (place.latitude, place.longitude) == (place.commune.latitude, place.commune.longitude)
    siret = valid_siret(77)
    places.update_place(place, structure_manager, parse_place(raw(name="Autre nom", siret=siret)))
    place.refresh_from_db()
    assert place.name == "Autre nom" and place.siret == siret
    entry = Journal.objects.get(action="activity.place_updated")
    assert set(entry.after) == {"name", "siret"}
    assert Place.objects.count() == 1
