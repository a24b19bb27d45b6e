"""Bad input on the place form, sent directly: a clear French message beside the field and nothing stored."""

import pytest

from conum.activity.models import Place
from conum.core.models import Journal
from tests.activity.builders import place_form
from tests.helpers import page_text

BAD_INPUT = [
    # (case, overrides, field, message)
    ("name missing", {"name": ""}, "name", "Indiquez le nom du lieu."),
    ("name oversized", {"name": "x" * 201}, "name", "200 caractères au plus (201 saisis)."),
    ("name with NUL", {"name": "Média\x00thèque"}, "name", "Le caractère nul n’est pas autorisé."),
    ("address missing", {"address": "  "}, "address", "Indiquez l'adresse du lieu."),
    ("address oversized", {"address": "x" * 301}, "address", "300 caractères au plus (301 saisis)."),
    ("complement oversized", {"address_complement": "x" * 201}, "address_complement", "200 caractères au plus"),
    ("commune missing", {"commune": "", "commune_choix": ""}, "commune", "Indiquez une commune (nom ou code postal)."),
    ("commune unknown", {"commune": "Nulle-Part-sur-Mer", "commune_choix": ""}, "commune",
     "Aucune commune ne correspond à « Nulle-Part-sur-Mer »"),
    ("commune code unknown", {"commune": "", "commune_choix": "99999"}, "commune", "Indiquez une commune"),
    ("postal code short", {"postal_code": "8700"}, "postal_code", "Le code postal compte exactement 5 chiffres"),
    ("postal code letters", {"postal_code": "87A00"}, "postal_code", "Le code postal compte exactement 5 chiffres"),
    ("postal code oversized", {"postal_code": "8" * 50}, "postal_code", "Le code postal compte 5 chiffres."),
    ("postal code of another commune", {"postal_code": "23000"}, "postal_code",
     "Le code postal 23000 n'est pas celui de Limoges (87000, 87100, 87280)."),
    ("postal code missing, several", {"postal_code": ""}, "postal_code",
     "Indiquez le code postal : Limoges en a plusieurs (87000, 87100, 87280)."),
    ("latitude not a number", {"latitude": "quarante-cinq", "longitude": "1,26"}, "latitude",
     "Indiquez un nombre en degrés décimaux, par exemple 45,8336."),
    ("latitude NaN", {"latitude": "nan", "longitude": "1,26"}, "latitude", "Indiquez un nombre en degrés décimaux"),
    ("latitude infinite", {"latitude": "inf", "longitude": "1,26"}, "latitude", "Indiquez un nombre en degrés"),
    ("latitude out of range", {"latitude": "91", "longitude": "1,26"}, "latitude",
     "La latitude est comprise entre -90 et 90 degrés."),
    ("longitude out of range", {"latitude": "45,83", "longitude": "-180,5"}, "longitude",
     "La longitude est comprise entre -180 et 180 degrés."),
    ("latitude alone", {"latitude": "45,83"}, "longitude", "Indiquez la latitude et la longitude, ou aucune des deux."),
    ("longitude alone", {"longitude": "1,26"}, "latitude", "Indiquez la latitude et la longitude, ou aucune des deux."),
    ("outside France", {"latitude": "10", "longitude": "10"}, "latitude", "Ces coordonnées sont hors de France"),
    ("swapped coordinates", {"latitude": "1,2611", "longitude": "45,8336"}, "latitude",
     "Ces coordonnées sont hors de France"),
    ("far from the commune", {"latitude": "43.6045", "longitude": "1.4440"}, "latitude",
     "Ce point est à 251 km de Limoges : vérifiez les coordonnées ou la commune."),
    ("SIRET too short", {"siret": "123"}, "siret", "Le SIRET compte exactement 14 chiffres."),
    ("SIRET letters", {"siret": "2187008560001A"}, "siret", "Le SIRET compte exactement 14 chiffres."),
    ("SIRET bad key", {"siret": "21870085600014"}, "siret", "Ce SIRET n'existe pas"),
    ("SIRET oversized", {"siret": "1" * 40}, "siret", "Le SIRET compte exactement 14 chiffres."),
    ("typology missing", {"typology": ""}, "typology", "Choisissez le type de lieu."),
    ("typology unknown", {"typology": "CASINO"}, "typology", "Choisissez un type de lieu de la liste."),
    ("phone invalid", {"phone": "12"}, "phone", "Ce numéro de téléphone n'est pas valide : par exemple 05 55 12 34 56"),
    ("phone abroad", {"phone": "+44 20 7946 0958"}, "phone", "un numéro de téléphone en France ou en outre-mer"),
    ("phone oversized", {"phone": "0" * 31}, "phone", "Ce numéro de téléphone est trop long"),
    ("e-mail invalid", {"email": "pas-une-adresse"}, "email", "Saisissez une adresse e-mail valide"),
    ("e-mail oversized", {"email": "a" * 250 + "@x.fr"}, "email", "Cette adresse e-mail est trop longue"),
    ("website invalid", {"website": "pas une adresse"}, "website", "Saisissez une adresse web valide"),
    ("website javascript", {"website": "javascript:alert(1)"}, "website", "Saisissez une adresse web valide"),
    ("website oversized", {"website": "https://exemple.fr/" + "a" * 200}, "website", "trop longue (200 caractères"),
    ("hours with h", {"opening_hours": "Mo-Fr 9h-12h"}, "opening_hours",
     "Horaires illisibles au caractère 7 : une heure au format HH:MM est attendue."),
    ("hours unknown day", {"opening_hours": "Xx 09:00-12:00"}, "opening_hours",
     "Horaires illisibles au caractère 1 : un jour est attendu"),
    # "Mo-Fr 12:00-09:00" and "09:00-25:00" are OpenStreetMap's overnight hours: accepted (opening-hours-py reads them).
    ("hours past two days", {"opening_hours": "Mo-Fr 09:00-49:00"}, "opening_hours",
     "Horaires illisibles au caractère 13 : l'heure 49:00 n'existe pas"),
    ("hours bad minute", {"opening_hours": "Mo 09:60-10:00"}, "opening_hours",
     "Horaires illisibles au caractère 4 : l'heure 09:60 n'existe pas"),
    ("hours empty rule", {"opening_hours": "Mo 09:00-12:00;;Tu 09:00-12:00"}, "opening_hours",
     "Horaires illisibles au caractère 16 : une règle est attendue après le point-virgule."),
    ("hours oversized", {"opening_hours": "Mo 09:00-12:00; " * 40}, "opening_hours", "500 caractères au plus"),
    ("no service", {"services": []}, "services", "Cochez au moins un service proposé."),
    ("unknown service", {"services": ["Réparation de vélos"]}, "services",
     "« Réparation de vélos » n'est pas une valeur du standard national pour : services proposés."),
    ("service in another case", {"services": ["aide aux démarches administratives"]}, "services",
     "n'est pas une valeur du standard national"),
    ("unknown public", {"publics": ["Martiens"]}, "publics", "« Martiens » n'est pas une valeur du standard national"),
    ("unknown support", {"specific_support": ["Télépathie"]}, "specific_support", "n'est pas une valeur du standard"),
    ("no fee", {"fees": []}, "fees", "Cochez au moins une modalité de frais."),
    ("unknown fee", {"fees": ["Gratuit", "Sur devis"]}, "fees", "« Sur devis » n'est pas une valeur du standard"),
    ("no access mode", {"access_modes": []}, "access_modes", "Cochez au moins une modalité d'accès."),
    ("no public and walk in", {"access_modes": ["Ce lieu n'accueille pas de public", "Se présenter"]}, "access_modes",
     "« Ce lieu n'accueille pas de public » ne se combine pas avec d'autres modalités d'accès."),
    ("unknown accompaniment", {"accompaniment_modes": ["Par pigeon voyageur"]}, "accompaniment_modes",
     "n'est pas une valeur du standard"),
    ("unknown programme", {"national_programmes": ["Programme imaginaire"]}, "national_programmes",
     "n'est pas une valeur du standard"),
    ("short presentation oversized", {"short_presentation": "é" * 281}, "short_presentation",
     "280 caractères au plus (281 saisis)."),
    ("long presentation oversized", {"long_presentation": "x" * 3001}, "long_presentation",
     "3\u202f000 caractères au plus (3001 saisis)."),
    ("accessibility oversized", {"accessibility": "x" * 1001}, "accessibility",
     "1\u202f000 caractères au plus (1001 saisis)."),
    ("advisor unknown", {"advisors": ["999999"]}, "advisors", "Choisissez des conseillers de la liste."),
    ("advisor not a number", {"advisors": ["abc"]}, "advisors", "Choisissez des conseillers de la liste."),
]  # fmt: skip


