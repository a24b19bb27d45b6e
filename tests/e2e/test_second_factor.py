"""The second factor in the browser: set-up from the key shown on the page, recovery codes, then verification."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.helpers import totp_code, totp_device

pytestmark = [pytest.mark.e2e, pytest.mark.system]


def _password_step(page, email):
    page.goto("/compte/connexion/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_staff_set_up_then_verify_their_second_factor(national_staff, page, screenshot, check_accessibility):
    _password_step(page, national_staff.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer la double authentification")
    expect(page.get_by_role("img", name="QR code à scanner avec votre application")).to_be_visible()
    screenshot(page, "set_up")
    check_accessibility(page, "set_up")

    # What a person does with an authenticator app: type the key shown, then the code the app shows.
    key = b32decode(page.locator("#cle-secrete").inner_text().replace(" ", ""))
    page.locator("#id_code").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Activer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vos codes de secours")
    expect(page.get_by_role("list", name="Codes de secours").get_by_role("listitem")).to_have_count(10)
    screenshot(page, "recovery_codes")
    check_accessibility(page, "recovery_codes")
    page.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")

    page.get_by_role("button", name="Se déconnecter").click()
    _password_step(page, national_staff.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Code de vérification")
    page.locator("#id_code").fill("000000" if TOTP(key).token() != 0 else "111111")
    page.get_by_role("button", name="Valider").click()
    expect(page.locator("main")).to_contain_text("Code incorrect")
    screenshot(page, "verify_error")
    check_accessibility(page, "verify_error")

    device = totp_device(national_staff)
    device.throttle_reset()  # django-otp's one-second delay after the wrong code
    page.locator("#id_code").fill(totp_code(device))
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_text("Codes de secours restants : 10")).to_be_visible()
