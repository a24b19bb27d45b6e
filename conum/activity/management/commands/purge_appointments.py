from django.core.management.base import BaseCommand

from conum.activity.appointments import services
from conum.activity.workshops.registrations import RETENTION_MONTHS
from conum.core.formatting import plural


class Command(BaseCommand):
    help = (
        f"Efface les données personnelles des rendez-vous passés depuis plus de {RETENTION_MONTHS} mois (prénom "
        "remplacé par « Anonyme », e-mail, téléphone et texte du besoin effacés ; la date, les thèmes et la venue "
        "restent). À lancer chaque jour ; sans effet si relancée."
    )

    def handle(self, *args, **options):
        anonymised = services.anonymise_past()
        self.stdout.write(
            plural(anonymised, "rendez-vous anonymisé", "rendez-vous anonymisés")
            if anonymised
            else "Aucun rendez-vous à anonymiser"
        )
