import io
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from conum.cli import DEMO_ADDRPORT, runs_the_demo
from conum.core.demo_steps import fast_build, run_steps, timed, write_summaries


class Command(BaseCommand):
    help = "Prépare la base de démonstration (migrations, territoires, programme, comptes) et lance le serveur."

    def add_arguments(self, parser):
        # The `conum` command reads it too: SITE_URL and ALLOWED_HOSTS follow it (conum/cli.py).
        parser.add_argument("--addrport", default=DEMO_ADDRPORT, help="adresse et port du serveur")
        parser.add_argument("--no-serve", action="store_true", help="préparer les données sans lancer le serveur")

    def handle(self, *args, addrport, no_serve, **options):
        if not runs_the_demo():
            raise CommandError(
                "La démonstration crée des comptes au mot de passe connu : elle ne tourne qu'avec la clé qu'elle "
                "génère, quand SECRET_KEY n'est pas défini. Lancez-la sans SECRET_KEY, jamais en production."
            )
        started = time.monotonic()
        with fast_build():
            timed(self.stdout, "Migrations de la base", call_command, "migrate", verbosity=0)
            run_steps(self.stdout)
        self.stdout.write(f"Démonstration prête en {time.monotonic() - started:.1f} s.")
        self.stdout.write(f"\nConum : {settings.SITE_URL}/" + ("" if no_serve else "  (Ctrl+C pour arrêter)"))
        write_summaries(self.stdout)
        if not no_serve:
            # DEBUG stays off (production's error pages): runserver serves the static files itself (--insecure);
            # its English banner is left out, the address is above.
            call_command("runserver", addrport, use_reloader=False, insecure_serving=True, stdout=io.StringIO())
