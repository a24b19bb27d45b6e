"""The citizen site: find help near me, a place, workshops near me, a workshop, registration.

No account, no JavaScript needed: forms are GET searches (bookmarkable) and one POST (registration).
"""

from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from conum.activity.appointments.slots import bookable
from conum.activity.enums import RegistrationStatus, Theme
from conum.activity.models import Registration, Workshop
from conum.activity.places import opening_hours
from conum.activity.workshops import registrations
from conum.activity.workshops.services import with_seat_counts
from conum.core import ratelimit
from conum.core.errors import RuleViolation
from conum.core.once import submit_once
from conum.core.page_cache import for_visitors
from conum.core.phones import readable_phone

from . import calendar, search, widen, wording
from .forms import PlaceSearchForm, RegistrationForm, WorkshopSearchForm

PER_PAGE = 20
SEARCH_FIELDS = ("commune", "commune_choix", "lat", "lon")


def _searched(request) -> bool:
    return any(name in request.GET for name in SEARCH_FIELDS)


MAX_READ_AHEAD = 1_000_000


def _page(request, items):
    number = request.GET.get("page")
    if isinstance(items, search.Nearest):  # the page asked for and the count in one query, before the Paginator
        try:
            first = (int(number or 1) - 1) * PER_PAGE
        except ValueError:
            first = 0
        if 0 <= first < MAX_READ_AHEAD:  # beyond: past any real count, the Paginator shows the last page
            items.read(first, first + PER_PAGE)
    return Paginator(items, PER_PAGE).get_page(number)


# Rendered search forms kept by this process, by what was typed: a few hundred towns and distances.
_FORMS: dict[tuple, str] = {}
FORMS_KEPT = 500


def _search_form(form, label: str, width: int, action: str) -> str:
    """The search form's HTML (public/_search_form.html), rendered once per process for each query. It depends only on
    what was typed (its errors too: the communes are reference data), and its DSFR field frames, a Django template
    each, were a fifth of a results page's rendering."""
    typed = tuple((name, tuple(form.data.getlist(form.add_prefix(name)))) for name in form.fields)
    key = (type(form), label, width, action, form.is_bound, typed if form.is_bound else ())
    html = _FORMS.get(key)
    if html is None:
        html = render_to_string(
            "public/_search_form.html", {"form": form, "label": label, "width": width, "action": action}
        )
        if len(_FORMS) >= FORMS_KEPT:
            _FORMS.clear()
        _FORMS[key] = html
    return html


def _map_settings() -> dict:
    return {"tiles_url": settings.MAP_TILES_URL, "tiles_attribution": settings.MAP_TILES_ATTRIBUTION}


def _place_words(place) -> None:
    place.plain_services = wording.plain(place.services, wording.SERVICES)
    place.plain_publics = wording.plain(place.publics, wording.PUBLICS)
    place.readable_phone = readable_phone(place.phone) if place.phone else ""


@for_visitors
def place_search(request):
    form = PlaceSearchForm(request.GET if _searched(request) else None)
    context = {"form": form, "map": _map_settings()}
    valid = form.is_valid()
    context["search_form"] = _search_form(form, mark_safe("Rechercher un lieu d'aide"), 4, reverse("public:search"))
    if valid:
        center, filters, distance = form.center(), form.filters(), form.cleaned_data["distance"]
        places = search.find_places(center, distance, filters) if center else []
        page = _page(request, places)
        page.object_list = search.with_details(list(page.object_list), count_workshops=True)
        search.describe_today(page.object_list)
        for place in page.object_list:
            _place_words(place)
        context |= {"searched": True, "page": page, "total": len(places), "where": form.where()}
        around = []
        if center and widen.is_sparse(len(places), distance):
            around = search.find_places(center, widen.LARGEST, filters)
            context["wider"] = widen.wider((place.distance_km for place in around), distance, len(places))
        context["largest"] = widen.LARGEST
        if not places and center:
            nearest = next(iter(search.with_details(around[:1])), None) or search.nearest_place(center, filters)
            if nearest:
                search.describe_today([nearest])
                _place_words(nearest)
            context["nearest"] = nearest
    return render(request, "public/place_search.html", context)


@for_visitors
def place_detail(request, pk):
    places = search.public_places().select_related("commune", "structure").annotate(bookable=bookable())
    place = get_object_or_404(places, pk=pk)
    now = timezone.now()
    search.describe_today([place], now)
    _place_words(place)
    place.plain_support = wording.plain(place.specific_support, wording.SUPPORT)
    sessions = with_seat_counts(search.upcoming_workshops(now).filter(place=place))[:PER_PAGE]
    for session in sessions:
        session.seats_left = max(0, session.capacity - session.seats_taken)
        session.place = place  # its time zone, without a query per session
    context = {
        "place": place,
        "hours_lines": opening_hours.readable(place.opening_hours) if place.opening_hours else [],
        "workshops": sessions,
        "map": _map_settings(),
    }
    with timezone.override(place.time_zone):  # its workshops' times are its own
        return render(request, "public/place_detail.html", context)


