"""Issue 14, High 1: login throttling that a stranger cannot use to lock an account from elsewhere, and the
form and API limits counted per real client behind the documented proxy (TRUSTED_PROXY_COUNT=1).

Every request below comes from the proxy (REMOTE_ADDR 127.0.0.1) with the X-Forwarded-For that nginx
builds: whatever the client sent, then the address nginx saw.
"""

import re
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.test import Client

from tests.activity.conftest import hired_advisor, limoges_application  # noqa: F401  (fixtures)
from tests.factories import PASSWORD, UserFactory
from tests.helpers import page_text
from tests.public.conftest import network, workshop  # noqa: F401  (fixtures)

LOGIN_URL = "/compte/connexion/"
OWNER = "directrice@mairie.example"


@pytest.fixture(autouse=True)
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # Argon2 costs a third of a second per guess: hash with MD5 here, the throttle does not care.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def owner(db):
    return UserFactory(structure_manager=True, email=OWNER, password=make_password(PASSWORD))


@pytest.fixture
def clock(monkeypatch):
    """time.time() under the test's control (the cache's expiry follows it too)."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])

    class Clock:
        def advance(self, seconds):
            now[0] += seconds

    return Clock()


def login(client, email, password, address, forged=None):
    forwarded = f"{forged}, {address}" if forged else address
    return client.post(
        LOGIN_URL, {"username": email, "password": password}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
    )


def alert(response) -> str:
    found = re.search(r'role="alert">(.*?)</div>', page_text(response), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_elsewhere(owner, clock):
    attacker = Client()
    for attempt in range(10):
        clock.advance(61)  # past any slowdown: only the (account, address) lock is at work here
        response = login(attacker, OWNER, f"mauvais-{attempt}", "198.51.100.66")
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in page_text(response)
    clock.advance(61)
    assert login(attacker, OWNER, PASSWORD, "198.51.100.66").status_code == 429  # the attacker's pair is locked
    assert not signed_in(attacker)

    # The lock is stored for the attacker's address, not for a NULL address shared by everyone.
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [(OWNER, "198.51.100.66")]

    at_home = Client()
    response = login(at_home, OWNER, PASSWORD, "203.0.113.10")
    assert response.status_code == 302
    assert signed_in(at_home)


def test_a_forged_prefix_does_not_escape_the_account_lock(owner, clock):
    attacker = Client()
    for attempt in range(10):
        clock.advance(61)
        login(attacker, OWNER, f"mauvais-{attempt}", "198.51.100.66", forged=f"10.9.8.{attempt}")
    clock.advance(61)
    response = login(attacker, OWNER, PASSWORD, "198.51.100.66", forged="10.9.8.200")
    assert response.status_code == 429
    assert not signed_in(attacker)


def test_password_spraying_is_capped_per_address(owner, settings):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 30
    sprayer = Client()
    for index in range(30):
        response = login(sprayer, f"agent{index}@mairie.example", "Printemps2026!", "198.51.100.77")
        assert response.status_code == 200, index
    # The 31st guess, even the right password of a real account, is not checked.
    response = login(sprayer, OWNER, PASSWORD, "198.51.100.77")
    assert response.status_code == 429
    assert "Trop de mots de passe erronés ont été saisis depuis votre connexion" in alert(response)
    assert not signed_in(sprayer)
    # A forged prefix is still the same client.
    assert login(sprayer, OWNER, PASSWORD, "198.51.100.77", forged="10.0.0.8").status_code == 429
    # Everyone else signs in.
    elsewhere = Client()
    assert login(elsewhere, OWNER, PASSWORD, "203.0.113.10").status_code == 302


def _slowdown_waits(email, password_of_owner, clock):
    """Wrong passwords for `email` from a new address each time, as a botnet would: the waits announced."""
    for index in range(5):  # the first five are checked at once
        assert login(Client(), email, "mauvais", f"198.51.100.{index}").status_code == 200
    waits, messages = [], []
    for index in range(8):
        assert login(Client(), email, "mauvais", f"198.51.101.{index}").status_code == 200
        refused = login(Client(), email, password_of_owner, f"198.51.102.{index}")
        assert refused.status_code == 429
        messages.append(alert(refused))
        waits.append(int(refused["Retry-After"]))
        clock.advance(waits[-1])
    return waits, messages


def test_wrong_passwords_for_one_account_from_many_addresses_are_slowed_down(owner, clock):
    waits, messages = _slowdown_waits(OWNER, PASSWORD, clock)
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60]  # exponential, capped at a minute
    assert messages[1] == (
        "Trop d'essais de connexion pour cette adresse e-mail en peu de temps. Patientez 2 secondes, puis réessayez."
    )
    assert not AccessAttempt.objects.filter(ip_address__startswith="198.51.102.").exists()  # never checked
    # Once the wait is over, the owner signs in from anywhere, and the slowdown ends.
    owner_client = Client()
    assert login(owner_client, OWNER, PASSWORD, "203.0.113.10").status_code == 302
    assert login(Client(), OWNER, "mauvais", "198.51.103.1").status_code == 200
    assert login(Client(), OWNER, PASSWORD, "198.51.103.2").status_code == 302


def test_the_slowdown_says_the_same_whether_the_account_exists(owner, clock):
    _, for_the_owner = _slowdown_waits(OWNER, PASSWORD, clock)
    _, for_nobody = _slowdown_waits("personne@mairie.example", PASSWORD, clock)
    assert for_the_owner == for_nobody


def test_the_owners_usual_browser_is_not_slowed_down(owner, clock):
    browser = Client()
    assert login(browser, OWNER, PASSWORD, "203.0.113.10").status_code == 302
    browser.post("/compte/deconnexion/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10")
    for index in range(12):  # a botnet keeps the account slowed down
        login(Client(), OWNER, "mauvais", f"198.51.100.{index}")
    assert login(Client(), OWNER, PASSWORD, "198.51.104.1").status_code == 429
    assert login(browser, OWNER, PASSWORD, "203.0.113.11").status_code == 302  # a new address, same browser
    assert signed_in(browser)


def test_twelve_citizens_behind_the_proxy_each_have_their_own_form_bucket(client, workshop, settings):  # noqa: F811
    assert settings.PUBLIC_FORM_RATE_LIMIT == 10
    url = f"/aide-numerique/ateliers/{workshop.pk}/inscription/"
    for index in range(12):
        forwarded = f"203.0.113.{index + 1}"
        response = client.post(url, {"first_name": ""}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        assert response.status_code == 400, index  # the form's own errors, never 429


def test_a_forged_prefix_does_not_change_the_form_bucket(client, workshop):  # noqa: F811
    url = f"/aide-numerique/ateliers/{workshop.pk}/inscription/"
    for index in range(10):
        forwarded = f"10.0.0.{index}, 203.0.113.7"
        response = client.post(url, {"first_name": ""}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        assert response.status_code == 400
    forwarded = "10.0.0.99, 203.0.113.7"
    response = client.post(url, {"first_name": ""}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == 429
    assert "Trop de demandes" in page_text(response)


def test_anonymous_api_limit_is_per_client_behind_the_proxy(client, db, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3

    def get(forwarded):
        return client.get("/api/v1/workshops", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    for index in range(3):
        assert get(f"10.0.0.{index}, 203.0.113.7").status_code == 200
    assert get("10.0.0.50, 203.0.113.7").status_code == 429
    assert get("203.0.113.7").status_code == 429
    assert get("203.0.113.8").status_code == 200  # another client behind the same proxy
