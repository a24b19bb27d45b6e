"""The advisor's appointment pages: the week's agenda (workshops and appointments together), availability and
absences, one appointment (came or not, its report). The structure manager reads its advisors' agendas."""

import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.views.decorators.http import require_POST

from conum.activity.access import current_advisor
from conum.activity.appointments import services
from conum.activity.appointments.forms import AbsenceForm, FileForm, MarkForm, RuleForm
from conum.activity.appointments.inputs import WEEKDAYS
from conum.activity.beneficiaries.services import history as file_history
from conum.activity.beneficiaries.services import usable
from conum.activity.enums import AppointmentStatus, Theme
from conum.activity.models import Appointment, AvailabilityException, AvailabilityRule, Workshop
from conum.activity.workshops.services import local_day
from conum.core.errors import RuleViolation
from conum.core.formatting import plural
from conum.core.permissions import role_required
from conum.core.roles import Role
from conum.core.scoping import id_or_404
from conum.recruitment.models import Advisor
from conum.territories.time_zones import PARIS, time_zone_for

VIEWERS = (Role.ADVISOR, Role.STRUCTURE_MANAGER)
WEEK = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _monday(value, today) -> date:
    match = WEEK.match(value or "")
    day = today
    if match:
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            day = today
        if not 2000 <= day.year <= 2100:
            day = today
    return day - timedelta(days=day.weekday())


def _advisor_shown(request) -> tuple[Advisor | None, list]:
    """Whose agenda: the advisor's own; for a structure manager, the advisor chosen among its structure's (the
    first one by default). Another structure's advisor is a 404."""
    if request.user.role == Role.ADVISOR:
        advisor = current_advisor(request.user)
        if "conseiller" in request.GET and id_or_404(request.GET["conseiller"]) != advisor.pk:
            raise Http404  # another advisor's agenda
        return advisor, []
    advisors = list(
        Advisor.objects.for_user(request.user)
        .in_post()
        .select_related("candidate")
        .order_by("candidate__last_name", "pk")
    )
    if "conseiller" in request.GET:
        pk = id_or_404(request.GET["conseiller"])
        return get_object_or_404(Advisor.objects.for_user(request.user), pk=pk), advisors
    return (advisors[0] if advisors else None), advisors


@role_required(*VIEWERS)
def agenda(request):
    """A week, a list per day (a column per day on wide screens): sessions and appointments by start time, on the
    clock of the advisor's structure (days and hours of an advisor in La Réunion are La Réunion's)."""
    advisor, advisors = _advisor_shown(request)
    zone = time_zone_for(advisor.structure.departement_id) if advisor is not None else PARIS
    with timezone.override(zone):
        return _agenda(request, advisor, advisors)


def _agenda(request, advisor, advisors):
    today = timezone.localdate()
    monday = _monday(request.GET.get("semaine"), today)
    start = timezone.make_aware(datetime.combine(monday, time.min))
    end = start + timedelta(days=7)
    entries = defaultdict(list)
    if advisor is not None:
        sessions = (
            Workshop.objects.for_user(request.user)
            .filter(advisor=advisor, starts_at__gte=start, starts_at__lt=end)
            .select_related("place")
        )
        for session in sessions:
            entries[local_day(session.starts_at)].append(("workshop", session))
        appointments = (
            Appointment.objects.for_user(request.user)
            .filter(advisor=advisor, starts_at__gte=start, starts_at__lt=end)
            .exclude(status=AppointmentStatus.CANCELLED)
            .select_related("place")
        )
        for appointment in appointments:
            entries[local_day(appointment.starts_at)].append(("appointment", appointment))
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        items = sorted(entries.get(day, []), key=lambda item: (item[1].starts_at, item[0], item[1].pk))
        days.append({"day": day, "weekday": WEEKDAYS[day.weekday()], "today": day == today, "items": items})
    previous, following = monday - timedelta(days=7), monday + timedelta(days=7)
    chosen = f"&conseiller={advisor.pk}" if advisors and advisor else ""
    context = {
        "advisor": advisor,
        "advisors": advisors,
        "days": days,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "previous_url": f"?semaine={previous:%Y-%m-%d}{chosen}",
        "following_url": f"?semaine={following:%Y-%m-%d}{chosen}",
        "current_url": f"?semaine={today - timedelta(days=today.weekday()):%Y-%m-%d}{chosen}",
        "is_current_week": monday <= today < monday + timedelta(days=7),
        "week_label": f"Semaine du {formats.date_format(monday, 'j F Y')}",
        "summary": _summary([kind for day in days for kind, _item in day["items"]]),
        "is_advisor": request.user.role == Role.ADVISOR,
        "now": timezone.now(),
    }
    return render(request, "activity/appointments/agenda.html", context)


