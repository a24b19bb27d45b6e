from django.core.management.base import BaseCommand

from conum.activity.workshops import registrations
from conum.core.formatting import plural


class Command(BaseCommand):
    help = (
        "Anonymise les inscriptions aux séances d'atelier terminées depuis plus de "
        f"{registrations.RETENTION_MONTHS} mois (prénom remplacé par « Anonyme », nom, e-mail et téléphone "
        "effacés ; le statut et la présence restent pour les statistiques). À lancer chaque jour ; sans effet "
        "si relancée."
    )

    def handle(self, *args, **options):
        anonymised = registrations.anonymise_past()
        self.stdout.write(
            plural(anonymised, "inscription anonymisée", "inscriptions anonymisées")
            if anonymised
            else "Aucune inscription à anonymiser"
        )
