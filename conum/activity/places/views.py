"""Places of activity, for advisors (the places they work at) and structure managers (their structures' places).

Other roles get a 403 (national and prefecture read access comes with the steering pages); a place outside
the user's scope is a 404; an advisor account without a post in progress is a 404 too.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from conum.activity.access import current_advisor
from conum.activity.places import opening_hours
from conum.activity.places import services as places
from conum.activity.places.forms import PlaceForm
from conum.core.errors import RuleViolation
from conum.core.permissions import role_required
from conum.core.phones import readable_phone
from conum.core.roles import Role
from conum.recruitment.models import Advisor

PER_PAGE = 50


def _me(request) -> Advisor | None:
    """The advisor behind the request (404 without a post in progress), None for a structure manager."""
    return current_advisor(request.user) if request.user.role == Role.ADVISOR else None


def _places(request):
    _me(request)
    return places.manageable_places(request.user)


def _with_advisors(queryset):
    advisors = Advisor.objects.select_related("candidate").order_by("candidate__last_name", "candidate__first_name")
    return queryset.prefetch_related(Prefetch("advisors", queryset=advisors))


@role_required(*places.EDITORS)
def place_list(request):
    scope = _places(request)
    archived = request.GET.get("archives") == "1"
    counts = scope.aggregate(
        active=Count("pk", filter=Q(archived_at__isnull=True)),
        archived=Count("pk", filter=Q(archived_at__isnull=False)),
    )
    listed = _with_advisors(scope.filter(archived_at__isnull=not archived).select_related("commune", "structure"))
    page = Paginator(listed.order_by("name", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    for place in page:
        place.hours_lines = opening_hours.readable(place.opening_hours)
    context = {
        "page": page,
        "archived": archived,
        "counts": counts,
        "is_advisor": request.user.role == Role.ADVISOR,
        "several_structures": places.structures_for(request.user).count() > 1,
    }
    return render(request, "activity/places/list.html", context)


@role_required(*places.EDITORS)
def detail(request, pk):
    place = get_object_or_404(_with_advisors(_places(request).select_related("commune", "structure")), pk=pk)
    context = {
        "place": place,
        "hours_lines": opening_hours.readable(place.opening_hours),
        "phone": readable_phone(place.phone),
        "at_commune_centre": (place.latitude, place.longitude) == (place.commune.latitude, place.commune.longitude),
    }
    return render(request, "activity/places/detail.html", context)


@role_required(*places.EDITORS)
def create(request):
    me = _me(request)
    structures = places.structures_for(request.user)
    if not structures.exists():
        raise Http404("Aucune structure d'accueil n'est rattachée à ce compte.")
    form = PlaceForm(
        request.POST if request.method == "POST" else None,
        structures=structures,
        advisors=places.assignable_advisors(request.user, structures),
        me=me,
    )
    if form.is_bound and form.is_valid():
        structure = form.cleaned_data.get("structure") or form.structures[0]
        try:
            place = places.create_place(request.user, structure, form.input, form.cleaned_data.get("advisors") or [])
        except RuleViolation as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal))
        else:
            messages.success(request, f"Le lieu « {place.name} » est créé. {_position_said(place)}")
            return redirect("places:detail", pk=place.pk)
    return render(request, "activity/places/form.html", {"form": form, "place": None})


@role_required(*places.EDITORS)
def edit(request, pk):
    me = _me(request)
    place = get_object_or_404(_places(request).select_related("commune", "structure"), pk=pk)
    if place.archived_at:
        messages.error(request, "Ce lieu est archivé : réactivez-le avant de le modifier.")
        return redirect("places:detail", pk=place.pk)
    form = PlaceForm(
        request.POST if request.method == "POST" else None,
        structures=[place.structure],
        advisors=places.assignable_advisors(request.user, [place.structure]),
        me=me,
        place=place,
    )
    if form.is_bound and form.is_valid():
        advisors = (form.cleaned_data.get("advisors") or []) if "advisors" in form.fields else None
        try:
            place = places.update_place(place, request.user, form.input, advisors)
        except RuleViolation as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal))
        else:
            messages.success(request, f"Modifications enregistrées. {_position_said(place)}")
            return redirect("places:detail", pk=place.pk)
    return render(request, "activity/places/form.html", {"form": form, "place": place})


@role_required(*places.EDITORS)
def archive(request, pk):
    place = get_object_or_404(_places(request).select_related("commune"), pk=pk)
    if request.method == "POST":
        return _change(request, place, places.archive_place, f"Le lieu « {place.name} » est archivé.")
    return render(request, "activity/places/archive.html", {"place": place})


@role_required(*places.EDITORS)
@require_POST
def restore(request, pk):
    place = get_object_or_404(_places(request), pk=pk)
    return _change(request, place, places.restore_place, f"Le lieu « {place.name} » est de nouveau en activité.")


def _position_said(place) -> str:
    """After a save: where the map puts the place, and why at the commune's centre when the service was silent."""
    said = f"Position : {place.position_text}."
    if getattr(place, "geocoding_service_down", False):
        said += " La Base Adresse Nationale ne répond pas : indiquez les coordonnées du lieu si vous les connaissez."
    return said


def _change(request, place, change, done: str):
    """Archive or restore `place`, then back to its page with `done` or the refusal."""
    try:
        change(place, request.user)
    except RuleViolation as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("places:detail", pk=place.pk)
