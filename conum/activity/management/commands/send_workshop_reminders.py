from django.core.management.base import BaseCommand

from conum.activity.workshops import registrations
from conum.core.formatting import plural


class Command(BaseCommand):
    help = (
        "Envoie un rappel par e-mail aux personnes inscrites (avec une adresse e-mail) aux séances d'atelier "
        "du lendemain. À lancer chaque jour, le matin ; sans effet si relancée (chaque rappel part une fois)."
    )

    def handle(self, *args, **options):
        sent = registrations.send_due_reminders()
        self.stdout.write(
            plural(sent, "rappel d'atelier envoyé", "rappels d'atelier envoyés") if sent else "Aucun rappel à envoyer."
        )
