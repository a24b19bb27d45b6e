from django.core.management.base import BaseCommand

from conum.activity.beneficiaries import services
from conum.core.formatting import plural


class Command(BaseCommand):
    help = (
        "Anonymise les dossiers de personnes accompagnées sans activité depuis deux ans (leurs comptes rendus "
        "restent, anonymes). À lancer chaque jour ; sans effet si relancée."
    )

    def handle(self, *args, **options):
        done = services.anonymise_inactive()
        self.stdout.write(
            plural(done, "dossier anonymisé", "dossiers anonymisés") if done else "Aucun dossier à anonymiser."
        )
