"""Creates the programme's reference rows; idempotent, and never overwrites staff edits."""

from django.db import transaction

from conum.core import journal

from .defaults import MINIMUM_WAGES, TRAINING_TRACKS, initial_quotas
from .models import DepartementQuota, MinimumWage, ProgrammeParameters, TrainingTrack


def load_programme_defaults(with_quotas: bool = False) -> list[str]:
    done = []
    with transaction.atomic():
        parameters, created = ProgrammeParameters.objects.get_or_create(pk=1)
        if created:
            done.append("paramètres nationaux créés avec les valeurs par défaut")
        wages = 0
        for effective_date, amount in MINIMUM_WAGES:
            _, created = MinimumWage.objects.get_or_create(
                effective_date=effective_date, defaults={"monthly_gross_eur": amount}
            )
            wages += created
        if wages:
            done.append(f"{wages} valeurs du SMIC ajoutées")
        if not TrainingTrack.objects.exists():
            TrainingTrack.objects.bulk_create(TrainingTrack(hours=h, min_score=s) for h, s in TRAINING_TRACKS)
            done.append(f"{len(TRAINING_TRACKS)} parcours de formation créés")
        if with_quotas and not DepartementQuota.objects.exists():
            quotas = initial_quotas(parameters.national_target_posts)
            DepartementQuota.objects.bulk_create(
                DepartementQuota(departement_id=code, posts=posts) for code, posts in quotas.items()
            )
            journal.record(None, "programme.initial_quotas_set", parameters, None, quotas)
            done.append(f"{len(quotas)} dotations départementales créées ({sum(quotas.values())} postes)")
    return done
