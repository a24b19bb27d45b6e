import time

from django.core.management.base import BaseCommand, CommandError

from conum.activity.places import importer, schema_rows


class Command(BaseCommand):
    help = (
        "Importe des lieux au standard national des lieux de médiation numérique (v1.0.1), en CSV ou en JSON, "
        "depuis un fichier ou une adresse web : crée, met à jour (par source et identifiant), fusionne les doublons "
        "certains (même pivot dans la même commune) et envoie les doublons possibles à l'équipe nationale. "
        "Un lieu modifié dans Conum depuis son dernier import est conservé, sauf avec --force. Relancée sur le "
        "même fichier, elle ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("location", metavar="FICHIER_OU_URL")
        parser.add_argument("--dry-run", action="store_true", help="Dit ce qui serait fait, sans rien enregistrer.")
        parser.add_argument(
            "--force", action="store_true", help="Remplace aussi les lieux modifiés dans Conum depuis leur import."
        )
        parser.add_argument(
            "--source",
            default="Import",
            help="Source des lignes dont la colonne « source » est vide (défaut : Import).",
        )

    def handle(self, *args, location, dry_run, force, source, verbosity, **options):
        started = time.perf_counter()
        try:
            report = importer.import_places(location, dry_run=dry_run, force=force, default_source=source)
        except schema_rows.SourceError as error:
            raise CommandError(str(error)) from None
        for where, message in report.refused:
            self.stdout.write(f"{where} : refusée — {message}")
        if verbosity >= 1:
            for where, message in report.notes:
                self.stdout.write(f"{where} : {message}")
        seconds = time.perf_counter() - started
        prefix = "Simulation (rien n'est enregistré) : " if dry_run else ""
        self.stdout.write(f"{prefix}{report.summary()}. ({seconds:.1f} s)")
