"""Password reset: at most 3 e-mails per address an hour and a limit per client, with the same answer whether
or not an account exists for the address (no enumeration)."""

import pytest
from django.core import mail

from tests.factories import UserFactory
from tests.helpers import page_text

pytestmark = pytest.mark.django_db
URL = "/compte/mot-de-passe-oublie/"


def ask(client, email, n):
    """One reset request from its own client address (192.0.2.n)."""
    response = client.post(URL, {"email": email}, REMOTE_ADDR=f"192.0.2.{n}")
    return response.status_code, response.get("Location")


def test_an_address_receives_three_emails_an_hour_whatever_the_clients(client, django_capture_on_commit_callbacks):
    UserFactory(email="agent@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [ask(client, email, n) for n, email in enumerate(["agent@exemple.fr", " AGENT@Exemple.fr"] * 3)]
    assert len(mail.outbox) == 3
    assert {tuple(message.to) for message in mail.outbox} == {("agent@exemple.fr",)}
    assert set(answers) == {(302, "/compte/mot-de-passe-oublie/envoye/")}


def test_an_address_without_account_gets_the_same_answers(client, django_capture_on_commit_callbacks):
    UserFactory(email="agent@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        known = [ask(client, "agent@exemple.fr", n) for n in range(5)]
        unknown = [ask(client, "personne@exemple.fr", 100 + n) for n in range(5)]
    assert known == unknown
    assert len(mail.outbox) == 3


def test_one_client_is_limited_whatever_the_addresses(client, settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_FORM_RATE_LIMIT = 10
    for n in range(12):
        UserFactory(email=f"agent{n}@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post(URL, {"email": f"agent{n}@exemple.fr"}) for n in range(11)]
        unknown = client.post(URL, {"email": "personne@exemple.fr"})
    assert [response.status_code for response in answers] == [302] * 10 + [429]
    assert "Trop de demandes ont été envoyées depuis votre connexion" in page_text(answers[-1])
    assert unknown.status_code == 429  # the same refusal for an address without account
    assert len(mail.outbox) == 10
