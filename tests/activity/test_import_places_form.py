"""The schema's fields Conum used to drop, in the advisor's place form: saved, shown again, refused when wrong."""

import html

import pytest

from conum.activity.enums import Mobility, TrainingLabel
from conum.activity.models import Place
from conum.activity.places.inputs import parse_place
from conum.core.inputs import InvalidInput
from conum.steering.opendata import place_record
from tests.activity.builders import place_form

SCHEMA_FIELDS = {
    "other_typologies": ["ASSO", "TIERS_LIEUX"],
    "mobility": [Mobility.MOBILE, Mobility.FIXED],
    "other_emails": "accueil@ville-limoges.fr\nmediation@ville-limoges.fr",
    "other_websites": "https://m.facebook.com/limoges",
    "appointment_url": "https://www.rdv-solidarites.fr/limoges",
    "accesslibre_url": "https://acceslibre.beta.gouv.fr/app/87-limoges/a/mairie/erp/1/",
    "training_labels": [TrainingLabel.MON_ESPACE_SANTE],
    "other_training_labels": "Label Numérique Inclusif",
}


def test_the_form_saves_the_schemas_fields_and_exports_them(client, advisor, hired_advisor):
    client.force_login(advisor)
    response = client.post("/activite/lieux/nouveau/", place_form(**SCHEMA_FIELDS))
    assert response.status_code == 302
    place = Place.objects.get()
    assert place.other_typologies == ["ASSO", "TIERS_LIEUX"] and place.mobility == ["Itinérant", "Fixe"]
    assert place.other_emails == ["accueil@ville-limoges.fr", "mediation@ville-limoges.fr"]
    record = place_record(place)
    assert record["typologie"] == "MUNI|ASSO|TIERS_LIEUX"
    assert record["courriels"] == "numerique@ville-limoges.fr|accueil@ville-limoges.fr|mediation@ville-limoges.fr"
    assert record["site_web"] == "https://www.limoges.fr|https://m.facebook.com/limoges"
    assert record["itinerance"] == "Itinérant|Fixe"
    assert record["formations_labels"] == "Formé à « Mon Espace Santé »"
    assert record["autres_formations_labels"] == "Label Numérique Inclusif"
    assert record["prise_rdv"] == SCHEMA_FIELDS["appointment_url"]
    assert record["fiche_acces_libre"] == SCHEMA_FIELDS["accesslibre_url"]
    form = client.get(f"/activite/lieux/{place.pk}/modifier/").content.decode()
    assert "accueil@ville-limoges.fr\nmediation@ville-limoges.fr</textarea>" in form


def test_a_place_with_nothing_ticked_is_fixed(client, advisor, hired_advisor):
    client.force_login(advisor)
    client.post("/activite/lieux/nouveau/", place_form())
    assert Place.objects.get().mobility == [Mobility.FIXED]


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("other_emails", "accueil@ville-limoges.fr\npas-une-adresse", "« pas-une-adresse » n'est pas valide"),
        ("other_websites", "ftp:/nulle-part", "n'est pas valide"),
        ("appointment_url", "rdv", "Saisissez une adresse web valide"),
        ("other_typologies", ["INCONNU"], "Choisissez un type de lieu de la liste."),
        ("mobility", ["En bateau"], "n'est pas une valeur du standard national"),
        ("training_labels", ["Label inventé"], "n'est pas une valeur du standard national"),
        ("other_training_labels", "x" * 501, "500 caractères au plus"),
    ],
)
def test_bad_values_are_refused_beside_their_field(client, advisor, hired_advisor, field, value, message):
    client.force_login(advisor)
    response = client.post("/activite/lieux/nouveau/", place_form(**{field: value}))
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not Place.objects.exists()


def test_an_import_may_name_any_data_inclusion_type_but_the_form_only_its_list(territories):
    base = {"name": "Lieu", "address": "1 rue Haute", "commune": "87085", "postal_code": "87000"}
    imported = parse_place(base | {"siret": "W872000123", "typology": "CAF", "other_typologies": ["Autre"]},
                           imported=True)  # fmt: skip
    assert (imported.typology, imported.other_typologies, imported.services) == ("CAF", ["Autre"], [])
    with pytest.raises(InvalidInput) as refused:
        parse_place(base | {"siret": "W872000123", "typology": "CAF", "services": ["Gratuit"]})
    assert set(refused.value.errors) >= {"typology", "siret", "services", "fees", "access_modes"}
    with pytest.raises(InvalidInput) as refused:
        parse_place(base | {"siret": "12", "typology": "pas un code"}, imported=True)
    assert set(refused.value.errors) == {"siret", "typology"}