def _summary(kinds) -> str:
    """ "2 rendez-vous, 1 séance d'atelier"."""
    sessions = kinds.count("workshop")
    meetings = plural(len(kinds) - sessions, "rendez-vous", "rendez-vous")
    workshops = plural(sessions, "séance d'atelier", "séances d'atelier")
    return f"{meetings}, {workshops}"


def _appointment(request, pk) -> Appointment:
    rows = Appointment.objects.for_user(request.user).select_related(
        "place__commune", "advisor__candidate", "report", "beneficiary"
    )
    return get_object_or_404(rows, pk=pk)


@role_required(*VIEWERS)
def detail(request, pk):
    appointment = _appointment(request, pk)
    is_owner = request.user.role == Role.ADVISOR and appointment.advisor.user_id == request.user.pk
    now = timezone.now()
    started = appointment.starts_at <= now
    live = appointment.status != AppointmentStatus.CANCELLED
    report = appointment.report if appointment.report and appointment.report.deleted_at is None else None
    context = {
        "appointment": appointment,
        "themes": [Theme(value).label for value in appointment.themes if value in Theme.values],
        "is_owner": is_owner,
        "can_mark": is_owner and live and started,
        "can_cancel": is_owner and appointment.status == AppointmentStatus.BOOKED and not started,
        "report": report,
        "report_url": f"{reverse('reports:create')}?rendez_vous={appointment.pk}"
        if is_owner and live and started and report is None
        else None,
        "form": MarkForm(),
        "agenda_url": f"{reverse('appointments:agenda')}?semaine={local_day(appointment.starts_at):%Y-%m-%d}",
    }
    if is_owner:  # the person's file is the team's advisors' only (never the managers')
        context |= _file_context(appointment, live)
    with timezone.override(appointment.place.time_zone):  # the times the person was given
        return render(request, "activity/appointments/detail.html", context)


HISTORY_SHOWN = 5


def _file_context(appointment, live) -> dict:
    """The person's file and the last accompaniments it holds; without one, the files the contact points to."""
    beneficiary = appointment.beneficiary
    if not usable(beneficiary, appointment.advisor.structure_id):
        suggestions = services.suggested_files(appointment) if live else []
        return {"file": None, "suggestions": suggestions}
    history = file_history(beneficiary)
    shown = list(history[:HISTORY_SHOWN])
    for past in shown:
        past.theme_labels = [Theme(value).label for value in past.themes if value in Theme.values]
    return {
        "file": beneficiary,
        "file_history": shown,
        "file_total": history.count(),
        "can_unfile": appointment.report is None or appointment.report.beneficiary_id != beneficiary.pk,
    }


@role_required(Role.ADVISOR)
@require_POST
def mark(request, pk):
    appointment = _appointment(request, pk)
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez « venu(e) » ou « absent(e) ».")
        return redirect("appointments:detail", pk=appointment.pk)
    try:
        services.mark(appointment, request.user, form.cleaned_data["status"])
    except RuleViolation as refusal:
        messages.error(request, str(refusal))
    else:
        came = form.cleaned_data["status"] == AppointmentStatus.ATTENDED
        messages.success(
            request, f"C'est noté : {appointment.first_name} {'est venu(e)' if came else 'était absent(e)'}."
        )
    return redirect("appointments:detail", pk=appointment.pk)


@role_required(Role.ADVISOR)
@require_POST
def file(request, pk):
    """Link the appointment to a file ("dossier") or, with `retirer`, undo that link."""
    appointment = _appointment(request, pk)
    try:
        if "retirer" in request.POST:
            services.unfile(appointment, request.user)
            messages.success(request, "Le rendez-vous n'est plus relié à ce dossier.")
        else:
            chosen = FileForm(request.POST)
            if not chosen.is_valid():
                raise RuleViolation("Choisissez un des dossiers proposés.")
            beneficiary = services.file_with(appointment, chosen.cleaned_data["dossier"], request.user)
            messages.success(request, f"Rendez-vous relié au dossier de {beneficiary.name}.")
    except RuleViolation as refusal:
        messages.error(request, str(refusal))
    return redirect("appointments:detail", pk=appointment.pk)


