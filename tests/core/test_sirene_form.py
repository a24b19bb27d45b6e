"""The structure application form with Sirene (a local replay server): "Rechercher ce SIRET" prefills it without
JavaScript and creates nothing; a closed establishment is refused with its date; an unknown SIRET or a silent
service is said, and the form still works."""

import pytest
from django.core import mail

from conum.structures.models import HostStructure, StructureApplication
from tests.core.replays.server import serve
from tests.helpers import page_text
from tests.structures.builders import form_data

URL = "/structures/candidater/"
OPEN = "21870154800016"
CLOSED = "77577004300047"
UNKNOWN = "44306184100104"
LOOKUP = {"rechercher_siret": "1"}
DOWN = "Le service Sirene ne répond pas : saisissez les informations vous-même."


@pytest.fixture
def replay(settings):
    server = serve(settings)
    yield server
    server.stop()


def typed(**overrides):
    """The form as a person fills it who only typed the SIRET among the structure's fields."""
    return form_data(siret=OPEN, name="", address="", commune="", type="") | overrides


def test_looking_up_a_siret_prefills_the_form_and_creates_nothing(client, programme, replay):
    page = page_text(client.post(URL, typed() | LOOKUP))
    assert 'value="COMMUNE DE SAINT JUNIEN"' in page
    assert 'value="HOTEL DE VILLE PLACE AUGUSTE ROCHE"' in page
    assert 'value="Saint-Junien (87200)"' in page  # the commune of the INSEE code 87154
    assert '<option value="commune" selected>' in page
    assert "Trouvé dans le répertoire Sirene : COMMUNE DE SAINT JUNIEN (structure publique)" in page
    assert 'value="Alix"' in page  # what was typed elsewhere stays
    assert "La candidature n'est pas enregistrée" not in page and "Indiquez le nom" not in page
    assert not HostStructure.objects.exists() and mail.outbox == []
    # Sent as prefilled, the application is created; Sirene was asked once (the cache answers the validation).
    prefilled = typed(name="COMMUNE DE SAINT JUNIEN", address="HOTEL DE VILLE PLACE AUGUSTE ROCHE")
    prefilled |= {"commune": "Saint-Junien (87200)", "type": "commune"}
    response = client.post(URL, prefilled)
    assert response.status_code == 302
    structure = HostStructure.objects.get(siret=OPEN)
    assert (structure.name, structure.commune_id, structure.type) == ("COMMUNE DE SAINT JUNIEN", "87154", "commune")
    assert replay.count("GET", "/search") == 1


def test_a_closed_establishment_is_refused_with_its_closing_date(client, programme, replay):
    looked_up = page_text(client.post(URL, typed(siret=CLOSED) | LOOKUP))
    assert "Cet établissement est fermé depuis le 3 mars 2021" in looked_up
    assert 'value="MAISON DU NUMERIQUE DU LIMOUSIN"' not in looked_up  # nothing prefilled from a closed one
    response = client.post(URL, form_data(siret=CLOSED))
    assert response.status_code == 200
    page = page_text(response)
    assert (
        "Cet établissement est fermé depuis le 3 mars 2021 : indiquez le SIRET d'un établissement en activité." in page
    )
    assert "La candidature n'est pas enregistrée" in page
    assert not HostStructure.objects.exists() and not StructureApplication.objects.exists()


def test_an_unknown_siret_is_said_and_does_not_block(client, programme, replay):
    page = page_text(client.post(URL, typed(siret=UNKNOWN) | LOOKUP))
    assert "Ce SIRET n'est pas dans le répertoire Sirene ouvert" in page
    assert not HostStructure.objects.exists()
    assert client.post(URL, form_data(siret=UNKNOWN)).status_code == 302
    assert HostStructure.objects.filter(siret=UNKNOWN).exists()


def test_a_badly_typed_siret_gets_its_message_without_calling_sirene(client, programme, replay):
    page = page_text(client.post(URL, typed(siret="12345678901234") | LOOKUP))
    assert "Ce SIRET n'existe pas" in page
    assert replay.requests == [] and not HostStructure.objects.exists()


@pytest.mark.parametrize("failure", ["stopped", "error", "slow"])
def test_sirene_down_the_form_says_so_and_still_works(client, programme, replay, settings, failure):
    settings.REFERENCE_API_TIMEOUT_MS = 300
    if failure == "stopped":
        replay.stop()
    else:
        replay.mode = failure
    page = page_text(client.post(URL, typed(name="Mairie de Saint-Junien") | LOOKUP))
    assert DOWN in page and 'class="fr-notice fr-notice--info' in page
    assert 'value="Mairie de Saint-Junien"' in page and 'value="Alix"' in page  # what was typed stays
    response = client.post(URL, form_data(siret=OPEN))
    assert response.status_code == 302
    assert HostStructure.objects.get(siret=OPEN).name == "Mairie de Saint-Junien"


def test_sirene_off_no_lookup_button_and_no_call(client, programme, replay, settings):
    settings.SIRENE_ENABLED = False
    assert "Rechercher ce SIRET" not in page_text(client.get(URL))
    assert client.post(URL, form_data(siret=OPEN)).status_code == 302
    assert replay.requests == []


def test_the_lookup_button_is_offered_and_enter_still_submits(client, replay):
    page = page_text(client.get(URL))
    assert 'name="rechercher_siret"' in page and "Rechercher ce SIRET" in page
    # The first submit button (the form's default, used by Enter) submits the application.
    first = page.index('type="submit"')
    assert page.index("Déposer la candidature", first) < page.index("Rechercher ce SIRET")


@pytest.mark.parametrize(
    "siret, message",
    [
        ("", "Indiquez le SIRET de la structure (14 chiffres)."),
        ("218 701 548 0001\x00", "Le caractère nul n’est pas autorisé."),
        ("2" * 5000, "Assurez-vous que cette valeur comporte au plus 20 caractères"),
        ("21870154800017", "Ce SIRET n'existe pas"),
    ],
)
def test_a_lookup_of_bad_input_answers_a_message_and_calls_nothing(client, territories, replay, siret, message):
    response = client.post(URL, typed(siret=siret) | LOOKUP)
    assert response.status_code == 200
    assert message in page_text(response)
    assert replay.requests == [] and not HostStructure.objects.exists()
