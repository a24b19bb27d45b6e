from django.core.management.base import BaseCommand, CommandError

from conum.accounts import second_factor
from conum.accounts.models import User, normalize_email


class Command(BaseCommand):
    help = (
        "Réinitialise la double authentification d'un compte qui a perdu son téléphone et ses codes de secours : "
        "à sa prochaine connexion, il associera une nouvelle application. Journalisé, le titulaire est prévenu."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="adresse e-mail du compte")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email=normalize_email(email)).first()
        if user is None:
            raise CommandError(f"Aucun compte pour l'adresse {normalize_email(email)}.")
        if not (second_factor.is_set_up(user) or second_factor.recovery_codes_left(user)):
            self.stdout.write(f"{user.email} n'a pas de double authentification active : rien à faire.")
            return
        second_factor.reset(user, by=None)
        self.stdout.write(f"Double authentification de {user.email} réinitialisée.")
