import re

import pytest
from django.core import mail

from conum.accounts.models import User
from conum.recruitment.models import Candidate, Match
from conum.structures.models import StructureApplication
from tests.factories import ApplicationFactory, UserFactory
from tests.helpers import page_text
from tests.recruitment.builders import URL, form_data


def test_apply_confirm_and_get_matched(client, programme, django_capture_on_commit_callbacks):
    limoges = ApplicationFactory(structure__commune_id="87085")
    StructureApplication.objects.filter(pk=limoges.pk).update(status="validated", posts_granted=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data())
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert (candidate.email, candidate.phone, candidate.email_confirmed_at) == (
        "sam.lefort@exemple.fr",
        "+33612345678",
        None,
    )
    assert candidate.user.role == "candidate"
    assert "sam.lefort@exemple.fr" in page_text(client.get(response.url))
    assert not Match.objects.exists()  # not before the address is confirmed
    link = re.search(r"https?://[^/]+(/recrutement/confirmer/\S+/)", mail.outbox[0].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link)
    assert response.status_code == 302 and "/compte/mot-de-passe-oublie/" in response.url
    candidate.refresh_from_db()
    assert candidate.email_confirmed_at is not None
    assert float(Match.objects.get(candidate=candidate, application=limoges).distance_km) == pytest.approx(
        28.4, abs=0.1
    )


def test_same_email_twice_creates_nothing_and_tells_the_owner(client, programme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data())
        response = client.post(URL, form_data(email="SAM.LEFORT@exemple.fr", first_name="Autre"))
    assert response.status_code == 302 and "sam.lefort@exemple.fr" in page_text(client.get(response.url))
    assert Candidate.objects.count() == 1 and Candidate.objects.get().first_name == "Sam"
    told = mail.outbox[-1]
    assert told.to == ["sam.lefort@exemple.fr"] and "Votre adresse a déjà un compte Conum" in told.body
    assert "/recrutement/confirmer/" in told.body  # not confirmed yet: the link again


def test_an_existing_account_address_creates_nothing(client, programme, django_capture_on_commit_callbacks):
    UserFactory(email="sam.lefort@exemple.fr", structure_manager=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, form_data()).status_code == 302
    assert not Candidate.objects.exists()
    (told,) = mail.outbox
    assert "utilisez une autre adresse e-mail" in told.body and "/recrutement/confirmer/" not in told.body


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"job_seeker": ""}, "Cochez au moins une situation."),
        ({"mediation_diploma": "on", "diploma_name": ""}, "Indiquez le nom de votre diplôme"),
        ({"available_from": "2020-01-01"}, "aujourd'hui ou plus tard"),
        ({"mobility_km": "7"}, "Choisissez une distance de la liste."),
        ({"motivation": "x" * 2501}, "2 500 au plus"),
        ({"phone": "123"}, "Ce numéro de téléphone n'est pas valide"),
        ({"email": "sam@"}, "Saisissez une adresse e-mail valide."),
        ({"commune": "Nulle-Part"}, "Aucune commune ne correspond"),
        ({"has_experience": ""}, "Répondez par oui ou par non."),
    ],
)
def test_bad_input_stores_nothing(client, programme, overrides, message):
    response = client.post(URL, form_data() | overrides)
    assert message in page_text(response)
    assert not Candidate.objects.exists() and not User.objects.exists() and mail.outbox == []


def test_bad_confirmation_link(client, programme):
    client.post(URL, form_data())
    user = User.objects.get()
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    assert client.get(f"/recrutement/confirmer/{uid}/pas-un-jeton/").status_code == 400
    assert client.get("/recrutement/confirmer/xx/yy/").status_code == 400
    assert Candidate.objects.get().email_confirmed_at is None


def test_signing_in_confirms_the_address(client, programme):
    client.post(URL, form_data())
    user = User.objects.get()
    user.set_password("une phrase de passe solide")
    user.save()
    client.post("/compte/connexion/", {"username": user.email, "password": "une phrase de passe solide"})
    assert Candidate.objects.get().email_confirmed_at is not None
