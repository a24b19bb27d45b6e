"""The second factor of the roles that require one (User.requires_second_factor).

One TOTP device per user (an authenticator app: a 6-digit code every 30 s) and one static device holding
RECOVERY_CODE_COUNT single-use recovery codes, both django-otp models. The device verifies the code and
throttles wrong ones itself (exponential delay, kept in the database across sessions); the views add a
per-session limit (FAILURE_LIMIT wrong codes, then the session is logged out). Set-up, use of a recovery
code, new recovery codes and resets are journaled, and the account's owner is told by e-mail.
"""

import math
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conum.core import journal
from conum.core.emails import send_templated_email

TOTP_DEVICE_NAME = "Application d'authentification"
RECOVERY_DEVICE_NAME = "Codes de secours"
RECOVERY_CODE_COUNT = 10
# Wrong codes in one session before it is logged out.
FAILURE_LIMIT = 5


def totp_device(user, confirmed=True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_set_up(user) -> bool:
    return totp_device(user) is not None


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_device(user) -> TOTPDevice:
    """The device being set up: the same key until it is confirmed, so that reloading the page keeps the QR code
    the person may already have scanned."""
    return totp_device(user, confirmed=False) or TOTPDevice.objects.create(
        user=user, name=TOTP_DEVICE_NAME, confirmed=False
    )


def secret_text(device: TOTPDevice) -> str:
    """The key as authenticator apps expect it typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG: presentation attributes only, no style (the CSP forbids inline
    styles)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, light="#fff", svgclass=None, lineclass=None, title="QR code à scanner avec votre application"
    )
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


def normalize_code(code: str) -> str:
    """People copy codes with spaces or dashes, recovery codes in capitals."""
    return "".join(code.split()).replace("-", "").lower()


def is_totp_code(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


@dataclass
class Check:
    """The outcome of a code: the device that accepted it, or how long to wait before the next try (the device's
    own throttle), or neither (a wrong code)."""

    device: Device | None = None
    wait_seconds: int = 0

    @property
    def is_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


def check_code(user, code: str, device: Device | None = None) -> Check:
    """Verify `code` against `device`, else the user's authenticator (6 digits) or recovery codes (anything else).

    The device row is locked, so that one code cannot be accepted twice by concurrent requests."""
    code = normalize_code(code)
    if device is None:
        device = totp_device(user) if is_totp_code(code) else recovery_device(user)
    if device is None:
        return Check()
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            wait = (details["locked_until"] - timezone.now()).total_seconds()
            return Check(wait_seconds=max(1, math.ceil(wait)))
        if device.verify_token(code):
            return Check(device=device)
    return Check()


def _new_recovery_codes(user) -> list[str]:
    """Replace the codes, keeping the device: a session verified by a recovery code stays verified."""
    device = recovery_device(user) or StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _tell_owner(user, event: str) -> None:
    context = {"user": user, "event": event, "site_url": settings.SITE_URL}
    send_templated_email("accounts/second_factor_email.txt", context, [user.email])


def _record(actor, action, user, after=None) -> None:
    journal.record(actor, action, user, None, after, label=f"Compte n° {user.pk}")


@transaction.atomic
def confirm_set_up(user, device: TOTPDevice) -> list[str]:
    """The first code was right: the device becomes the user's second factor. Returns the recovery codes, to be
    shown once."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    _record(user, "accounts.second_factor_set_up", user)
    _tell_owner(user, "La double authentification a été activée sur votre compte.")
    return codes


def recovery_code_used(user) -> int:
    """Journal the use of a recovery code; the number of codes left."""
    left = recovery_codes_left(user)
    _record(user, "accounts.recovery_code_used", user, {"codes_left": left})
    return left


@transaction.atomic
def regenerate_recovery_codes(user) -> list[str]:
    codes = _new_recovery_codes(user)
    _record(user, "accounts.recovery_codes_regenerated", user)
    _tell_owner(user, "De nouveaux codes de secours ont été générés pour votre compte ; les anciens ne valent plus.")
    return codes


@transaction.atomic
def reset(user, by=None) -> None:
    """Forget the authenticator and the recovery codes: the next page asks to set up a new one.

    `by` is the user themselves (from "Mon compte"), or None for an operator's command."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _record(by, "accounts.second_factor_reset", user)
    _tell_owner(
        user,
        "La double authentification de votre compte a été réinitialisée : "
        "à la prochaine connexion, vous associerez une nouvelle application d'authentification.",
    )
