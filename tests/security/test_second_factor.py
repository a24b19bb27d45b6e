"""Second factor: national staff and prefecture accounts give a TOTP code (or a recovery code) after their password.

These tests sign in through the real forms: tests/conftest.py's force_login counts as a verified sign-in.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conum.accounts import second_factor
from conum.core.models import Journal
from tests.factories import PASSWORD
from tests.helpers import page_text, totp_code, totp_device
from tests.permission_matrix import MATRIX

LOGIN = "/compte/connexion/"
VERIFY = "/compte/double-authentification/"
SET_UP = "/compte/double-authentification/activation/"
CODES = "/compte/double-authentification/codes-de-secours/"
STAFF = ["national_staff", "prefecture_agent", "regional_prefecture_agent"]
OTHERS = ["structure_manager", "advisor", "coordinator", "candidate"]


def sign_in(client, user):
    """The password step, through the login form."""
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, page_text(response)
    return response


def give_code(client, code, url=VERIFY, next_url=""):
    return client.post(url, {"code": code, "next": next_url})


def recovery_codes_for(user) -> list[str]:
    return sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


@pytest.mark.parametrize("persona", STAFF)
def test_staff_are_sent_to_the_second_factor_after_the_password(client, request, persona):
    user = request.getfixturevalue(persona)
    sign_in(client, user)
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response.url == f"{SET_UP}?next=%2Fcompte%2F"  # first time: set-up

    totp_device(user)
    response = client.get("/compte/")
    assert response.url == f"{VERIFY}?next=%2Fcompte%2F"
    page = page_text(client.get(response.url))
    assert "Code de vérification" in page
    assert "Mon espace" not in page  # the role's navigation is hidden until the code is given


@pytest.mark.parametrize("persona", OTHERS)
def test_other_roles_are_not_asked(client, request, persona):
    sign_in(client, request.getfixturevalue(persona))
    assert client.get("/compte/").status_code == 200
    assert client.get(VERIFY).status_code == 404


@pytest.mark.parametrize("persona", ["national_staff", "prefecture_agent"])
def test_no_page_of_the_permission_matrix_answers_before_the_code(client, request, programme, persona):
    user = request.getfixturevalue(persona)
    totp_device(user)
    sign_in(client, user)
    for url, _ in MATRIX:
        path = url.split("?")[0]
        try:
            resolve(path)
        except Resolver404:  # refused by a converter before any view
            assert client.get(url).status_code == 404, url
            continue
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(f"{VERIFY}?next="), url
    # writes too: nothing changes
    response = client.post("/programme/dotations/87/", {"posts": "1"})
    assert response.status_code == 302 and response.url == VERIFY
    from conum.programme.models import DepartementQuota

    assert DepartementQuota.objects.get(departement="87").posts == 36


def test_set_up_shows_a_qr_code_and_the_key_then_ten_recovery_codes_once(
    client, national_staff, django_capture_on_commit_callbacks
):
    sign_in(client, national_staff)
    response = client.get(f"{SET_UP}?next=/journal/")
    assert response.status_code == 200
    page = response.content.decode()
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert "style" not in svg.lower()  # the CSP forbids inline styles
    assert "<title>" in svg
    device = TOTPDevice.objects.get(user=national_staff, confirmed=False)
    assert second_factor.secret_text(device) in page
    assert client.get(SET_UP).content.decode().count(second_factor.secret_text(device)) == 1  # same key on reload

    response = give_code(client, "000000" if totp_code(device) != "000000" else "111111", SET_UP)
    assert "Code incorrect" in page_text(response)
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # django-otp's delay after a wrong code (tested below)

    with django_capture_on_commit_callbacks(execute=True):
        response = give_code(client, totp_code(device), SET_UP, "/journal/")
    assert response.status_code == 302 and response.url == f"{CODES}?next=%2Fjournal%2F"
    device.refresh_from_db()
    assert device.confirmed
    page = page_text(client.get(response.url))
    codes = recovery_codes_for(national_staff)
    assert len(codes) == 10
    for code in codes:
        assert f"{code[:4]} {code[4:]}" in page
    assert 'href="/journal/"' in page
    assert client.get(CODES).status_code == 302  # shown once
    assert client.get("/journal/").status_code == 200
    assert Journal.objects.filter(action="accounts.second_factor_set_up", object_id=str(national_staff.pk)).exists()
    assert [m.to for m in mail.outbox] == [[national_staff.email]]
    assert "activée" in mail.outbox[0].body


def test_set_up_cannot_replace_a_device_with_the_password_alone(client, national_staff):
    device = totp_device(national_staff)
    sign_in(client, national_staff)
    assert client.get(SET_UP).url.startswith(f"{VERIFY}?next=")
    give_code(client, "123456", SET_UP)
    assert list(TOTPDevice.objects.filter(user=national_staff)) == [device]


def test_verification_with_the_authenticator_code(client, prefecture_agent):
    device = totp_device(prefecture_agent)
    sign_in(client, prefecture_agent)
    next_url = client.get("/programme/dotations/").url.split("next=")[1]
    response = give_code(client, totp_code(device), next_url="/programme/dotations/")
    assert response.status_code == 302 and response.url == "/programme/dotations/"
    assert next_url == "%2Fprogramme%2Fdotations%2F"
    assert client.get("/programme/dotations/").status_code == 200
    # the code cannot be replayed in another session
    client.logout()
    sign_in(client, prefecture_agent)
    device.refresh_from_db()
    replay = TOTP(device.bin_key, drift=device.drift)
    replay.time = (device.last_t - device.drift) * device.step
    response = give_code(client, f"{replay.token():06d}")
    assert "Code incorrect" in page_text(response)


def test_next_is_kept_on_this_site(client, national_staff):
    device = totp_device(national_staff)
    sign_in(client, national_staff)
    response = give_code(client, totp_code(device), next_url="https://evil.example/")
    assert response.url == "/compte/"


def test_a_recovery_code_works_once(client, national_staff):
    totp_device(national_staff)
    codes = second_factor.regenerate_recovery_codes(national_staff)
    sign_in(client, national_staff)
    response = give_code(client, codes[0].upper()[:4] + " " + codes[0].upper()[4:])  # as people type it
    assert response.status_code == 302
    response = client.get("/journal/")
    assert response.status_code == 200
    assert "Il vous reste 9 codes de secours" in page_text(response)
    entry = Journal.objects.get(action="accounts.recovery_code_used")
    assert entry.after == {"codes_left": 9} and entry.actor == national_staff

    client.logout()
    sign_in(client, national_staff)
    response = give_code(client, codes[0])
    assert response.status_code == 200
    assert "Code incorrect" in page_text(response)
    assert client.get("/journal/").status_code == 302


def test_wrong_codes_are_explained_then_the_session_is_logged_out(client, national_staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the per-session limit alone (django-otp's delay: next test)
    device = totp_device(national_staff)
    wrong = "000000" if totp_code(device) != "000000" else "111111"
    sign_in(client, national_staff)
    for left in [4, 3, 2, 1]:
        response = give_code(client, wrong)
        assert response.status_code == 200
        text = page_text(response)
        assert "Code incorrect" in text
        assert f"Après {left} autre" in text
    response = give_code(client, wrong)
    assert response.status_code == 302 and response.url == LOGIN
    assert "_auth_user_id" not in client.session
    assert "5 codes erronés : par sécurité, vous avez été déconnecté" in page_text(client.get(LOGIN))
    assert client.get("/compte/").url.startswith(LOGIN)


def test_the_device_delays_the_next_code_after_a_wrong_one(client, national_staff):
    """Kept in the database: signing in again does not give fresh attempts."""
    device = totp_device(national_staff)
    sign_in(client, national_staff)
    give_code(client, "000000" if totp_code(device) != "000000" else "111111")
    response = give_code(client, totp_code(device))
    assert response.status_code == 200
    assert "Trop de codes erronés pour ce compte : attendez 1 seconde" in page_text(response)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp - timedelta(seconds=2)
    )
    assert give_code(client, totp_code(device)).status_code == 302


def test_mon_espace_regenerates_recovery_codes_with_the_password(
    client, national_staff, django_capture_on_commit_callbacks
):
    client.force_login(national_staff)
    old = second_factor.regenerate_recovery_codes(national_staff)
    assert "Codes de secours restants : 10" in page_text(client.get("/compte/"))

    url = "/compte/double-authentification/codes-de-secours/nouveaux/"
    response = client.post(url, {"password": "pas le bon"})
    assert "Mot de passe incorrect" in page_text(response)
    assert recovery_codes_for(national_staff) == sorted(old)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"password": PASSWORD})
    assert response.url == CODES
    new = recovery_codes_for(national_staff)
    assert len(new) == 10 and not set(new) & set(old)
    assert new[0] in page_text(client.get(CODES)).replace(" ", "").replace("\n", "")
    assert Journal.objects.filter(action="accounts.recovery_codes_regenerated").count() == 2
    assert mail.outbox[0].to == [national_staff.email]


def test_mon_espace_resets_the_second_factor_with_the_password(
    client, prefecture_agent, django_capture_on_commit_callbacks
):
    client.force_login(prefecture_agent)
    url = "/compte/double-authentification/reinitialisation/"
    assert client.post(url, {"password": "pas le bon"}).status_code == 200
    assert TOTPDevice.objects.filter(user=prefecture_agent).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"password": PASSWORD})
    assert response.url == SET_UP
    assert not TOTPDevice.objects.filter(user=prefecture_agent, confirmed=True).exists()
    assert client.get("/programme/dotations/").url.startswith(f"{SET_UP}?next=")  # a new device first
    assert Journal.objects.get(action="accounts.second_factor_reset").actor == prefecture_agent
    assert "réinitialisée" in mail.outbox[0].body


def test_wrong_passwords_on_the_confirmation_forms_log_out(client, national_staff):
    client.force_login(national_staff)
    for _ in range(second_factor.FAILURE_LIMIT):
        response = client.post("/compte/double-authentification/reinitialisation/", {"password": "pas le bon"})
    assert response.url == LOGIN
    assert TOTPDevice.objects.filter(user=national_staff, confirmed=True).exists()


def test_operators_reset_a_lost_second_factor(national_staff, capsys):
    totp_device(national_staff)
    call_command("reset_second_factor", "NATIONAL@anct.example")
    assert "réinitialisée" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=national_staff).exists()
    assert Journal.objects.get(action="accounts.second_factor_reset").actor is None
