"""Places of activity: who may create, edit and archive them; every change journaled.

An advisor in post manages the places it works at (and is attached to those it creates); a structure
manager manages its structures' places and attaches its advisors in post to them. Archiving is soft:
an archived place leaves the choices (`active_places_for`) but stays for the reports that name it.
"""

from django.db import transaction
from django.utils import timezone

from conum.activity.models import Place
from conum.activity.places import opening_hours
from conum.core import journal
from conum.core.errors import RuleViolation
from conum.core.permissions import has_role
from conum.core.roles import Role
from conum.recruitment.models import Advisor
from conum.structures.models import HostStructure

# French labels of the journal actions this module records (registered by apps.py).
JOURNAL_LABELS: dict[str, str] = {
    "activity.place_created": "Lieu d'activité créé",
    "activity.place_updated": "Lieu d'activité modifié",
    "activity.place_archived": "Lieu d'activité archivé",
    "activity.place_restored": "Lieu d'activité réactivé",
}
# (roles, label, url name, order) of the main navigation entries this area adds (registered by apps.py).
NAVIGATION: list[tuple] = [
    ([Role.ADVISOR], "Mes lieux", "places:list", 20),
    ([Role.STRUCTURE_MANAGER], "Lieux", "places:list", 18),
]

EDITORS = (Role.ADVISOR, Role.STRUCTURE_MANAGER)

# What the place form edits (the structure is chosen once, at creation; advisors are set apart).
PLACE_FIELDS = [
    "name", "address", "address_complement", "commune", "postal_code", "latitude", "longitude", "siret",
    "typology", "phone", "email", "website", "opening_hours", "services", "publics", "specific_support", "fees",
    "access_modes", "accompaniment_modes", "national_programmes", "short_presentation", "long_presentation",
    "accessibility",
]  # fmt: skip


def structures_for(user):
    """Structures the user may create places for: an advisor's employer (in post), a manager's structures."""
    if has_role(user, Role.ADVISOR):
        return HostStructure.objects.filter(advisors__user=user, advisors__in_post=True).distinct()
    if has_role(user, Role.STRUCTURE_MANAGER):
        return HostStructure.objects.filter(memberships__user=user).order_by("name", "pk")
    return HostStructure.objects.none()


def assignable_advisors(user, structures):
    """The advisors in post of `structures` (among the user's) that may be attached to a place."""
    allowed = structures_for(user).filter(pk__in=[structure.pk for structure in structures])
    return (
        Advisor.objects.filter(structure__in=allowed, in_post=True)
        .select_related("candidate", "structure")
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )


def manageable_places(user):
    """The places the user may see and change here (the same as its scope, for the two editing roles)."""
    if not has_role(user, *EDITORS):
        return Place.objects.none()
    return Place.objects.for_user(user)


def active_places_for(user):
    """The places a user may choose for a workshop or a report: in its scope and not archived."""
    return Place.objects.for_user(user).filter(archived_at__isnull=True)


def create_place(by, structure, data: dict, advisors=()) -> Place:
    """A new place of `structure` with `data` (PLACE_FIELDS, already validated by the form).

    An empty SIRET takes the structure's; an advisor creating a place works there from then on.
    """
    if not structures_for(by).filter(pk=structure.pk).exists():
        raise RuleViolation("Vous ne pouvez pas créer de lieu pour cette structure.")
    chosen = _checked_advisors(by, structure, advisors)
    with transaction.atomic():
        place = Place(structure=structure)
        _assign(place, data)
        place.save()
        place.advisors.set(chosen)
        journal.record(by, "activity.place_created", place, after=_snapshot(place))
    return place


def update_place(place, by, data: dict, advisors=None) -> Place:
    """Save the form's `data`; `advisors` (when given) replaces the advisors the user could choose from.

    Advisors the user cannot choose (gone, or moved to another structure) stay attached as they were.
    """
    _check_manages(by, place)
    with transaction.atomic():
        place = Place.objects.select_for_update().get(pk=place.pk)
        if place.archived_at:
            raise RuleViolation("Ce lieu est archivé : réactivez-le avant de le modifier.")
        before = _snapshot(place)
        _assign(place, data)
        place.save()
        if advisors is not None:
            offered = set(assignable_advisors(by, [place.structure]))
            kept = [advisor for advisor in place.advisors.all() if advisor not in offered]
            place.advisors.set(kept + _checked_advisors(by, place.structure, advisors))
        after = _snapshot(place)
        changed = {field: after[field] for field in after if after[field] != before[field]}
        if changed:
            before = {field: before[field] for field in changed}
            journal.record(by, "activity.place_updated", place, before, changed)
    return place


def archive_place(place, by) -> Place:
    _check_manages(by, place)
    with transaction.atomic():
        place = Place.objects.select_for_update().get(pk=place.pk)
        if place.archived_at:
            raise RuleViolation("Ce lieu est déjà archivé.")
        place.archived_at = timezone.now()
        place.save(update_fields=["archived_at", "updated_at"])
        journal.record(by, "activity.place_archived", place, {"archived_at": None}, {"archived_at": place.archived_at})
    return place


def restore_place(place, by) -> Place:
    _check_manages(by, place)
    with transaction.atomic():
        place = Place.objects.select_for_update().get(pk=place.pk)
        if not place.archived_at:
            raise RuleViolation("Ce lieu n'est pas archivé.")
        before = {"archived_at": place.archived_at}
        place.archived_at = None
        place.save(update_fields=["archived_at", "updated_at"])
        journal.record(by, "activity.place_restored", place, before, {"archived_at": None})
    return place


# ---- helpers ---------------------------------------------------------------------------------------


def _check_manages(user, place):
    if not manageable_places(user).filter(pk=place.pk).exists():
        raise RuleViolation("Vous ne pouvez pas modifier ce lieu.")


def _checked_advisors(by, structure, advisors) -> list:
    """The chosen advisors, all in post in the place's structure; an advisor always keeps itself."""
    offered = {advisor.pk: advisor for advisor in assignable_advisors(by, [structure])}
    chosen = []
    for advisor in advisors:
        if advisor.pk not in offered:
            raise RuleViolation(
                f"{advisor.full_name} n'est pas conseiller en poste dans la structure {structure.name}.",
                field="advisors",
            )
        chosen.append(offered[advisor.pk])
    if has_role(by, Role.ADVISOR):
        chosen += [advisor for advisor in offered.values() if advisor.user_id == by.pk and advisor not in chosen]
    return chosen


def _assign(place, data: dict):
    for field in PLACE_FIELDS:
        if field in data:
            setattr(place, field, data[field])
    try:  # the form has done it; callers without a form (imports, demo) get the same rule
        place.opening_hours = opening_hours.normalize(place.opening_hours)
    except opening_hours.OpeningHoursError as error:
        raise RuleViolation(str(error), field="opening_hours") from None
    if not place.siret:
        place.siret = place.structure.siret
    if "latitude" in data and (data["latitude"] is None or data.get("longitude") is None):
        place.latitude = place.longitude = None  # Place.save puts the commune centre


def _snapshot(place) -> dict:
    snapshot = journal.snapshot(place, [*PLACE_FIELDS, "structure", "archived_at"])
    snapshot["advisors"] = sorted(place.advisors.values_list("pk", flat=True))
    return snapshot
