from django.core.management.base import BaseCommand

from conum.activity.reports import rollups

MAX_LISTED = 50


class Command(BaseCommand):
    help = (
        "Recalcule les agrégats d'activité à partir des comptes rendus, affiche les différences trouvées et "
        "les corrige (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Affiche les différences sans rien corriger.")

    def handle(self, *args, dry_run=False, **options):
        report = rollups.rebuild(dry_run=dry_run)
        self.stdout.write(report.summary())
        for difference in report.differences[:MAX_LISTED]:
            self.stdout.write(f"- {difference.describe()}")
        if len(report.differences) > MAX_LISTED:
            self.stdout.write(f"… et {len(report.differences) - MAX_LISTED} autres lignes.")