@pytest.mark.parametrize("case, overrides, field, message", BAD_INPUT, ids=[case[0] for case in BAD_INPUT])
def test_bad_input_is_refused_beside_its_field(
    client, structure_manager, hired_advisor, place, case, overrides, field, message
):
    client.force_login(structure_manager)
    for url in ("/activite/lieux/nouveau/", f"/activite/lieux/{place.pk}/modifier/"):
        response = client.post(url, place_form(**overrides))
        assert response.status_code == 200, (url, response.status_code)
        form = response.context["form"]
        assert any(message in error for error in form.errors.get(field, [])), (url, form.errors)
        assert message.replace("'", "&#x27;") in response.content.decode() or message in page_text(response)
    assert Place.objects.count() == 1
    place.refresh_from_db()
    assert place.name == "Médiathèque de Limoges"
    assert not Journal.objects.filter(action__startswith="activity.place").exists()


def test_the_hours_error_is_shown_beside_the_field(client, advisor, hired_advisor):
    client.force_login(advisor)
    page = page_text(client.post("/activite/lieux/nouveau/", place_form(opening_hours="Mo-Fr 9h-12h")))
    field = page[page.index('for="id_opening_hours"') :]
    field = field[: field.index("</div>\n</div>") if "</div>\n</div>" in field else 3000]
    assert "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00" in field  # the help text's example
    assert 'value="Mo-Fr 9h-12h"' in field  # what was typed stays, to be corrected
    assert "Horaires illisibles au caractère 7 : une heure au format HH:MM est attendue." in field


