"""Booking an individual appointment without an account: a place's free slots, the form, the confirmation page
(calendar file, cancellation). Works without JavaScript: a slot is a link, the form one POST.

The same anti-abuse as workshop registration: a per-client rate limit, a honeypot field, a double-submit token,
the person's consent. Never cached: slots change with every booking.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from conum.activity.appointments import services, slots
from conum.activity.enums import AppointmentStatus, Theme
from conum.activity.models import Appointment
from conum.core import ratelimit
from conum.core.errors import RuleViolation
from conum.core.once import submit_once

from . import calendar, search
from .appointment_forms import PLAIN_THEMES, BookingForm

SCOPE = "appointment"


def _place(pk):
    return get_object_or_404(search.public_places().select_related("commune"), pk=pk)


def _slot(place, key):
    """The slot behind a key, free or already taken (None when the place does not offer it)."""
    parsed = slots.parse_key(key, place.time_zone)
    if parsed is None:
        return None
    advisor_id, starts_at = parsed
    day = timezone.localtime(starts_at, place.time_zone).date()
    found = slots.offered(place, day, day, advisor_id=advisor_id, keep_busy=True)
    return next((slot for slot in found if slot.starts_at == starts_at), None)


def _render(request, place, template, context, status=200):
    with timezone.override(place.time_zone):  # times as the place's clock shows them
        return render(request, f"public/appointments/{template}", context, status=status)


def _slots_page(request, place, refusal="", status=200):
    context = {"place": place, "days": slots.by_day(slots.free_slots(place)), "booking_days": slots.BOOKING_DAYS}
    return _render(request, place, "slots.html", context | {"refusal": refusal}, status)


def book(request, pk):
    """GET: the free slots by day, each a link; with ?creneau=: the form for that slot. POST: book it (the service
    says whether it is still free: a double submit then gets the first one's confirmation)."""
    place = _place(pk)
    key = request.POST.get("creneau") if request.method == "POST" else request.GET.get("creneau")
    if not key:
        return _slots_page(request, place)
    chosen = _slot(place, key)
    if chosen is None:
        return _slots_page(request, place, services.NOT_OFFERED, 409 if request.method == "POST" else 200)
    if request.method == "GET" and chosen.key not in {slot.key for slot in slots.free_slots(place)}:
        return _slots_page(request, place, services.TAKEN)
    form = BookingForm(request.POST or None)
    context = {"place": place, "slot": chosen, "form": form}
    refusal, status = ratelimit.public_form_refusal(request, SCOPE)
    if refusal:
        return _render(request, place, "book.html", context | {"refusal": refusal}, status)
    if request.method == "POST":
        if form.is_valid() and form.is_robot():
            form.add_error(
                None, "Votre rendez-vous n'a pas pu être enregistré. Réessayez sans remplir le dernier champ."
            )
        elif form.is_valid():
            data = form.cleaned_data | {"creneau": chosen.key}

            def save():
                return services.book(place, chosen.key, form.input).cancellation_token

            try:  # the same form sent twice (a double click) shows the first one's confirmation
                token = submit_once(f"appointment:{place.pk}", data["submission_token"], data, save)
            except RuleViolation as refusal:
                if str(refusal) in (services.TAKEN, services.NOT_OFFERED):
                    return _slots_page(request, place, str(refusal), 409)
                form.add_error(None, str(refusal))
            else:
                return redirect("public:appointment", token=token)
    return _render(request, place, "book.html", context, 400 if form.errors else 200)


def _appointment(token) -> Appointment:
    found = Appointment.objects.select_related("place__commune").filter(cancellation_token=token).first()
    if found is None:
        raise Http404
    return found


def appointment(request, token):
    """The person's page: the confirmation, the calendar file, the cancellation (POST)."""
    found = _appointment(token)
    if request.method == "POST":
        try:
            cancelled = services.cancel(token)
        except RuleViolation as refusal:
            messages.error(request, str(refusal))
        else:
            if not cancelled.already_cancelled:
                messages.success(
                    request, "Votre rendez-vous est annulé. Merci d'avoir prévenu : le créneau est libéré."
                )
        return redirect("public:appointment", token=token)
    plain = dict(PLAIN_THEMES)
    context = {
        "appointment": found,
        "place": found.place,
        "themes": [plain.get(value, Theme(value).label) for value in found.themes if value in Theme.values],
        "can_cancel": found.status == AppointmentStatus.BOOKED and found.starts_at > timezone.now(),
    }
    return _render(request, found.place, "appointment.html", context)


def appointment_ics(request, token):
    found = _appointment(token)
    body = calendar.appointment_event(found, services.public_url(found))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-{found.pk}.ics"'
    return response
