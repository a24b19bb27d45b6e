import time

from django.core.management.base import BaseCommand

from conum.recruitment import matching


class Command(BaseCommand):
    help = "Recalcule toutes les mises en relation entre candidats disponibles et structures ayant des postes ouverts."

    def handle(self, *args, **options):
        started = time.monotonic()
        report = matching.run()
        self.stdout.write(f"Mises en relation : {report} ({time.monotonic() - started:.1f} s).")
