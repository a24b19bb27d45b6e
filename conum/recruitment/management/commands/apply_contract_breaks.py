from django.core.management.base import BaseCommand

from conum.core.formatting import plural
from conum.recruitment import breaks


class Command(BaseCommand):
    help = "Met fin à l'accès des conseillers dont la rupture validée prend effet (à lancer chaque jour)."

    def handle(self, *args, **options):
        applied = breaks.apply_due_breaks()
        if applied:
            done = plural(applied, "rupture appliquée", "ruptures appliquées")
            self.stdout.write(f"{done} : accès de conseiller clos, candidatures de nouveau disponibles.")
        else:
            self.stdout.write("Aucune rupture à appliquer aujourd'hui.")
