"""Workshop pages: the advisor schedules and runs its sessions; the structure manager reads its advisors'
sessions; anyone holding a cancellation link cancels their registration (no account needed)."""

import calendar
import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.views.decorators.http import require_POST

from conum.activity.access import current_advisor
from conum.activity.enums import SEAT_HOLDING_STATUSES, RegistrationStatus, Theme
from conum.activity.models import Registration, Workshop
from conum.activity.workshops import registrations
from conum.activity.workshops import services as workshops
from conum.activity.workshops.forms import (
    AttendanceForm,
    CancelWorkshopForm,
    RegistrationForm,
    WorkshopCreateForm,
    WorkshopEditForm,
)
from conum.activity.workshops.inputs import advisor_places
from conum.core.dates import add_months
from conum.core.errors import RuleViolation
from conum.core.formatting import plural
from conum.core.permissions import role_required
from conum.core.roles import Role

PER_PAGE = 30
VIEWERS = (Role.ADVISOR, Role.STRUCTURE_MANAGER)
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def _scoped(request):
    return Workshop.objects.for_user(request.user)


def _render(request, template, context):
    """A page on one session: its times shown in its place's time zone (overseas places have theirs)."""
    with timezone.override(context["workshop"].time_zone):
        return render(request, template, context)


def _get(request, pk):
    related = ("place__commune", "advisor__candidate", "structure")
    return get_object_or_404(workshops.with_seat_counts(_scoped(request)).select_related(*related), pk=pk)


def _submitted(request, form, write):
    """`write()`'s result once a POSTed form is valid; None while there is nothing to save, or when the service
    refuses (its message then shown beside its field)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write()
    except RuleViolation as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal))
        return None


def _optional_url(name, query="") -> str | None:
    """A URL of another area that may not exist yet (places, reports): None until it does."""
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return None


# ---- lists -----------------------------------------------------------------------------------------


@role_required(*VIEWERS)
def workshop_list(request):
    now = timezone.now()
    past = request.GET.get("periode") == "passees"
    sessions = workshops.with_seat_counts(_scoped(request)).select_related(
        "place__commune", "advisor__candidate", "structure"
    )
    if past:
        sessions = sessions.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        sessions = sessions.filter(ends_at__gte=now).order_by("starts_at", "pk")
    page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "past": past, "now": now, "is_advisor": request.user.role == Role.ADVISOR}
    return render(request, "activity/workshops/list.html", context)


def _month(value, today) -> date:
    match = MONTH.match(value or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


@role_required(*VIEWERS)
def month_calendar(request):
    """A month as a table (weeks × days), each day with its sessions: no JavaScript needed."""
    today = timezone.localdate()
    month = _month(request.GET.get("mois"), today)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    # A day wider on each side: each session is put on the day of its own place's time zone.
    start = timezone.make_aware(datetime.combine(weeks[0][0] - timedelta(days=1), time.min))
    end = timezone.make_aware(datetime.combine(weeks[-1][-1] + timedelta(days=2), time.min))
    sessions = (
        workshops.with_seat_counts(_scoped(request))
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("place", "structure")
        .order_by("starts_at", "pk")
    )
    by_day = defaultdict(list)
    for session in sessions:
        by_day[timezone.localtime(session.starts_at, session.time_zone).date()].append(session)
    rows = [
        [
            {
                "day": day,
                "in_month": day.month == month.month,
                "today": day == today,
                "sessions": by_day.get(day, []),
                "weekday": WEEKDAYS[day.weekday()],
            }
            for day in week
        ]
        for week in weeks
    ]
    previous, following = add_months(month, -1), add_months(month, 1)
    context = {
        "rows": rows,
        "weekdays": WEEKDAYS,
        "month_label": formats.date_format(month, "F Y").capitalize(),
        "previous": f"{previous:%Y-%m}",
        "previous_label": formats.date_format(previous, "F Y"),
        "following": f"{following:%Y-%m}",
        "following_label": formats.date_format(following, "F Y"),
        "current": f"{today:%Y-%m}",
        "month_value": f"{month:%Y-%m}",
        "is_current_month": month == today.replace(day=1),
        "count": sum(len(s) for day, s in by_day.items() if (day.year, day.month) == (month.year, month.month)),
        "is_advisor": request.user.role == Role.ADVISOR,
    }
    return render(request, "activity/workshops/calendar.html", context)


# ---- one session -----------------------------------------------------------------------------------


@role_required(*VIEWERS)
def detail(request, pk):
    workshop = _get(request, pk)
    now = timezone.now()
    people = list(workshop.registrations.all())
    is_owner = request.user.role == Role.ADVISOR and workshop.advisor.user_id == request.user.pk
    started = workshop.starts_at <= now
    series = (
        list(Workshop.objects.filter(series=workshop.series).order_by("starts_at", "pk")) if workshop.series else []
    )
    live = not workshop.cancelled_at
    context = {
        "workshop": workshop,
        "themes": [Theme(value).label for value in workshop.themes if value in Theme.values],
        "holders": [r for r in people if r.status in SEAT_HOLDING_STATUSES],
        "waiting": [r for r in people if r.status == RegistrationStatus.WAITLISTED],
        "cancelled": [r for r in people if r.status == RegistrationStatus.CANCELLED],
        "is_owner": is_owner,
        "started": started,
        "ended": workshop.ends_at <= now,
        "can_edit": is_owner and live and not started,
        "can_register": is_owner and live,
        "can_mark_attendance": is_owner and live and started,
        "series": series,
        "report_url": _optional_url("reports:create", f"?atelier={workshop.pk}")
        if is_owner and live and started
        else None,
    }
    return _render(request, "activity/workshops/detail.html", context)


def _editable(view):
    """The advisor's page on a session that neither is cancelled nor has started; else back to the session."""

    @role_required(Role.ADVISOR)
    @wraps(view)
    def editable_view(request, pk):
        workshop = _get(request, pk)
        if workshop.cancelled_at:
            messages.error(request, "Cette séance est annulée : elle ne peut plus être modifiée.")
        elif workshop.starts_at <= timezone.now():
            messages.error(request, "Cette séance a déjà commencé : elle ne peut plus être modifiée ni annulée.")
        else:
            return view(request, workshop)
        return redirect("workshops:detail", pk=workshop.pk)

    return editable_view


