import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from conum.accounts.models import User
from conum.core.roles import Role
from tests.factories import PASSWORD, UserFactory
from tests.helpers import page_text

LOGIN_URL = "/compte/connexion/"


def _login(client, email, password):
    return client.post(LOGIN_URL, {"username": email, "password": password})


def test_login_is_case_insensitive(client, advisor):
    response = _login(client, "  Conseiller@Exemple.FR ", PASSWORD)
    assert response.status_code == 302 and response.url == "/compte/"
    assert client.session["_auth_user_id"] == str(advisor.pk)


def test_emails_are_unique_whatever_the_case(db):
    UserFactory(email="Marie.Curie@Exemple.fr")
    assert User.objects.get().email == "marie.curie@exemple.fr"
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="MARIE.CURIE@exemple.fr")


def test_wrong_password_message(client, advisor):
    response = _login(client, advisor.email, "mauvais")
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in page_text(response)
    assert "_auth_user_id" not in client.session


@pytest.fixture
def one_address(settings):
    """The lock per (account, address) alone: the slowdown across addresses (accounts.lockout) is tested in
    tests/security/test_login_throttle.py."""
    settings.LOGIN_ACCOUNT_SLOWDOWN_AFTER = 100


def test_ten_wrong_passwords_block_further_attempts(client, advisor, one_address):
    for attempt in range(10):
        response = _login(client, advisor.email.upper() if attempt % 2 else advisor.email, f"mauvais-{attempt}")
    assert response.status_code == 429
    # even the right password is refused while the account is blocked from this address
    response = _login(client, advisor.email, PASSWORD)
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in page_text(response)
    assert "_auth_user_id" not in client.session


def test_nine_wrong_passwords_then_the_right_one_succeeds(client, advisor, one_address):
    for attempt in range(9):
        _login(client, advisor.email, f"mauvais-{attempt}")
    assert _login(client, advisor.email, PASSWORD).status_code == 302


def test_block_lifts_after_the_cooloff(client, advisor, one_address):
    from datetime import timedelta

    from axes.models import AccessAttempt

    for attempt in range(10):
        _login(client, advisor.email, f"mauvais-{attempt}")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    assert _login(client, advisor.email, PASSWORD).status_code == 302


def test_passwords_are_hashed_with_argon2(db):
    user = User.objects.create_user("hash@exemple.fr", "un-mot-de-passe-solide", role=Role.ADVISOR)
    assert user.password.startswith("argon2$")
    assert "un-mot-de-passe-solide" not in user.password
    assert user.check_password("un-mot-de-passe-solide")


def test_password_reset_sends_a_working_link(client, advisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/mot-de-passe-oublie/", {"email": "CONSEILLER@exemple.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["conseiller@exemple.fr"]
    link = re.search(r"https?://[^/]+(/compte/mot-de-passe-oublie/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    assert "Choisir votre mot de passe" in page_text(response)  # never signed in: a first password
    form_url = response.redirect_chain[-1][0]
    new_password = "une-nouvelle-phrase-de-passe"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302 and response.url == "/compte/"  # signed in by the link
    advisor.refresh_from_db()
    assert advisor.check_password(new_password)


def test_password_reset_for_unknown_email_reveals_nothing(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/mot-de-passe-oublie/", {"email": "inconnu@exemple.fr"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_bad_input(client, db):
    response = client.post("/compte/mot-de-passe-oublie/", {"email": "pas-une-adresse"})
    assert "Saisissez une adresse e-mail valide" in page_text(response)


def test_weak_new_password_is_refused(client, advisor):
    client.force_login(advisor)
    response = client.post(
        "/compte/mot-de-passe/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in page_text(response)
    advisor.refresh_from_db()
    assert advisor.check_password(PASSWORD)


def test_logout_needs_post(client, advisor):
    client.force_login(advisor)
    assert client.get("/compte/deconnexion/").status_code == 405
    assert client.post("/compte/deconnexion/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_prefecture_agent_must_have_exactly_one_territory(territories):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.PREFECTURE_AGENT, departement_id=None, region_id=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.PREFECTURE_AGENT, departement_id="87", region_id="75")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.ADVISOR, departement_id="87")


def test_regional_agent_covers_the_departements_of_its_region(regional_prefecture_agent):
    codes = regional_prefecture_agent.departement_codes
    assert {"87", "19", "23", "33"} <= set(codes)
    assert "75" not in codes


def test_user_scoping(national_staff, advisor, candidate):
    assert set(User.objects.for_user(national_staff)) == {national_staff, advisor, candidate}
    assert list(User.objects.for_user(advisor)) == [advisor]
    from django.contrib.auth.models import AnonymousUser

    assert not User.objects.for_user(AnonymousUser()).exists()
