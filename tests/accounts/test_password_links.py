"""The set-password page of a link (forgotten password, invitation, candidate's confirmation): its title says
whether the password is a first one, and choosing it signs the person in, to "Mon espace"; a role that requires
a second factor still passes the code step."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from conum.accounts.invitations import set_password_url
from conum.accounts.models import User
from conum.recruitment.models import Candidate
from tests.factories import PASSWORD, UserFactory
from tests.helpers import page_text, totp_device
from tests.recruitment.builders import URL as APPLY_URL
from tests.recruitment.builders import form_data

NEW_PASSWORD = "une phrase de passe bien longue"
SPACE = "/compte/"


def _link(user) -> str:
    """The path of the link an invitation e-mail carries."""
    return set_password_url(user).removeprefix(settings.SITE_URL)


def _open(client, link):
    """Follow the e-mail's link to the form (the token moves to the session); the form's address and the page."""
    response = client.get(link, follow=True)
    return response.redirect_chain[-1][0], page_text(response)


def _choose(client, form_url, password=NEW_PASSWORD, confirmation=None):
    return client.post(form_url, {"new_password1": password, "new_password2": confirmation or password})


def _signed_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def test_forgotten_password_of_someone_who_signed_in_before_is_a_new_one(client, advisor):
    User.objects.filter(pk=advisor.pk).update(last_login=timezone.now())
    advisor.refresh_from_db()
    form_url, page = _open(client, _link(advisor))
    assert "<h1>Choisir un nouveau mot de passe</h1>" in page
    assert "<title>Choisir un nouveau mot de passe — Conum</title>" in page


def test_invited_account_chooses_its_first_password_and_lands_in_its_space(client, structure_manager):
    form_url, page = _open(client, _link(structure_manager))  # never signed in
    assert "<h1>Choisir votre mot de passe</h1>" in page
    assert "<title>Choisir votre mot de passe — Conum</title>" in page
    assert "nouveau mot de passe" not in page

    response = _choose(client, form_url)
    assert response.status_code == 302 and response.url == SPACE
    assert _signed_in_as(client) == str(structure_manager.pk)
    structure_manager.refresh_from_db()
    assert structure_manager.check_password(NEW_PASSWORD) and structure_manager.last_login is not None
    space = client.get(SPACE)
    assert space.status_code == 200
    assert "Mot de passe enregistré : vous êtes connecté(e)." in page_text(space)


def test_candidate_confirms_the_address_chooses_a_password_and_is_signed_in(
    client, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY_URL, form_data())
    confirmation = re.search(r"https?://[^/]+(/recrutement/confirmer/\S+/)", mail.outbox[0].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        form_url, page = _open(client, confirmation)
    assert "Adresse confirmée" in page
    assert "<h1>Choisir votre mot de passe</h1>" in page

    response = _choose(client, form_url)
    assert response.status_code == 302 and response.url == SPACE
    candidate = Candidate.objects.get()
    assert _signed_in_as(client) == str(candidate.user_id)
    assert "Mot de passe enregistré : vous êtes connecté(e)." in page_text(client.get(SPACE))


@pytest.mark.parametrize("has_device", [False, True])
def test_a_role_with_a_second_factor_still_passes_the_code_step(client, territories, has_device):
    agent = UserFactory(prefecture_agent=True, email="agent@haute-vienne.gouv.fr")
    if has_device:
        totp_device(agent)
    form_url, page = _open(client, _link(agent))
    assert "<h1>Choisir votre mot de passe</h1>" in page

    response = _choose(client, form_url)
    assert response.status_code == 302 and response.url == SPACE
    step = "/compte/double-authentification/" if has_device else "/compte/double-authentification/activation/"
    # The password alone opens no page: every one, "Mon espace" first, leads to the code step.
    for url in (SPACE, "/conseillers/", "/aide-numerique/"):
        blocked = client.get(url)
        assert blocked.status_code == 302 and blocked.url.startswith(step + "?next=")
    assert "otp_device_id" not in client.session
    page = page_text(client.get(client.get(SPACE).url))
    assert "Mot de passe enregistré. Dernière étape pour vous connecter : la double authentification." in page


def test_mismatched_passwords_change_nothing(client, structure_manager):
    form_url, _ = _open(client, _link(structure_manager))
    response = _choose(client, form_url, confirmation="une autre phrase de passe")
    assert response.status_code == 200
    page = page_text(response)
    assert "<title>Erreur — Choisir votre mot de passe — Conum</title>" in page
    assert "Les deux mots de passe ne correspondent pas." in page
    structure_manager.refresh_from_db()
    assert structure_manager.check_password(PASSWORD) and _signed_in_as(client) is None


def test_a_link_serves_once(client, structure_manager):
    link = _link(structure_manager)
    form_url, _ = _open(client, link)
    _choose(client, form_url)
    client.logout()
    response = client.get(link, follow=True)
    page = page_text(response)
    assert response.status_code == 200 and "<h1>Lien expiré ou déjà utilisé</h1>" in page
    assert "<title>Lien expiré ou déjà utilisé — Conum</title>" in page
    assert 'href="/compte/mot-de-passe-oublie/"' in page and 'href="/compte/connexion/"' in page
    assert 'name="new_password1"' not in page


def test_a_deactivated_account_cannot_use_its_invitation(client, structure_manager):
    link = _link(structure_manager)
    User.objects.filter(pk=structure_manager.pk).update(is_active=False)
    response = client.get(link, follow=True)
    assert "<h1>Lien expiré ou déjà utilisé</h1>" in page_text(response)
    response = client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else link,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    structure_manager.refresh_from_db()
    assert structure_manager.check_password(PASSWORD) and _signed_in_as(client) is None
