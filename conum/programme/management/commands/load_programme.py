from django.core.management.base import BaseCommand, CommandError

from conum.programme.setup import load_programme_defaults
from conum.territories.models import Departement


class Command(BaseCommand):
    help = "Crée les paramètres nationaux, le SMIC et les parcours de formation par défaut (jamais ne les écrase)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--initial-quotas",
            action="store_true",
            help="si aucune dotation n'existe, fixer celles de l'annonce (87, 19, 23) et répartir le reste "
            "de l'objectif national entre les autres départements selon leur population",
        )

    def handle(self, *args, initial_quotas=False, **options):
        if not Departement.objects.exists():
            raise CommandError("Chargez d'abord les territoires : conum load_territories")
        done = load_programme_defaults(with_quotas=initial_quotas)
        self.stdout.write("Programme : " + ("; ".join(done) if done else "rien à faire, tout est déjà en place") + ".")
