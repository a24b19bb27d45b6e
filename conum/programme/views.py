from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render

from conum.core.errors import RuleViolation
from conum.core.french import de
from conum.core.permissions import role_required
from conum.core.roles import Role
from conum.territories.models import Departement, Region

from . import services
from .forms import MinimumWageForm, ParametersForm, QuotaForm, TrainingTrackFormSet
from .models import DepartementQuota, MinimumWage, ProgrammeParameters, TrainingTrack

national_staff_only = role_required(Role.NATIONAL_STAFF)


@national_staff_only
def parameters(request):
    current = ProgrammeParameters.current()
    form = ParametersForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_parameters({f: form.cleaned_data[f] for f in form.fields}, by=request.user)
        except RuleViolation as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Paramètres du programme enregistrés.")
            return redirect("programme:parameters")
    context = {
        "form": form,
        "quotas_total": DepartementQuota.objects.total(),
        "wage": MinimumWage.objects.first(),
        "tracks": TrainingTrack.objects.all(),
    }
    return render(request, "programme/parameters.html", context)


@national_staff_only
def minimum_wages(request):
    form = MinimumWageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_minimum_wage(
                form.cleaned_data["effective_date"], form.cleaned_data["monthly_gross_eur"], by=request.user
            )
        except RuleViolation as refusal:
            form.add_error("effective_date", str(refusal))
        else:
            messages.success(request, "Valeur du SMIC ajoutée.")
            return redirect("programme:minimum_wages")
    return render(request, "programme/minimum_wages.html", {"form": form, "wages": MinimumWage.objects.all()})


@national_staff_only
def training_tracks(request):
    tracks = list(TrainingTrack.objects.all())
    initial = [{"hours": t.hours, "min_score": t.min_score} for t in tracks]
    formset = TrainingTrackFormSet(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and formset.is_valid():
        if len(formset.forms) != len(tracks):
            error = "Les parcours ont changé pendant votre saisie : rechargez la page et recommencez."
        else:
            values = [
                (t, f.cleaned_data["hours"], f.cleaned_data["min_score"]) for t, f in zip(tracks, formset, strict=True)
            ]
            try:
                services.update_training_tracks(values, by=request.user)
            except RuleViolation as refusal:
                error = str(refusal)
            else:
                messages.success(request, "Parcours de formation enregistrés.")
                return redirect("programme:training_tracks")
    return render(request, "programme/training_tracks.html", {"formset": formset, "error": error})


@role_required(Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT)
def quotas(request):
    region_code = request.GET.get("region", "")
    rows = DepartementQuota.objects.for_user(request.user).select_related("departement__region")
    if region_code:
        rows = rows.filter(departement__region_id=region_code)
    target = ProgrammeParameters.current().national_target_posts
    national_total = DepartementQuota.objects.total()
    context = {
        "quotas": rows,
        "shown_total": rows.aggregate(total=Sum("posts"))["total"] or 0,
        "national_total": national_total,
        "target": target,
        "remaining": target - national_total,
        "regions": Region.objects.all() if request.user.role == Role.NATIONAL_STAFF else [],
        "region_code": region_code,
        "can_edit": request.user.role == Role.NATIONAL_STAFF,
    }
    return render(request, "programme/quotas.html", context)


@national_staff_only
def quota_edit(request, code):
    departement = get_object_or_404(Departement, code=code)
    quota = DepartementQuota.objects.filter(departement=departement).first()
    form = QuotaForm(request.POST or None, initial={"posts": quota.posts if quota else 0})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_quota(departement, form.cleaned_data["posts"], by=request.user)
        except RuleViolation as refusal:
            form.add_error("posts", str(refusal))
        else:
            messages.success(request, f"Dotation {de(departement)} enregistrée : {form.cleaned_data['posts']} postes.")
            return redirect("programme:quotas")
    target = ProgrammeParameters.current().national_target_posts
    others = DepartementQuota.objects.exclude(departement=departement).total()
    context = {"form": form, "departement": departement, "quota": quota, "available": target - others, "target": target}
    return render(request, "programme/quota_edit.html", context)