@role_required(Role.ADVISOR)
def create(request):
    advisor = current_advisor(request.user)
    form = WorkshopCreateForm(request.POST or None, advisor=advisor)
    if sessions := _submitted(request, form, lambda: workshops.create_sessions(request.user, form.input)):
        if len(sessions) > 1:
            last = sessions[-1].starts_at
            messages.success(
                request,
                f"{plural(len(sessions), 'séance programmée', 'séances programmées')}, "
                f"jusqu'au {timezone.localtime(last, sessions[0].time_zone):%d/%m/%Y}.",
            )
        else:
            messages.success(request, "Séance programmée.")
        return redirect("workshops:detail", pk=sessions[0].pk)
    context = {
        "form": form,
        "creating": True,
        "has_places": advisor_places(advisor).exists(),
        "places_url": _optional_url("places:create"),
    }
    return render(request, "activity/workshops/form.html", context)


@_editable
def edit(request, workshop):
    following = (
        Workshop.objects.filter(
            series=workshop.series, starts_at__gt=workshop.starts_at, cancelled_at__isnull=True
        ).count()
        if workshop.series
        else 0
    )
    form = WorkshopEditForm(
        request.POST or None,
        advisor=workshop.advisor,
        workshop=workshop,
        following_count=following,
        initial=WorkshopEditForm.initial_for(workshop),
    )
    if changed := _submitted(request, form, lambda: workshops.update_sessions(workshop, request.user, form.input)):
        done = plural(len(changed), "séance modifiée", "séances modifiées")
        messages.success(
            request, f"{done}. Les personnes inscrites sont prévenues d'un changement d'horaire ou de lieu."
        )
        return redirect("workshops:detail", pk=workshop.pk)
    context = {"form": form, "workshop": workshop, "creating": False, "has_places": True, "places_url": None}
    return _render(request, "activity/workshops/form.html", context)


