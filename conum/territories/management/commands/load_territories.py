import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from conum.territories.loader import load_territories
from conum.territories.models import Commune


class Command(BaseCommand):
    help = "Charge (ou met à jour) régions, départements, EPCI et communes depuis les fichiers de référence."

    def add_arguments(self, parser):
        parser.add_argument("--departement", action="append", help="limiter les communes à ce département")

    def handle(self, *args, departement=None, **options):
        started = time.monotonic()
        before = Commune.objects.count()
        with tqdm(desc="Communes", unit=" communes", total=None, disable=options["verbosity"] == 0) as bar:
            report = load_territories(departements=departement, on_batch=bar.update)
        created = Commune.objects.count() - before
        counts = ", ".join(f"{n} {label}" for label, n in report.counts.items())
        self.stdout.write(
            f"Territoires chargés en {time.monotonic() - started:.1f} s : {counts} "
            f"({created} communes nouvelles, {report.counts['communes'] - created} déjà présentes et mises à jour ; "
            f"codes postaux : {report.postal_codes_added} ajoutés, {report.postal_codes_removed} retirés)."
        )