@for_visitors
def workshop_search(request):
    form = WorkshopSearchForm(request.GET if _searched(request) else None)
    valid = form.is_valid()
    search_form = _search_form(form, mark_safe("Rechercher un atelier"), 3, reverse("public:workshops"))
    context = {"form": form, "search_form": search_form}
    if valid:
        center, filters, distance = form.center(), form.filters(), form.cleaned_data["distance"]
        found = search.find_workshops(center, distance, filters, form.by_distance()) if center else []
        page = _page(request, found)
        page.object_list = search.workshops_by_id(list(page.object_list))
        context |= {"searched": True, "page": page, "total": len(found), "where": form.where()}
        if center and widen.is_sparse(len(found), distance):
            around = search.find_workshops(center, widen.LARGEST, filters)
            context["wider"] = widen.wider((km for _pk, km in around), distance, len(found))
        context["largest"] = widen.LARGEST
    return render(request, "public/workshop_search.html", context)


def _public_workshop(pk):
    """A public session at a place, still to come or of the last day (its page then says it is closed);
    cancelled ones too, so that a shared link says so instead of a 404."""
    since = timezone.now() - timedelta(days=1)
    sessions = Workshop.objects.filter(
        public=True, place__isnull=False, place__archived_at__isnull=True, starts_at__gte=since
    ).select_related("place__commune")
    return get_object_or_404(with_seat_counts(sessions), pk=pk)


def workshop_detail(request, pk):
    workshop = _public_workshop(pk)
    workshop.seats_left = max(0, workshop.capacity - workshop.seats_taken)
    context = {
        "workshop": workshop,
        "booking": search.booking(workshop),
        "place": workshop.place,
        "duration": _duration(workshop),
        "themes": [Theme(theme).label for theme in workshop.themes if theme in Theme.values],
    }
    with timezone.override(workshop.time_zone):  # times as the place's clock shows them
        return render(request, "public/workshop_detail.html", context)


def _duration(workshop) -> str:
    """ "2 h", "1 h 30", "45 min"."""
    minutes = int((workshop.ends_at - workshop.starts_at).total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def register(request, pk):
    workshop = _public_workshop(pk)
    workshop.seats_left = max(0, workshop.capacity - workshop.seats_taken)
    booking = search.booking(workshop)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.allow(request, "registration"):
            with timezone.override(workshop.time_zone):
                return render(
                    request,
                    "public/register.html",
                    {"workshop": workshop, "booking": booking, "form": form, "refusal": ratelimit.TOO_MANY},
                    status=429,
                )
        if form.is_valid() and form.is_robot():
            form.add_error(
                None, "Votre inscription n'a pas pu être enregistrée. Réessayez sans remplir le dernier champ."
            )
        elif form.is_valid():
            data = form.cleaned_data

            def save():
                return registrations.register(
                    workshop, data["first_name"], data["last_name"], data["email"], data["phone"], data["consent"]
                ).cancellation_token

            try:  # the same form sent twice (a double click) shows the first one's confirmation
                token = submit_once(f"registration:{workshop.pk}", data["submission_token"], data, save)
            except RuleViolation as refusal:
                form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal))
            else:
                return redirect("public:registration", token=token)
    context = {"workshop": workshop, "booking": booking, "form": form}
    with timezone.override(workshop.time_zone):
        return render(request, "public/register.html", context, status=400 if form.errors else 200)


def _registration(token) -> Registration:
    registration = (
        Registration.objects.select_related("workshop__place__commune").filter(cancellation_token=token).first()
    )
    if registration is None:
        raise Http404
    return registration


def registration(request, token):
    """The confirmation page: everything needed to come, a calendar file, the link to cancel."""
    registration = _registration(token)
    workshop = registration.workshop
    waiting_position = None
    if registration.status == RegistrationStatus.WAITLISTED:
        waiting_position = (
            workshop.registrations.filter(status=RegistrationStatus.WAITLISTED, created_at__lte=registration.created_at)
            .exclude(pk__gt=registration.pk, created_at=registration.created_at)
            .count()
        )
    context = {
        "registration": registration,
        "workshop": workshop,
        "place": workshop.place,
        "waiting_position": waiting_position,
        "cancel_url": reverse("workshops:public_cancel", args=[token]),
    }
    with timezone.override(workshop.time_zone):
        return render(request, "public/registration.html", context)


def registration_ics(request, token):
    registration = _registration(token)
    body = calendar.event(registration.workshop, registrations.cancellation_url(registration))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="atelier-{registration.workshop_id}.ics"'
    return response
