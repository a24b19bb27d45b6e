from datetime import date, timedelta

import pytest
from django.core import mail

from conum.accounts.models import User
from conum.structures.models import HostStructure, StructureApplication, StructureMembership
from tests.factories import UserFactory, valid_siret
from tests.helpers import page_text
from tests.structures.builders import form_data

URL = "/structures/candidater/"


@pytest.fixture
def siret():
    return valid_siret(21370123)


def test_public_application_stores_everything_and_opens_an_account(
    client, programme, siret, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(siret=siret))
    assert response.status_code == 302 and response.url == "/structures/candidater/envoyee/"
    structure = HostStructure.objects.get(siret=siret)
    assert (structure.commune_id, structure.departement_id, structure.contact_phone) == ("87154", "87", "+33555021717")
    assert structure.zrr and not structure.qpv
    application = StructureApplication.objects.get()
    assert (application.status, application.posts_requested) == ("submitted", 2)
    user = User.objects.get(email="alix.martin@saint-junien.example")
    assert user.role == "structure_manager"
    assert StructureMembership.objects.filter(structure=structure, user=user).exists()
    assert "/compte/mot-de-passe-oublie/" in mail.outbox[0].body
    confirmation = page_text(client.get(response.url))
    assert "Demande envoyée" in confirmation and "Mairie de Saint-Junien" in confirmation


@pytest.mark.parametrize(
    "overrides, field_message",
    [
        ({"siret": "12345678901234"}, "Ce SIRET n'existe pas"),
        ({"siret": "1234"}, "Le SIRET compte exactement 14 chiffres."),
        ({"commitment_sign": ""}, "Cet engagement est nécessaire pour déposer la candidature."),
        ({"posts_requested": "0"}, "Demandez au moins 1 poste."),
        ({"posts_requested": "31"}, "Une structure peut demander au plus 30 postes."),
        ({"posts_requested": "deux"}, "Indiquez un nombre entier de postes (de 1 à 30)."),
        ({"mission_start": (date.today() - timedelta(days=1)).isoformat()}, "doit être aujourd'hui ou plus tard"),
        ({"motivation": "x" * 3000}, "Votre texte fait 3000 caractères : 2 500 au plus."),
        ({"contact_email": "alix.martin@"}, "Saisissez une adresse e-mail valide"),
        ({"contact_phone": "12"}, "Ce numéro de téléphone n'est pas valide"),
        ({"commune": "Atlantide"}, "Aucune commune ne correspond à « Atlantide »"),
        ({"type": "ovni"}, "Sélectionnez un choix valide"),
        ({"name": ""}, "Indiquez le nom de la structure."),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_stored(client, programme, siret, overrides, field_message):
    response = client.post(URL, form_data(siret=siret) | overrides)
    assert response.status_code == 200
    page = page_text(response)
    assert field_message in page
    assert "La candidature n'est pas enregistrée" in page
    assert not HostStructure.objects.exists() and not StructureApplication.objects.exists()
    assert not User.objects.exists()
    assert mail.outbox == []


def test_live_siret_creates_nothing_and_tells_the_structure(
    client, programme, siret, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, form_data(siret=siret)).status_code == 302
        response = client.post(URL, form_data(siret=siret, contact_email="autre@saint-junien.example"))
    assert response.status_code == 302
    assert "Demande envoyée" in page_text(client.get(response.url))
    assert StructureApplication.objects.count() == 1
    assert not User.objects.filter(email="autre@saint-junien.example").exists()
    told = mail.outbox[-2]
    assert told.to == ["alix.martin@saint-junien.example"] and "autre@saint-junien.example" in told.body
    assert "Une candidature de la structure est déjà en cours" in told.body
    assert mail.outbox[-1].to == ["autre@saint-junien.example"]


def test_a_member_using_the_public_form_again_is_sent_to_the_space(
    client, programme, siret, django_capture_on_commit_callbacks
):
    client.post(URL, form_data(siret=siret))
    StructureApplication.objects.update(status="refused")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, form_data(siret=siret, posts_requested="1")).status_code == 302
    assert StructureApplication.objects.count() == 1 and HostStructure.objects.count() == 1
    (reminder,) = mail.outbox
    structure = HostStructure.objects.get()
    assert reminder.to == ["alix.martin@saint-junien.example"]
    assert f"/structures/ma-structure/{structure.pk}/nouvelle-candidature/" in reminder.body


def test_contact_address_of_another_kind_of_account_creates_nothing(
    client, programme, siret, django_capture_on_commit_callbacks
):
    UserFactory(email="alix.martin@saint-junien.example", candidate=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(siret=siret))
    assert response.status_code == 302
    assert "Candidat" not in page_text(client.get(response.url))
    assert not HostStructure.objects.exists()
    (told,) = mail.outbox
    assert told.to == ["alix.martin@saint-junien.example"] and "/compte/mot-de-passe-oublie/" in told.body


def test_existing_structure_manager_gets_the_new_structure(
    client, programme, siret, structure_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(siret=siret, contact_email=structure_manager.email))
    assert response.status_code == 302
    assert StructureMembership.objects.filter(user=structure_manager).count() == 1
    (confirmation,) = mail.outbox
    assert "/structures/ma-structure/" in confirmation.body and "/compte/mot-de-passe-oublie/" not in confirmation.body


def test_confirmation_page_needs_the_submitting_session(client, programme):
    assert client.get("/structures/candidater/envoyee/").status_code == 404
