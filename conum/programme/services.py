"""Edits of the programme's parameters and quotas, with their invariants.

The parameters row is locked (SELECT … FOR UPDATE) by every edit that touches the
national target or a quota, so that two staff members editing at once cannot together
push the sum of quotas past the target.
"""

from django.db import transaction
from django.utils.text import capfirst

from conum.core import journal
from conum.core.errors import RuleViolation
from conum.core.formatting import plural, thousands
from conum.core.french import le

from . import signals
from .models import DepartementQuota, MinimumWage, ProgrammeParameters, TrainingTrack

PARAMETER_FIELDS = [
    "national_target_posts",
    "envelope_eur",
    "subsidy_per_post_public_eur",
    "subsidy_per_post_private_eur",
    "contract_months_public",
    "legal_weekly_hours",
    "training_start_within_days",
    "programme_start",
]


def _locked_parameters() -> ProgrammeParameters:
    ProgrammeParameters.current()  # make sure the row exists before locking it
    return ProgrammeParameters.objects.select_for_update().get(pk=1)


def update_parameters(values: dict, by) -> ProgrammeParameters:
    with transaction.atomic():
        parameters = _locked_parameters()
        before = journal.snapshot(parameters, PARAMETER_FIELDS)
        quotas_total = DepartementQuota.objects.total()
        target = values.get("national_target_posts", parameters.national_target_posts)
        if target < quotas_total:
            raise RuleViolation(
                f"L'objectif national ({thousands(target)} postes) serait inférieur de "
                f"{plural(quotas_total - target, 'poste')} à la somme des dotations départementales "
                f"({thousands(quotas_total)}). Réduisez d'abord des dotations."
            )
        for field, value in values.items():
            setattr(parameters, field, value)
        parameters.save()
        journal.record(
            by, "programme.parameters_updated", parameters, before, journal.snapshot(parameters, PARAMETER_FIELDS)
        )
    return parameters


def set_quota(departement, posts: int, by) -> DepartementQuota:
    if posts < 0:
        raise RuleViolation("Une dotation ne peut pas être négative.")
    with transaction.atomic():
        parameters = _locked_parameters()
        others = DepartementQuota.objects.exclude(departement=departement).total()
        if others + posts > parameters.national_target_posts:
            excess = others + posts - parameters.national_target_posts
            raise RuleViolation(
                f"La somme des dotations ({thousands(others + posts)} postes) dépasserait l'objectif national "
                f"({thousands(parameters.national_target_posts)}) de {plural(excess, 'poste')}. "
                f"Au plus {plural(parameters.national_target_posts - others, 'poste')} pour "
                f"{le(departement)}."
            )
        granted = signals.granted_posts(departement)
        if posts < granted:
            raise RuleViolation(
                f"{capfirst(le(departement))} a déjà {plural(granted, 'poste attribué', 'postes attribués')} : "
                f"sa dotation ne peut pas descendre en dessous (il manque {plural(granted - posts, 'poste')})."
            )
        quota = DepartementQuota.objects.filter(departement=departement).first()
        before = {"posts": quota.posts} if quota else None
        quota, _ = DepartementQuota.objects.update_or_create(departement=departement, defaults={"posts": posts})
        journal.record(by, "programme.quota_set", quota, before, {"posts": posts})
    return quota


def add_minimum_wage(effective_date, monthly_gross_eur, by) -> MinimumWage:
    with transaction.atomic():
        if MinimumWage.objects.filter(effective_date=effective_date).exists():
            raise RuleViolation(f"Un SMIC est déjà enregistré au {effective_date:%d/%m/%Y}.")
        wage = MinimumWage.objects.create(effective_date=effective_date, monthly_gross_eur=monthly_gross_eur)
        journal.record(by, "programme.minimum_wage_added", wage, None, journal.snapshot(wage))
    return wage


def update_training_tracks(tracks_values: list[tuple], by) -> None:
    """`tracks_values`: [(track, hours, min_score)]; shorter tracks must need higher scores."""
    ordered = sorted(tracks_values, key=lambda item: item[1])
    scores = [min_score for _, _, min_score in ordered]
    if len({item[1] for item in ordered}) != len(ordered):
        raise RuleViolation("Deux parcours ne peuvent pas avoir la même durée.")
    if any(a <= b for a, b in zip(scores, scores[1:], strict=False)):
        raise RuleViolation(
            "Plus un parcours est court, plus son score minimal doit être élevé : vérifiez l'ordre des scores."
        )
    if scores and scores[-1] != 0:
        raise RuleViolation("Le parcours le plus long doit accepter tous les scores (score minimal 0).")
    with transaction.atomic():
        before = {track.pk: journal.snapshot(TrainingTrack.objects.get(pk=track.pk)) for track, _, _ in tracks_values}
        # Two passes so that unique durations hold at every step (105 h -> 210 h while 210 h -> 315 h…).
        for offset, (track, _, _) in enumerate(tracks_values):
            track.hours = 30000 + offset
            track.save(update_fields=["hours"])
        for track, hours, min_score in tracks_values:
            track.hours, track.min_score = hours, min_score
            track.save(update_fields=["hours", "min_score"])
            journal.record(by, "programme.training_track_updated", track, before[track.pk], journal.snapshot(track))
