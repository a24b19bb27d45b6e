"""Advisors: the directory (national team, prefectures, employing structures), training, breaks, exports."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from conum.core import journal
from conum.core.errors import RuleViolation
from conum.core.exports import staff_export
from conum.core.permissions import role_required
from conum.core.roles import Role
from conum.recruitment import breaks, training
from conum.recruitment.advisors.exports import (
    ADVISORS_HEADER,
    BREAKS_HEADER,
    CONTRACTS_HEADER,
    advisor_rows,
    break_rows,
    contract_rows,
)
from conum.recruitment.advisors.forms import AdvisorFilterForm, BreakForm, CoordinatorForm, TrainingForm
from conum.recruitment.enums import BreakStatus, ContractStatus, ContractType, MatchStatus, TrainingState
from conum.recruitment.models import Advisor, Contract, ContractBreak, training_state_conditions
from conum.recruitment.views import decision_queue

PER_PAGE = 50
STEERING = (Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT, Role.STRUCTURE_MANAGER)


def _with_current_contract(advisors):
    current = Contract.objects.filter(
        match=OuterRef("match"), status__in=[ContractStatus.VALIDATED, ContractStatus.ENDED]
    ).order_by("-start_date")
    return advisors.select_related(
        "candidate", "structure__commune", "structure__departement", "training_track"
    ).annotate(
        contract_type=Subquery(current.values("type")[:1]),
        contract_end=Subquery(current.values("end_date")[:1]),
    )


def _filtered(advisors, data):
    presence = data.get("presence")
    if presence == "left":
        advisors = advisors.filter(in_post=False)
    elif presence != "all":
        advisors = advisors.in_post()
    if data.get("departement"):
        advisors = advisors.filter(structure__departement=data["departement"])
    if q := data.get("q"):
        advisors = advisors.filter(
            Q(candidate__last_name__icontains=q)
            | Q(candidate__first_name__icontains=q)
            | Q(structure__name__icontains=q)
            | Q(structure__commune__name__icontains=q)
        )
    if data.get("late_training"):
        advisors = advisors.late_for_training(timezone.localdate())
    return advisors


def _filter_data(request):
    form = AdvisorFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


@role_required(*STEERING)
def directory(request):
    form, data = _filter_data(request)
    advisors = _filtered(Advisor.objects.for_user(request.user), data)
    conditions = training_state_conditions()
    counts = advisors.aggregate(**{state: Count("pk", filter=condition) for state, condition in conditions.items()})
    if data.get("training"):
        advisors = advisors.in_training_state(data["training"])
    listed = _with_current_contract(advisors).order_by("candidate__last_name", "candidate__first_name", "pk")
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    contract_types = dict(ContractType.choices)
    for advisor in page:
        advisor.delay_warning = training.training_delay(advisor)
        advisor.contract_label = contract_types.get(advisor.contract_type, "")
    state_counts = [(state, counts[state.value]) for state in TrainingState]
    context = {"form": form, "page": page, "state_counts": state_counts, "total": sum(counts.values())}
    return render(request, "recruitment/advisors.html", context)


@role_required(*STEERING)
def export(request, file_format):
    """The directory with its filters, in the user's scope."""
    _form, data = _filter_data(request)
    advisors = _filtered(Advisor.objects.for_user(request.user), data)
    if data.get("training"):
        advisors = advisors.in_training_state(data["training"])
    rows = advisor_rows(_with_current_contract(advisors).order_by("pk"))
    return staff_export(file_format, "conseillers", ADVISORS_HEADER, rows, sheet="Conseillers")


@role_required(*STEERING)
def contracts_export(request, file_format):
    """Every contract of the user's scope (proposed, validated, refused, ended), with its break if any."""
    contracts = Contract.objects.for_user(request.user)
    return staff_export(file_format, "contrats", CONTRACTS_HEADER, contract_rows(contracts), sheet="Contrats")


@role_required(*STEERING)
def breaks_export(request, file_format):
    """Every contract break of the user's scope, whatever its status."""
    contract_breaks = ContractBreak.objects.for_user(request.user)
    return staff_export(file_format, "ruptures", BREAKS_HEADER, break_rows(contract_breaks), sheet="Ruptures")


