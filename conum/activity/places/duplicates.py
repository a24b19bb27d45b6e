"""The national team's review of possible duplicates (dedup.py queues them at import): merge the pair, or say
they are two places. A pair is judged once; each decision is journaled.

A merge keeps the first place of the pair (the one Conum held before): its empty fields are filled from the
other, which gives it its sources and advisors and is archived (its reports and workshops stay attached to it).
The kept place then counts as changed in Conum: a later import does not overwrite it without --force.
"""

from django.db import transaction
from django.utils import timezone

from conum.activity.enums import DuplicateStatus
from conum.activity.models import Place, PlaceDuplicateCandidate
from conum.activity.places import dedup
from conum.core import journal
from conum.core.errors import RuleViolation

SHOWN_FIELDS = ["name", "address", "postal_code", "siret", "typology", "phone", "email", "website",
                "opening_hours", "source", "source_id"]  # fmt: skip


def pending_pairs():
    """Pairs still to judge whose two places are both in activity."""
    return PlaceDuplicateCandidate.objects.pending().filter(place__archived_at__isnull=True,
                                                            other__archived_at__isnull=True)  # fmt: skip


def _locked(candidate) -> tuple[PlaceDuplicateCandidate, Place, Place]:
    candidate = PlaceDuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != DuplicateStatus.PENDING:
        raise RuleViolation("Cette paire a déjà été examinée.")
    locked = Place.objects.select_for_update().filter(pk__in=[candidate.place_id, candidate.other_id])
    places = {place.pk: place for place in locked}
    kept, other = places[candidate.place_id], places[candidate.other_id]
    if kept.archived_at or other.archived_at:
        raise RuleViolation("L'un des deux lieux a été archivé entre-temps : la paire n'est plus à examiner.")
    return candidate, kept, other


def _decided(candidate, by, status) -> None:
    candidate.status, candidate.decided_by, candidate.decided_at = status, by, timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])


def merge(candidate, by) -> Place:
    """Merge the pair into its first place; the kept place."""
    with transaction.atomic():
        candidate, kept, other = _locked(candidate)
        before = journal.snapshot(kept, [*dedup.FILLED_FIELDS, "other_sources"])
        dedup.fill_empty(kept, {name: getattr(other, name) for name in dedup.FILLED_FIELDS})
        for source, source_id in [[other.source, other.source_id], *other.other_sources]:
            if source_id:
                dedup.add_source(kept, source, source_id)
        kept.save()
        kept.advisors.add(*other.advisors.all())
        other.archived_at = timezone.now()
        other.save(update_fields=["archived_at", "updated_at"])
        _decided(candidate, by, DuplicateStatus.MERGED)
        after = journal.snapshot(kept, [*dedup.FILLED_FIELDS, "other_sources"])
        before, after = journal.changes(before, after)
        journal.record(by, "activity.place_duplicates_merged", kept, before,
                       after | {"merged_place": other.pk, "pair": candidate.pk})  # fmt: skip
    return kept


def keep_both(candidate, by) -> None:
    """The two places differ: the pair leaves the queue for good."""
    with transaction.atomic():
        candidate, kept, other = _locked(candidate)
        _decided(candidate, by, DuplicateStatus.DISTINCT)
        journal.record(by, "activity.place_duplicates_distinct", kept, None,
                       {"other_place": other.pk, "pair": candidate.pk})  # fmt: skip
