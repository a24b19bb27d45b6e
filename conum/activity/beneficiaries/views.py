"""Beneficiary files (/personnes/): the structure's advisors keep them, with the person's agreement."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from conum.activity import enums
from conum.activity.access import current_advisor
from conum.activity.beneficiaries import services
from conum.activity.beneficiaries.forms import BeneficiaryForm, SearchForm
from conum.activity.models import Beneficiary
from conum.activity.reports.forms import duration_label
from conum.core.errors import RuleViolation
from conum.core.formatting import day_at
from conum.core.permissions import role_required
from conum.core.roles import Role

PER_PAGE = 50


def _file(request, pk) -> Beneficiary:
    """One of the structure's files (another structure's is not found)."""
    return get_object_or_404(
        Beneficiary.objects.for_user(request.user).select_related("commune", "structure", "consent_by__candidate"),
        pk=pk,
    )


@role_required(Role.ADVISOR)
def beneficiary_list(request):
    current_advisor(request.user)
    form = SearchForm(request.GET or None)
    files = Beneficiary.objects.for_user(request.user).select_related("commune")
    if form.is_valid() and form.cleaned_data["q"]:
        files = files.filter(name__icontains=form.cleaned_data["q"])
    live = Q(reports__deleted_at__isnull=True)
    files = files.annotate(accompaniments=Count("reports", filter=live), last_report=Max("reports__date", filter=live))
    page = Paginator(files.order_by("name", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "activity/beneficiaries/list.html", {"page": page, "form": form})


@role_required(Role.ADVISOR)
def create(request):
    advisor = current_advisor(request.user)
    form = BeneficiaryForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        beneficiary = form.saved(lambda values: services.create_beneficiary(advisor, request.user, values))
        if beneficiary is not None:
            messages.success(request, f"Dossier de {beneficiary.name} créé.")
            return redirect("beneficiaries:detail", pk=beneficiary.pk)
    context = {"form": form, "beneficiary": None}
    return render(request, "activity/beneficiaries/form.html", context)


@role_required(Role.ADVISOR)
def update(request, pk):
    advisor = current_advisor(request.user)
    beneficiary = _file(request, pk)
    initial = {
        "name": beneficiary.name, "email": beneficiary.email, "phone": beneficiary.phone,
        "commune": beneficiary.commune, "age_band": beneficiary.age_band, "themes": beneficiary.themes,
    }  # fmt: skip
    form = BeneficiaryForm(request.POST or None, creating=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.saved(lambda values: services.update_beneficiary(beneficiary, advisor, request.user, values))
        if saved is not None:
            messages.success(request, f"Dossier de {saved.name} modifié.")
            return redirect("beneficiaries:detail", pk=saved.pk)
    return render(request, "activity/beneficiaries/form.html", {"form": form, "beneficiary": beneficiary})


@role_required(Role.ADVISOR)
def detail(request, pk):
    current_advisor(request.user)
    beneficiary = _file(request, pk)
    themes = dict(enums.Theme.choices)
    history = list(services.history(beneficiary))
    for report in history:
        report.duration_display = duration_label(report.duration_minutes)
        report.theme_labels = ", ".join(themes.get(value, value) for value in report.themes)
        report.where = report.place.name if report.place else report.get_location_display()
    appointments = list(services.appointments(beneficiary))
    for appointment in appointments:
        appointment.when = day_at(appointment.starts_at)
    context = {
        "beneficiary": beneficiary,
        "history": history,
        "appointments": appointments,
        "theme_labels": [themes.get(value, value) for value in beneficiary.themes],
    }
    return render(request, "activity/beneficiaries/detail.html", context)


@role_required(Role.ADVISOR)
def export(request, pk):
    """The person's data and history, for them (access right): a JSON file, journaled."""
    current_advisor(request.user)
    beneficiary = _file(request, pk)
    data = services.export_data(beneficiary, request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    name = f"dossier-{beneficiary.pk}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(Role.ADVISOR)
def erase(request, pk):
    advisor = current_advisor(request.user)
    beneficiary = _file(request, pk)
    if request.method == "POST":
        try:
            services.erase(beneficiary, advisor, request.user)
        except RuleViolation as refusal:
            messages.error(request, str(refusal))
            return redirect("beneficiaries:detail", pk=beneficiary.pk)
        messages.success(request, "Les données de la personne sont effacées : ses accompagnements restent, anonymes.")
        return redirect("beneficiaries:list")
    return render(request, "activity/beneficiaries/confirm_erase.html", {"beneficiary": beneficiary})