@role_required(*STEERING)
def detail(request, pk):
    advisor = get_object_or_404(
        _with_current_contract(Advisor.objects.for_user(request.user)).select_related(
            "candidate__commune", "match", "coordinator"
        ),
        pk=pk,
    )
    can_set_coordinator = request.user.role == Role.NATIONAL_STAFF
    coordinator_form = CoordinatorForm(initial={"coordinator": advisor.coordinator_id})
    if request.method == "POST" and "coordinator_form" in request.POST:
        if not can_set_coordinator:
            messages.error(request, "Seule l'équipe nationale désigne le coordinateur d'un conseiller.")
            return redirect("advisors:detail", pk=advisor.pk)
        coordinator_form = CoordinatorForm(request.POST)
        if coordinator_form.is_valid():
            _set_coordinator(request, advisor, coordinator_form.cleaned_data["coordinator"])
            return redirect("advisors:detail", pk=advisor.pk)
    can_edit = training.can_edit_training(request.user, advisor)
    form = TrainingForm(
        request.POST if "coordinator_form" not in request.POST else None,
        initial={field: getattr(advisor, field) for field in training.TRAINING_FIELDS},
    )
    if request.method == "POST" and "coordinator_form" not in request.POST:
        if not can_edit:
            messages.error(request, "Votre rôle ne permet pas de modifier la formation de ce conseiller.")
            return redirect("advisors:detail", pk=advisor.pk)
        if form.is_valid():
            training.update_training(advisor, request.user, form.cleaned_data)
            messages.success(request, "Formation enregistrée.")
            return redirect("advisors:detail", pk=advisor.pk)
    contracts = advisor.match.contracts.select_related("contract_break").order_by("-start_date")
    context = {
        "advisor": advisor,
        "form": form,
        "can_edit": can_edit,
        "contracts": contracts,
        "delay_warning": training.training_delay(advisor),
        "is_employer": request.user.role == Role.STRUCTURE_MANAGER,
        "coordinator_form": coordinator_form,
        "can_set_coordinator": can_set_coordinator,
        "can_declare_break": request.user.role == Role.STRUCTURE_MANAGER and advisor.match.status == MatchStatus.HIRED,
    }
    return render(request, "recruitment/advisor_detail.html", context)


def _set_coordinator(request, advisor, coordinator) -> None:
    """Assign (or remove) the coordinator who follows `advisor`, journaled."""
    before, after = advisor.coordinator_id, coordinator.pk if coordinator else None
    if before == after:
        messages.info(request, "Aucun changement de coordinateur.")
        return
    Advisor.objects.filter(pk=advisor.pk).update(coordinator=coordinator)
    journal.record(
        request.user,
        "recruitment.coordinator_set",
        advisor,
        {"coordinator": before},
        {"coordinator": after},
        label=f"Conseiller n° {advisor.pk}",
    )
    if coordinator:
        messages.success(request, f"Coordinateur enregistré : {coordinator.get_full_name()}.")
    else:
        messages.success(request, "Ce conseiller n'est plus suivi par un coordinateur.")


@role_required(Role.STRUCTURE_MANAGER)
def declare_break(request, pk):
    advisor = get_object_or_404(
        Advisor.objects.for_user(request.user).in_post().select_related("candidate", "match", "structure"), pk=pk
    )
    form = BreakForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            breaks.declare_break(advisor.match, request.user, data["date"], data["reason"], data["comment"])
        except RuleViolation as refusal:
            form.add_error(refusal.field or None, str(refusal))
        else:
            messages.success(request, "Rupture déclarée : l'équipe nationale va la valider.")
            return redirect("advisors:detail", pk=advisor.pk)
    return render(request, "recruitment/break_form.html", {"form": form, "advisor": advisor})


breaks_to_validate = decision_queue(
    ContractBreak.objects.filter(status=BreakStatus.NOTIFIED).select_related(
        "contract__match__candidate", "contract__match__application__structure__departement"
    ),
    "break", breaks.decide_break, "recruitment/breaks.html",
    done=lambda done: f"Rupture du contrat de {done.contract.match.candidate.full_name} : décision enregistrée.",
)  # fmt: skip
