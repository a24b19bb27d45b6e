import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from conum.core.demo_steps import demo_modules, timed


class Command(BaseCommand):
    help = "Prépare la base de démonstration (migrations, territoires, programme, comptes) et lance le serveur."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="adresse et port du serveur")
        parser.add_argument("--no-serve", action="store_true", help="préparer les données sans lancer le serveur")

    def handle(self, *args, addrport, no_serve, **options):
        if not settings.DEBUG:
            raise CommandError(
                "La démonstration tourne avec DEBUG=true : elle crée des comptes aux mots de passe connus."
            )
        started = time.monotonic()
        timed(self.stdout, "Migrations de la base", call_command, "migrate", verbosity=0)
        for module in demo_modules():
            module.populate(self.stdout)
        self.stdout.write(f"Démonstration prête en {time.monotonic() - started:.1f} s.")
        if not no_serve:
            self.stdout.write(f"Conum est servi sur http://{addrport}/ (Ctrl+C pour arrêter).")
            call_command("runserver", addrport, use_reloader=False)
