from django.core.management.base import BaseCommand

from conum.core.formatting import plural
from conum.recruitment import candidacy


class Command(BaseCommand):
    help = (
        f"Supprime les CV déposés il y a plus de {candidacy.CV_RETENTION_MONTHS} mois (fichier et référence). "
        "À lancer chaque jour."
    )

    def handle(self, *args, **options):
        deleted = candidacy.purge_old_cvs()
        self.stdout.write(plural(deleted, "CV supprimé", "CV supprimés") if deleted else "Aucun CV à supprimer")