@role_required(Role.ADVISOR)
@require_POST
def cancel(request, pk):
    appointment = _appointment(request, pk)
    try:
        services.cancel_by_advisor(appointment, request.user)
    except RuleViolation as refusal:
        messages.error(request, str(refusal))
        return redirect("appointments:detail", pk=appointment.pk)
    told = f" ; {appointment.first_name} est prévenu(e) par e-mail" if appointment.email else ""
    messages.success(request, f"Rendez-vous annulé : le créneau est de nouveau libre{told}.")
    return redirect(f"{reverse('appointments:agenda')}?semaine={local_day(appointment.starts_at):%Y-%m-%d}")


# ---- availability and absences ---------------------------------------------------------------------------


def _availability_context(advisor, request, rule_form, absence_form) -> dict:
    today = timezone.localdate()
    rules = AvailabilityRule.objects.for_user(request.user).filter(advisor=advisor).select_related("place__commune")
    absences = AvailabilityException.objects.for_user(request.user).filter(advisor=advisor, last_day__gte=today)
    return {
        "rules": [(rule, WEEKDAYS[rule.weekday]) for rule in rules],
        "absences": absences.select_related("place"),
        "rule_form": rule_form,
        "absence_form": absence_form,
        "has_places": rule_form.fields["place"].queryset.exists(),
        "today": today,
    }


@role_required(Role.ADVISOR)
def availability(request):
    """Weekly slots offered at each place, and absences; two forms, each posted on its own (no JavaScript)."""
    advisor = current_advisor(request.user)
    which = request.POST.get("formulaire") if request.method == "POST" else None
    rule_form = RuleForm(request.POST if which == "disponibilite" else None, advisor=advisor)
    absence_form = AbsenceForm(request.POST if which == "absence" else None, advisor=advisor)
    rule = (
        which == "disponibilite"
        and rule_form.is_valid()
        and rule_form.saved(lambda values: services.add_rule(advisor, request.user, values))
    )
    if rule:
        messages.success(
            request,
            f"Disponibilité ajoutée : le {WEEKDAYS[rule.weekday]} de {rule.start_time:%H:%M} à "
            f"{rule.end_time:%H:%M} à {rule.place.name}, par rendez-vous de {rule.slot_minutes} minutes.",
        )
        return redirect("appointments:availability")
    absence = (
        which == "absence"
        and absence_form.is_valid()
        and absence_form.saved(lambda values: services.add_absence(advisor, request.user, values))
    )
    if absence:
        text = "Absence enregistrée : aucun rendez-vous ne sera proposé ces jours-là."
        booked = services.booked_during(advisor, absence.first_day, absence.last_day, absence.place)
        if booked:
            text += (
                f" Attention : {plural(booked, 'rendez-vous est déjà réservé', 'rendez-vous sont déjà réservés')}"
                " sur cette période, prévenez les personnes (voir votre agenda)."
            )
            messages.warning(request, text)
        else:
            messages.success(request, text)
        return redirect("appointments:availability")
    context = _availability_context(advisor, request, rule_form, absence_form)
    errors = rule_form.errors or absence_form.errors
    return render(request, "activity/appointments/availability.html", context, status=400 if errors else 200)


@role_required(Role.ADVISOR)
@require_POST
def remove_rule(request, pk):
    advisor = current_advisor(request.user)
    rule = get_object_or_404(AvailabilityRule.objects.for_user(request.user).filter(advisor=advisor), pk=pk)
    services.remove(rule, request.user)
    messages.success(request, "Disponibilité retirée. Les rendez-vous déjà réservés restent dans votre agenda.")
    return redirect("appointments:availability")


@role_required(Role.ADVISOR)
@require_POST
def remove_absence(request, pk):
    advisor = current_advisor(request.user)
    absence = get_object_or_404(AvailabilityException.objects.for_user(request.user).filter(advisor=advisor), pk=pk)
    services.remove(absence, request.user)
    messages.success(request, "Absence retirée : les créneaux de ces jours-là sont de nouveau proposés.")
    return redirect("appointments:availability")
