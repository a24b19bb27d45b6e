"""The match workflow (mise en relation): the structure's decisions on its proposals.

new (proposed by matching, or added by the structure from its radius search) → shortlisted / declined
(reversible, also from each other); contract steps come with contracts.
"""

from datetime import datetime, time
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone

from conum.core import journal
from conum.core.errors import RuleViolation
from conum.core.formatting import plural
from conum.core.models import Journal
from conum.core.roles import Role
from conum.recruitment import disclosure, search
from conum.recruitment.enums import POST_HOLDING_STATUSES, MatchOrigin, MatchStatus
from conum.recruitment.models import Match
from conum.structures.enums import ApplicationStatus
from conum.structures.models import StructureApplication
from conum.territories.distance import Point, haversine_km

# transition: (statuses it may be taken from, resulting status)
TRANSITIONS = {
    "shortlist": ([MatchStatus.NEW, MatchStatus.DECLINED], MatchStatus.SHORTLISTED),
    "decline": ([MatchStatus.NEW, MatchStatus.SHORTLISTED], MatchStatus.DECLINED),
    "reconsider": ([MatchStatus.DECLINED], MatchStatus.NEW),
}
TRANSITION_LABELS = {"shortlist": "Présélectionner", "decline": "Écarter", "reconsider": "Reconsidérer"}
# What the confirmation message says once done: "<name> : présélectionné(e)."
TRANSITION_DONE = {
    "shortlist": "présélectionné(e)",
    "decline": "écarté(e)",
    "reconsider": "de nouveau parmi les candidatures à traiter",
}


def available_transitions(match) -> list[str]:
    return [name for name, (sources, _target) in TRANSITIONS.items() if match.status in sources]


def apply_transition(match, name, by) -> Match:
    if getattr(by, "role", None) != Role.STRUCTURE_MANAGER:
        raise RuleViolation("Votre rôle ne permet pas cette action.")
    if name not in TRANSITIONS:
        raise RuleViolation("Action inconnue.")
    sources, target = TRANSITIONS[name]
    with transaction.atomic():
        match = Match.objects.select_for_update().get(pk=match.pk)
        if not match.application.structure.memberships.filter(user=by).exists():
            raise RuleViolation("Cette mise en relation n'est pas celle de votre structure.")
        if match.status not in sources:
            raise RuleViolation(
                f"Cette candidature est « {match.get_status_display().lower()} » : "
                f"impossible de la {TRANSITION_LABELS[name].lower()}."
            )
        before = {"status": match.status}
        match.status = target
        match.save(update_fields=["status", "updated_at"])
        journal.record(by, f"recruitment.match_{name}", match, before, {"status": target})
    return match


def add_candidate(application, candidate_id, by) -> Match:
    """The structure adds a person found by its radius search: a match of origin "manual", status "new".

    Refused when the application has no open post, the structure reached its additions of the day
    (RECRUITMENT_MANUAL_ADDITIONS_PER_DAY), or the person is no longer matchable or out of reach: their
    mobility must cover the structure (disclosure.covers), within the search's largest radius.
    """
    if getattr(by, "role", None) != Role.STRUCTURE_MANAGER:
        raise RuleViolation("Votre rôle ne permet pas cette action.")
    with transaction.atomic():
        application = (
            StructureApplication.objects.select_for_update(of=("self",))
            .select_related("structure__commune")
            .get(pk=application.pk)
        )
        if not application.structure.memberships.filter(user=by).exists():
            raise RuleViolation("Cette candidature n'est pas celle de votre structure.")
        held = application.matches.filter(status__in=POST_HOLDING_STATUSES).count()
        if application.status != ApplicationStatus.VALIDATED or held >= application.posts_granted:
            raise RuleViolation(
                "Aucun poste n'est ouvert : "
                f"{plural(application.posts_granted, 'poste attribué', 'postes attribués')}, "
                f"{plural(held, 'contrat signé ou proposé', 'contrats signés ou proposés')}. "
                "Impossible d'ajouter un candidat."
            )
        limit = settings.RECRUITMENT_MANUAL_ADDITIONS_PER_DAY
        if _added_today(application.structure_id) >= limit:
            raise RuleViolation(
                f"Votre structure a déjà ajouté {plural(limit, 'personne', 'personnes')} aujourd'hui : "
                "c'est le maximum par jour. Vous pourrez en ajouter d'autres demain."
            )
        candidate = search.reachable(application).filter(pk=candidate_id).first()
        if candidate is None or candidate.latitude is None:
            raise RuleViolation("Cette personne n'est plus disponible : elle ne peut pas être ajoutée.")
        distance = haversine_km(search.structure_point(application), Point(candidate.latitude, candidate.longitude))
        if not disclosure.covers(candidate.mobility_km, distance):
            raise RuleViolation(
                "Cette personne ne peut pas être ajoutée : la distance qu'elle accepte pour travailler "
                "ne va pas jusqu'à votre structure."
            )
        if distance > search.MAX_RADIUS:
            raise RuleViolation(f"Cette personne habite à plus de {search.MAX_RADIUS} km de votre structure.")
        rounded = Decimal(f"{distance:.1f}")
        match = Match.objects.select_for_update().filter(candidate=candidate, application=application).first()
        if match is not None and match.status != MatchStatus.WITHDRAWN:
            raise RuleViolation(f"{candidate.full_name} est déjà dans votre liste de candidats.")
        before = {"status": match.status, "origin": match.origin} if match else None
        try:
            with transaction.atomic():
                if match is None:
                    match = Match(candidate=candidate, application=application)
                match.status, match.origin, match.distance_km = MatchStatus.NEW, MatchOrigin.MANUAL, rounded
                match.save()
        except IntegrityError:  # matching proposed the same person at the same moment
            raise RuleViolation(f"{candidate.full_name} est déjà dans votre liste de candidats.") from None
        after = {"status": MatchStatus.NEW, "origin": MatchOrigin.MANUAL, "distance_km": rounded}
        journal.record(by, "recruitment.match_added", match, before, after)
    return match


def _added_today(structure_id) -> int:
    """People added by hand since midnight by the structure (all its applications), read from the journal."""
    since = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    matches = Match.objects.filter(application__structure_id=structure_id).values_list(
        Cast("pk", CharField()), flat=True
    )
    return Journal.objects.filter(
        action="recruitment.match_added",
        object_type=Match._meta.label_lower,
        object_id__in=matches,
        created_at__gte=since,
    ).count()