JUNK = ["\x00", "a\x00b", "x" * 5000, "'; DROP TABLE activity_place; --", "💥", "%", "_", "87000\x00", "-1", "1e309"]
FIELDS = [
    "structure", "name", "typology", "address", "address_complement", "commune", "commune_choix", "postal_code",
    "latitude", "longitude", "siret", "phone", "email", "website", "opening_hours", "services", "publics",
    "specific_support", "fees", "access_modes", "accompaniment_modes", "national_programmes", "short_presentation",
    "long_presentation", "accessibility", "advisors",
]  # fmt: skip


@pytest.mark.parametrize("junk", JUNK)
def test_place_pages_survive_junk_and_store_nothing(client, advisor, structure_manager, place, junk):
    for user in (advisor, structure_manager):
        client.force_login(user)
        assert client.post("/activite/lieux/nouveau/", dict.fromkeys(FIELDS, junk)).status_code == 200
        assert client.post(f"/activite/lieux/{place.pk}/modifier/", dict.fromkeys(FIELDS, junk)).status_code == 200
        assert client.get("/activite/lieux/", {"archives": junk, "page": junk}).status_code == 200
        assert client.get("/activite/lieux/nouveau/", {"commune": junk}).status_code == 200
    assert Place.objects.count() == 1
    assert not Journal.objects.filter(action__startswith="activity.place").exists()


@pytest.mark.parametrize("path", ["/activite/lieux/%00/", "/activite/lieux/1%00/modifier/", "/activite/lieux/-1/"])
def test_junk_in_place_urls_is_404(client, advisor, hired_advisor, path):
    client.force_login(advisor)
    assert client.get(path).status_code == 404


def test_an_empty_post_lists_what_is_missing(client, advisor, hired_advisor):
    client.force_login(advisor)
    form = client.post("/activite/lieux/nouveau/", {}).context["form"]
    assert set(form.errors) == {"name", "typology", "address", "commune", "services", "fees", "access_modes"}
    assert not Place.objects.exists()
