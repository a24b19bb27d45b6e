from django.core.management.base import BaseCommand

from conum.structures.digest import send_prefecture_digests


class Command(BaseCommand):
    help = "Envoie à chaque préfecture les candidatures de structures déposées dans son territoire depuis 24 heures."

    def handle(self, *args, **options):
        sent = send_prefecture_digests()
        self.stdout.write(f"Récapitulatif quotidien : {sent} e-mail(s) mis en file d'envoi.")
