"""The django-otp device that records "the second factor was given at ProConnect".

A session signed in through ProConnect with a multi-factor `acr` or `amr` is logged in to django-otp with this
device (one per user), so that user.is_verified() holds and SecondFactorMiddleware lets the staff member through,
exactly as after a TOTP code. It verifies no code itself: nothing typed can ever match it.
"""

from django_otp.models import Device


class ProConnectDevice(Device):
    class Meta:
        verbose_name = "double authentification ProConnect"

    def verify_token(self, token):
        return False
