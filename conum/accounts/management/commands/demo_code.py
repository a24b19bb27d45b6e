import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conum.accounts import demo
from conum.accounts.models import normalize_email
from conum.cli import runs_the_demo

NOT_PREPARED = "la démonstration n'est pas encore préparée (uv run conum demo)"


class Command(BaseCommand):
    help = "Affiche le code de double authentification du moment d'un compte de démonstration."

    def add_arguments(self, parser):
        parser.add_argument("email", help="adresse e-mail d'un compte de démonstration")

    def handle(self, *args, email, **options):
        if not runs_the_demo():
            raise CommandError(
                "Réservé à la démonstration : lancez la commande sans SECRET_KEY, avec le CONUM_VAR_DIR de la "
                "démonstration."
            )
        email = normalize_email(email)
        if email not in demo.demo_emails():
            raise CommandError(f"{email} n'est pas un compte de démonstration : {', '.join(demo.demo_emails())}.")
        try:
            device = TOTPDevice.objects.filter(user__email=email, confirmed=True, key=demo.DEMO_TOTP_KEY).first()
        except DatabaseError:  # no tables yet
            raise CommandError(f"Pas de base de démonstration ici : {NOT_PREPARED}.") from None
        if device is None:
            raise CommandError(
                f"{email} n'a pas la clé de démonstration : ce compte ne demande pas de second facteur, ou sa double "
                "authentification a été réinitialisée (utilisez alors votre application), ou "
                f"{NOT_PREPARED}."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        now = time.time()
        seconds_left = device.step - int(now - device.t0) % device.step
        self.stdout.write(f"Code du moment pour {email} : {totp.token():0{device.digits}d}")
        if totp.t() <= device.last_t:
            self.stdout.write(f"Ce code vient de servir : le suivant arrive dans {seconds_left} s.")
        else:
            self.stdout.write(f"Valable encore {seconds_left} s.")
        self.stdout.write(f"Clé pour une application d'authentification : {demo.DEMO_TOTP_SECRET}")
