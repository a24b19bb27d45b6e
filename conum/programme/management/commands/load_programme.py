from django.core.management.base import BaseCommand, CommandError

from conum.programme.setup import load_programme_defaults
from conum.territories.models import Departement


class Command(BaseCommand):
    help = "Crée les paramètres nationaux, le SMIC, les parcours de formation et les dotations par défaut."

    def handle(self, *args, **options):
        if not Departement.objects.exists():
            raise CommandError("Chargez d'abord les territoires : conum load_territories")
        done = load_programme_defaults()
        self.stdout.write("Programme : " + ("; ".join(done) if done else "rien à faire, tout est déjà en place") + ".")
