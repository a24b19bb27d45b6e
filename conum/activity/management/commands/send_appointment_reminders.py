from django.core.management.base import BaseCommand

from conum.activity.appointments import services
from conum.core.formatting import plural


class Command(BaseCommand):
    help = (
        "Envoie un rappel aux personnes qui ont rendez-vous le lendemain : par e-mail, et par SMS si un fournisseur "
        "est configuré (SMS_PROVIDER_URL). À lancer chaque jour, le matin ; sans effet si relancée (chaque rappel "
        "part une fois)."
    )

    def handle(self, *args, **options):
        emails, texts = services.send_due_reminders()
        if not emails and not texts:
            self.stdout.write("Aucun rappel de rendez-vous à envoyer.")
            return
        self.stdout.write(
            f"{plural(emails, 'rappel de rendez-vous envoyé', 'rappels de rendez-vous envoyés')} par e-mail, "
            f"{plural(texts, 'SMS envoyé', 'SMS envoyés')}."
        )
