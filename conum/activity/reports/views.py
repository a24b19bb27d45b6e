"""Activity reports: the advisor's entry form, list, export and statistics; the structure's read-only view."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from conum.activity import enums
from conum.activity.access import current_advisor
from conum.activity.appointments import services as appointments
from conum.activity.models import ActivityReport, ActivityRollup, Appointment, Beneficiary, Place, Workshop
from conum.activity.reports import services as reports
from conum.activity.reports import statistics
from conum.activity.reports.forms import PeriodForm, ReportFilterForm, ReportForm, duration_label, initial_from_data
from conum.activity.reports.inputs import AGE_FIELDS, MAX_WORKSHOP_PARTICIPANTS, STATUS_FIELDS, report_data
from conum.core.errors import RuleViolation
from conum.core.exports import csv_response
from conum.core.formatting import day_at, plural
from conum.core.model_fields import has_value
from conum.core.permissions import role_required
from conum.core.roles import Role
from conum.core.scoping import id_or_404
from conum.recruitment.models import Advisor

PER_PAGE = 50
READERS = (Role.ADVISOR, Role.STRUCTURE_MANAGER)


# ---- list, detail, export --------------------------------------------------------------------------


def _scope(request):
    """The reports the user may read, the filter form, and whether they are the user's own."""
    user = request.user
    reports_qs = ActivityReport.objects.for_user(user).live()
    if user.role == Role.ADVISOR:
        advisor = current_advisor(user)
        form = ReportFilterForm(request.GET or None, places=Place.objects.for_user(user).filter(advisors=advisor))
        return reports_qs.filter(advisor=advisor), form, advisor
    advisors = (
        Advisor.objects.for_user(user)
        .select_related("candidate")
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )
    places = Place.objects.for_user(user).order_by("name")
    form = ReportFilterForm(request.GET or None, places=places, advisors=advisors)
    return reports_qs, form, None


def _filtered(reports_qs, form):
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("start"):
        reports_qs = reports_qs.filter(date__gte=data["start"])
    if data.get("end"):
        reports_qs = reports_qs.filter(date__lte=data["end"])
    if data.get("kind"):
        reports_qs = reports_qs.filter(kind=data["kind"])
    if data.get("theme"):
        reports_qs = reports_qs.filter(has_value("themes", data["theme"]))
    if data.get("place"):
        reports_qs = reports_qs.filter(place=data["place"])
    if data.get("advisor"):
        reports_qs = reports_qs.filter(advisor=data["advisor"])
    return reports_qs


def _labels(values, vocabulary, separator=", ") -> str:
    names = dict(vocabulary.choices)
    return separator.join(names.get(value, value) for value in values)


def _where(report) -> str:
    if report.location == enums.Location.PLACE and report.place:
        return f"{report.place.name} ({report.commune.name})"
    return f"{report.get_location_display()} ({report.commune.name})"


