"""Places of activity: who may create, edit and archive them; every change journaled.

An advisor in post manages the places it works at (and is attached to those it creates); a structure
manager manages its structures' places and attaches its advisors in post to them. A place's values come
parsed and checked (`inputs.PlaceInput`); the services check who may write and which advisors may be attached.
Archiving is soft: an archived place leaves the choices but stays for the reports that name it.
"""

from django.db import transaction
from django.utils import timezone

from conum.activity.enums import GeocodingPrecision
from conum.activity.models import Place
from conum.activity.places import geocoding
from conum.activity.places.inputs import PLACE_FIELDS, PlaceInput
from conum.core import journal
from conum.core.errors import RuleViolation
from conum.core.permissions import has_role
from conum.core.roles import Role
from conum.recruitment.models import Advisor
from conum.structures.models import HostStructure

EDITORS = (Role.ADVISOR, Role.STRUCTURE_MANAGER)


def structures_for(user):
    """Structures the user may create places for: an advisor's employer (in post), a manager's structures."""
    if has_role(user, Role.ADVISOR):
        return HostStructure.objects.filter(advisors__in=Advisor.objects.in_post().filter(user=user))
    if has_role(user, Role.STRUCTURE_MANAGER):
        return HostStructure.objects.filter(memberships__user=user).order_by("name", "pk")
    return HostStructure.objects.none()


def assignable_advisors(user, structures):
    """The advisors in post of `structures` (among the user's) that may be attached to a place."""
    allowed = structures_for(user).filter(pk__in=[structure.pk for structure in structures])
    return (
        Advisor.objects.in_post()
        .filter(structure__in=allowed)
        .select_related("candidate", "structure")
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )


def manageable_places(user):
    """The places the user may see and change here (the same as its scope, for the two editing roles)."""
    if not has_role(user, *EDITORS):
        return Place.objects.none()
    return Place.objects.for_user(user)


def new_place(structure, values: PlaceInput, position: geocoding.Position | None = None) -> Place:
    """An unsaved place of `structure` with `values` (the demo saves many at once, without geocoding them)."""
    place = Place(structure=structure)
    _assign(place, values, position)
    return place


def create_place(by, structure, values: PlaceInput, advisors=()) -> Place:
    """A new place of `structure`; an advisor creating a place works there from then on."""
    if not structures_for(by).filter(pk=structure.pk).exists():
        raise RuleViolation("Vous ne pouvez pas créer de lieu pour cette structure.")
    chosen = _checked_advisors(by, structure, advisors)
    position = _position(values)  # before the transaction: no row waits on the service
    with transaction.atomic():
        place = new_place(structure, values, position)
        place.save()
        place.advisors.set(chosen)
        journal.record(by, "activity.place_created", place, after=_snapshot(place))
    return place


def update_place(place, by, values: PlaceInput, advisors=None) -> Place:
    """Save `values`; `advisors` (when given) replaces the advisors the user could choose from.

    Advisors the user cannot choose (gone, or moved to another structure) stay attached as they were.
    """
    _check_manages(by, place)
    position = _position(values, place)
    with transaction.atomic():
        place = Place.objects.select_for_update().get(pk=place.pk)
        if place.archived_at:
            raise RuleViolation("Ce lieu est archivé : réactivez-le avant de le modifier.")
        before = _snapshot(place)
        _assign(place, values, position)
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


def _position(values: PlaceInput, place: Place | None = None) -> geocoding.Position:
    """Coordinates typed are kept as typed; otherwise the address is geocoded (commune centre as fallback), once:
    a place whose address did not change keeps the position found before (and the coordinates it shows)."""
    typed = values.latitude is not None and values.longitude is not None
    computed_before = place is not None and place.geocoding_precision != GeocodingPrecision.MANUAL
    # Coordinates sent back as they were shown are not typed ones.
    if computed_before and (not typed or (values.latitude, values.longitude) == (place.latitude, place.longitude)):
        if _same_address(place, values):
            return geocoding.Position(place.latitude, place.longitude, place.geocoding_precision, place.geocoding_score)
        return geocoding.locate(values.address, values.commune, values.postal_code)
    if typed:
        return geocoding.Position(values.latitude, values.longitude, GeocodingPrecision.MANUAL)
    return geocoding.locate(values.address, values.commune, values.postal_code)


def _same_address(place: Place, values: PlaceInput) -> bool:
    return (place.address, place.commune_id, place.postal_code) == (
        values.address,
        values.commune.pk,
        values.postal_code,
    )


def _assign(place, values: PlaceInput, position: geocoding.Position | None):
    """An empty SIRET takes the structure's; no position given: the coordinates typed, or the commune's centre
    (Place.save)."""
    for field in PLACE_FIELDS:
        setattr(place, field, getattr(values, field))
    if not place.siret:
        place.siret = place.structure.siret
    if position is None:
        typed = values.latitude is not None
        position = geocoding.Position(
            values.latitude, values.longitude, GeocodingPrecision.MANUAL if typed else GeocodingPrecision.MUNICIPALITY
        )
    place.latitude, place.longitude = position.latitude, position.longitude
    place.geocoding_precision, place.geocoding_score = position.precision, position.score
    place.geocoding_service_down = position.service_down  # not stored: for the page that follows the save


def _snapshot(place) -> dict:
    snapshot = journal.snapshot(place, [*PLACE_FIELDS, "structure", "archived_at"])
    snapshot["advisors"] = sorted(place.advisors.values_list("pk", flat=True))
    return snapshot
