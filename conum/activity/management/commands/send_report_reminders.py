from django.core.management.base import BaseCommand

from conum.activity import reminders
from conum.core.formatting import plural


class Command(BaseCommand):
    help = (
        "Envoie à chaque conseiller en poste la liste de ses ateliers et rendez-vous passés sans compte rendu, et "
        "à chaque coordinateur celle de son équipe. À lancer chaque semaine (le lundi matin) ; sans effet si "
        "relancée la même semaine (un rappel par compte et par semaine)."
    )

    def handle(self, *args, **options):
        advisors, coordinators = reminders.send_reminders()
        if not advisors and not coordinators:
            self.stdout.write("Aucun rappel à envoyer cette semaine.")
            return
        self.stdout.write(
            f"{plural(advisors, 'conseiller prévenu', 'conseillers prévenus')}, "
            f"{plural(coordinators, 'coordinateur prévenu', 'coordinateurs prévenus')}."
        )