@role_required(*READERS)
def report_list(request):
    reports_qs, form, advisor = _scope(request)
    listed = _filtered(reports_qs, form).select_related("place", "commune", "advisor__candidate", "workshop")
    page = Paginator(listed.order_by("-date", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    for report in page:
        report.where = _where(report)
        report.duration_display = duration_label(report.duration_minutes)
        report.theme_labels = _labels(report.themes, enums.Theme)
    count = plural(page.paginator.count, "compte rendu", "comptes rendus")
    context = {"form": form, "page": page, "is_author": advisor is not None, "count": count}
    return render(request, "activity/reports/list.html", context)


@role_required(Role.ADVISOR)
def export_csv(request):
    """The advisor's own reports, with the list's filters, streamed."""
    reports_qs, form, advisor = _scope(request)
    listed = _filtered(reports_qs, form).select_related("place", "commune", "workshop").order_by("date", "pk")
    return csv_response(
        f"comptes-rendus-{timezone.localdate():%Y-%m-%d}", REPORTS_HEADER, report_rows(listed), neutralise_formulas=True
    )


@role_required(*READERS)
def detail(request, pk):
    report = get_object_or_404(
        ActivityReport.objects.for_user(request.user)
        .live()
        .select_related("place", "commune", "advisor__candidate", "workshop", "structure"),
        pk=pk,
    )
    is_author = request.user.role == Role.ADVISOR and report.advisor.user_id == request.user.pk
    context = {"report": report, "is_author": is_author, "facts": _facts(report)}
    if report.beneficiary_id and request.user.role == Role.ADVISOR:  # the team only (BeneficiaryQuerySet)
        context["beneficiary"] = Beneficiary.objects.for_user(request.user).filter(pk=report.beneficiary_id).first()
    return render(request, "activity/reports/detail.html", context)


def _facts(report) -> list[tuple[str, str]]:
    """The report as (label, value) lines for its page."""
    ages = [f"{label} : {getattr(report, f'age_{value}')}" for value, label in enums.AgeBand.choices
            if getattr(report, f"age_{value}")]  # fmt: skip
    statuses = [f"{label} : {getattr(report, f'status_{value}')}" for value, label in enums.SocialStatus.choices
                if getattr(report, f"status_{value}")]  # fmt: skip
    facts = [
        ("Date", f"{report.date:%d/%m/%Y}"),
        ("Type", report.get_kind_display()),
        ("Lieu", _where(report)),
        ("Durée", duration_label(report.duration_minutes)),
        ("Participants", str(report.participants)),
        ("Dont déjà accompagnés", str(report.returning_participants)),
        ("Tranches d'âge", ", ".join(ages)),
        ("Statuts", ", ".join(statuses)),
        ("Thématiques", _labels(report.themes, enums.Theme)),
        ("Démarches administratives", _labels(report.administrative_themes, enums.AdministrativeTheme) or "—"),
        ("Matériel utilisé", _labels(report.equipment, enums.Equipment) or "—"),
    ]
    if report.kind == enums.ReportKind.INDIVIDUAL:
        facts.append(("Autonomie", report.get_autonomy_display() or "Non renseignée"))
    facts += [
        ("Réorientation vers", _labels(report.redirections, enums.Redirection) or "—"),
        ("Poursuivent en accompagnement individuel", str(report.followup_individual)),
        ("Poursuivent en atelier collectif", str(report.followup_workshop)),
        ("Réorientées", str(report.followup_redirected)),
        ("Notes", report.notes or "—"),
    ]
    if report.workshop:
        facts.insert(2, ("Atelier", f"{report.workshop.title} ({day_at(report.workshop.starts_at)})"))
    return facts


# ---- entry form ------------------------------------------------------------------------------------


def _own_report(request, pk) -> ActivityReport:
    """One of the user's own live reports (another advisor's is not found)."""
    return get_object_or_404(
        ActivityReport.objects.for_user(request.user).live().select_related("advisor", "structure"), pk=pk
    )


def _kind(value, default) -> str:
    return value if value in enums.ReportKind.values else default


def _workshop_initial(workshop) -> dict:
    """What a workshop tells of its report: kind, themes, place, date, duration, participants (attendance)."""
    counts = workshop.registrations.aggregate(
        attended=Count("pk", filter=Q(status=enums.RegistrationStatus.ATTENDED)),
        absent=Count("pk", filter=Q(status=enums.RegistrationStatus.ABSENT)),
        confirmed=Count("pk", filter=Q(status=enums.RegistrationStatus.CONFIRMED)),
    )
    marked = counts["attended"] + counts["absent"] > 0
    participants = counts["attended"] if marked else counts["confirmed"]
    minutes = int((workshop.ends_at - workshop.starts_at).total_seconds() // 60)
    data = {
        "date": timezone.localdate(workshop.starts_at),
        "themes": workshop.themes,
        "duration_minutes": max(1, min(minutes, enums.MAX_DURATION_MINUTES)),
        "participants": min(participants, MAX_WORKSHOP_PARTICIPANTS) or None,
    }
    if workshop.place_id:
        data["location"], data["place"] = enums.Location.PLACE, workshop.place_id
    else:
        data["location"] = enums.Location.REMOTE
    return data


def _last_report_initial(user, advisor) -> tuple[dict, str | None]:
    """The advisor's usual place and duration: those of its last report."""
    last = (
        ActivityReport.objects.for_user(user)
        .live()
        .filter(advisor=advisor)
        .select_related("place")
        .order_by("-created_at", "-pk")
        .first()
    )
    if last is None:
        return {}, None
    data = {"duration_minutes": last.duration_minutes, "location": last.location}
    if last.location == enums.Location.PLACE:
        if last.place and last.place.archived_at is None:
            data["place"] = last.place_id
        else:
            del data["location"]
    return data, last.kind


def _own_appointment(request, advisor) -> Appointment:
    """The advisor's appointment named by ?rendez_vous= (another's, or a cancelled one: 404)."""
    rows = Appointment.objects.for_user(request.user).filter(advisor=advisor).exclude(status="cancelled")
    return get_object_or_404(rows.select_related("report"), pk=id_or_404(request.GET["rendez_vous"]))


@role_required(Role.ADVISOR)
def create(request):
    advisor = current_advisor(request.user)
    workshop = appointment = None
    if request.GET.get("atelier"):
        workshops = Workshop.objects.for_user(request.user).filter(advisor=advisor)
        workshop = get_object_or_404(workshops, pk=id_or_404(request.GET["atelier"]))
        existing = ActivityReport.objects.for_user(request.user).live().filter(workshop=workshop).first()
        if existing is not None:
            messages.info(request, "Cet atelier a déjà son compte rendu : le voici.")
            return redirect("reports:detail", pk=existing.pk)
        kind, data = enums.ReportKind.WORKSHOP, _workshop_initial(workshop)
    elif request.GET.get("rendez_vous"):
        appointment = _own_appointment(request, advisor)
        if appointment.report_id and appointment.report.deleted_at is None:
            messages.info(request, "Ce rendez-vous a déjà son compte rendu : le voici.")
            return redirect("reports:detail", pk=appointment.report_id)
        kind, data = enums.ReportKind.INDIVIDUAL, appointments.report_initial(appointment)
    else:
        data, last_kind = _last_report_initial(request.user, advisor)
        kind = _kind(request.GET.get("type"), last_kind or enums.ReportKind.INDIVIDUAL)
    data.setdefault("date", timezone.localdate())
    if request.GET.get("dossier") and kind != enums.ReportKind.WORKSHOP:  # from the person's file
        files = Beneficiary.objects.for_user(request.user)
        data["beneficiary"] = get_object_or_404(files, pk=id_or_404(request.GET["dossier"])).pk
    form = ReportForm(
        request.POST or None, advisor=advisor, kind=kind, workshop=workshop, initial=initial_from_data(data, kind)
    )
    if request.method == "POST" and form.is_valid():
        report = form.saved(lambda values: reports.create_report(advisor, request.user, values))
        if report is not None:
            if appointment is not None:  # the agenda then shows the appointment reported
                appointments.link_report(appointment, report, request.user)
            messages.success(
                request,
                f"Compte rendu du {report.date:%d/%m/%Y} enregistré ({report.get_kind_display().lower()}).",
            )
            if appointment is not None:
                return redirect("appointments:detail", pk=appointment.pk)
            if request.POST.get("next") == "list" or workshop is not None:
                return redirect("reports:list")
            return redirect(f"{reverse('reports:create')}?type={kind}")
    context = {"form": form, "kind": kind, "workshop": workshop, "kinds": enums.ReportKind.choices, "report": None}
    return render(request, "activity/reports/form.html", context)


@role_required(Role.ADVISOR)
def update(request, pk):
    advisor = current_advisor(request.user)
    report = _own_report(request, pk)
    kind = _kind(request.GET.get("type"), report.kind)
    if report.workshop_id:
        kind = enums.ReportKind.WORKSHOP
    initial = initial_from_data(report_data(report), kind)
    form = ReportForm(request.POST or None, advisor=advisor, kind=kind, report=report, initial=initial)
    if request.method == "POST" and form.is_valid():
        updated = form.saved(lambda values: reports.update_report(report, request.user, values))
        if updated is not None:
            messages.success(request, f"Compte rendu du {form.cleaned_data['date']:%d/%m/%Y} modifié.")
            return redirect("reports:list")
    context = {
        "form": form,
        "kind": kind,
        "workshop": report.workshop,
        "kinds": enums.ReportKind.choices,
        "report": report,
    }
    return render(request, "activity/reports/form.html", context)


@role_required(Role.ADVISOR)
def delete(request, pk):
    current_advisor(request.user)
    report = _own_report(request, pk)
    if request.method == "POST":
        try:
            reports.delete_report(report, request.user)
            messages.success(request, f"Compte rendu du {report.date:%d/%m/%Y} supprimé.")
        except RuleViolation as refusal:
            messages.error(request, str(refusal))
        return redirect("reports:list")
    return render(request, "activity/reports/confirm_delete.html", {"report": report})


# ---- statistics ------------------------------------------------------------------------------------


@role_required(Role.ADVISOR)
def my_statistics(request):
    """The advisor's figures for a period: a preset (this month, 3 or 12 months) or chosen dates."""
    advisor = current_advisor(request.user)
    today = timezone.localdate()
    preset = request.GET.get("period") or statistics.DEFAULT_PRESET
    if preset == "custom":
        form = PeriodForm(request.GET)
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        else:
            start, end = statistics.preset_period(statistics.DEFAULT_PRESET, today)
    else:
        preset = preset if preset in statistics.PRESETS else statistics.DEFAULT_PRESET
        start, end = statistics.preset_period(preset, today)
        form = PeriodForm(initial={"start": start, "end": end})
    rows = ActivityRollup.objects.for_user(request.user).filter(advisor=advisor)
    figures = statistics.activity_statistics(rows, start, end)
    presets = [
        {"value": value, "label": label, "current": value == preset}
        for value, (label, _months) in statistics.PRESETS.items()
    ]
    context = {"form": form, "preset": preset, "presets": presets, "stats": figures}
    return render(request, "activity/reports/statistics.html", context)


# ---- CSV export ------------------------------------------------------------------------------------

REPORTS_HEADER = [
    "N°", "Date", "Type", "Lieu", "Lieu d'activité", "Commune (INSEE)", "Commune", "Durée (minutes)",
    "Participants", "Dont déjà accompagnés", *[f"Âge : {label}" for label in enums.AgeBand.labels],
    *[f"Statut : {label}" for label in enums.SocialStatus.labels], "Thématiques", "Démarches administratives",
    "Matériel", "Autonomie", "Réorientation", "Poursuite en accompagnement individuel", "Poursuite en atelier",
    "Réorientés", "Atelier", "Notes", "Saisi le", "Modifié le",
]  # fmt: skip


def report_rows(reports_qs):
    kinds, locations, autonomy = (dict(enum.choices) for enum in (enums.ReportKind, enums.Location, enums.Autonomy))
    for report in reports_qs.iterator(chunk_size=2000):
        yield [
            report.pk, report.date, kinds[report.kind], locations[report.location],
            report.place.name if report.place else "", report.commune_id, report.commune.name,
            report.duration_minutes, report.participants, report.returning_participants,
            *[getattr(report, name) for name in AGE_FIELDS],
            *[getattr(report, name) for name in STATUS_FIELDS],
            _labels(report.themes, enums.Theme, " | "),
            _labels(report.administrative_themes, enums.AdministrativeTheme, " | "),
            _labels(report.equipment, enums.Equipment, " | "), autonomy.get(report.autonomy, ""),
            _labels(report.redirections, enums.Redirection, " | "),
            report.followup_individual, report.followup_workshop,
            report.followup_redirected, report.workshop.title if report.workshop else "", report.notes,
            timezone.localtime(report.created_at), timezone.localtime(report.updated_at),
        ]  # fmt: skip