@_editable
def cancel(request, workshop):
    form = CancelWorkshopForm(request.POST or None)
    if _submitted(request, form, lambda: workshops.cancel_session(workshop, request.user, form.cleaned_data["reason"])):
        messages.success(
            request, "Séance annulée. Les personnes inscrites qui ont laissé une adresse e-mail sont prévenues."
        )
        return redirect("workshops:detail", pk=workshop.pk)
    live = workshop.registrations.filter(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])
    context = {"form": form, "workshop": workshop, "live": live.count(), "reachable": live.exclude(email="").count()}
    return _render(request, "activity/workshops/cancel.html", context)


# ---- registrations (advisor side) ------------------------------------------------------------------


@role_required(Role.ADVISOR)
def add_registration(request, pk):
    workshop = _get(request, pk)
    if workshop.cancelled_at:
        messages.error(request, "Cette séance est annulée : les inscriptions sont fermées.")
        return redirect("workshops:detail", pk=workshop.pk)
    started = workshop.starts_at <= timezone.now()
    form = RegistrationForm(request.POST or None, initial={"walk_in": started})
    if registration := _submitted(
        request, form, lambda: registrations.register(workshop, by=request.user, **form.cleaned_data)
    ):
        if registration.status == RegistrationStatus.WAITLISTED:
            messages.warning(request, registrations.summary(registration))
        else:
            messages.success(request, registrations.summary(registration))
        return redirect("workshops:detail", pk=workshop.pk)
    return _render(request, "activity/workshops/registration_form.html", {"form": form, "workshop": workshop})


@role_required(Role.ADVISOR)
@require_POST
def cancel_registration(request, pk, registration_pk):
    workshop = _get(request, pk)
    registration = get_object_or_404(workshop.registrations, pk=registration_pk)
    name = f"{registration.first_name} {registration.last_name}"
    try:
        result = registrations.cancel(registration.cancellation_token, by=request.user)
    except RuleViolation as refusal:
        messages.error(request, str(refusal))
    else:
        text = f"L'inscription de {name} est annulée."
        if result.already_cancelled:
            text = f"L'inscription de {name} était déjà annulée."
        for promoted in result.promoted:
            text += f" {promoted.first_name} {promoted.last_name} quitte la liste d'attente et obtient la place."
        messages.success(request, text)
    return redirect("workshops:detail", pk=workshop.pk)


@role_required(Role.ADVISOR)
def attendance(request, pk):
    workshop = _get(request, pk)
    if workshop.cancelled_at or workshop.starts_at > timezone.now():
        with timezone.override(workshop.time_zone):
            starts = registrations.at(workshop.starts_at)
        messages.error(
            request,
            "Cette séance est annulée : il n'y a pas de présences à noter."
            if workshop.cancelled_at
            else f"Les présences se notent à partir du début de la séance, le {starts}.",
        )
        return redirect("workshops:detail", pk=workshop.pk)
    holders = workshop.registrations.filter(status__in=SEAT_HOLDING_STATUSES).order_by("last_name", "first_name", "pk")
    form = AttendanceForm(request.POST or None, registrations=holders)
    if totals := _submitted(
        request, form, lambda: registrations.mark_attendance(workshop, request.user, form.attendance())
    ):
        attended, absent = plural(totals["attended"], "présent"), plural(totals["absent"], "absent")
        text = f"Présences enregistrées : {attended}, {absent}"
        if totals["not_marked"]:
            text += f", {plural(totals['not_marked'], 'personne', 'personnes')} sans réponse"
        messages.success(request, text + ".")
        return redirect("workshops:detail", pk=workshop.pk)
    return _render(request, "activity/workshops/attendance.html", {"form": form, "workshop": workshop})


# ---- the public cancellation page (link of the e-mails) --------------------------------------------


def public_cancel(request, token):
    registration = get_object_or_404(
        Registration.objects.select_related("workshop__place__commune"), cancellation_token=token
    )
    if request.method == "POST":
        try:
            registrations.cancel(token)
        except RuleViolation as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Votre inscription est annulée. Merci d'avoir prévenu : la place est libérée.")
        return redirect("workshops:public_cancel", token=token)
    workshop = registration.workshop
    now = timezone.now()
    context = {
        "registration": registration,
        "workshop": workshop,
        "is_cancelled": registration.status == RegistrationStatus.CANCELLED,
        "can_cancel": registration.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
        and workshop.starts_at > now,
    }
    return _render(request, "activity/workshops/public_cancel.html", context)
