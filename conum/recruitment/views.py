from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_POST

from conum.accounts.invitations import set_password_url
from conum.accounts.models import User, normalize_email
from conum.core import ratelimit
from conum.core.errors import RuleViolation
from conum.core.exports import staff_export
from conum.core.permissions import role_required
from conum.core.roles import Role
from conum.core.scoping import id_or_404
from conum.recruitment import candidacy, contracts, disclosure, exports, interviews, search, workflow
from conum.recruitment.enums import POST_HOLDING_STATUSES, BreakStatus, ContractStatus, MatchStatus
from conum.recruitment.forms import (
    DEFAULT_RADIUS,
    AddCandidateForm,
    CandidateApplicationForm,
    CandidateEditForm,
    ContractDecisionForm,
    ContractForm,
    MatchFilterForm,
    RadiusSearchForm,
)
from conum.recruitment.models import Candidate, Contract, ContractBreak, Match
from conum.structures.enums import ApplicationStatus
from conum.structures.models import StructureApplication

PER_PAGE = 50
# The list's default: proposals to handle and contracts waiting for the national team.
IN_PROGRESS_STATUSES = [MatchStatus.NEW, MatchStatus.SHORTLISTED, MatchStatus.CONTRACT_PROPOSED]


# MatchFilterForm's other filters: each one filled in keeps the matches its condition (given its value) selects.
MATCH_FILTERS = {
    "distance": lambda value: Q(distance_km__lte=value),
    "experience": lambda value: Q(candidate__has_experience=True),
    "diploma": lambda value: Q(candidate__mediation_diploma=True),
    "pix": lambda value: Q(candidate__pix_level_1__isnull=False),
    "has_cv": lambda value: ~Q(candidate__cv=""),
    "available_by": lambda value: Q(candidate__available_from__lte=value),
}


def _filtered(matches, data):
    status = data.get("status")
    matches = matches.filter(status=status) if status else matches.filter(status__in=IN_PROGRESS_STATUSES)
    for name, condition in MATCH_FILTERS.items():
        if data.get(name):
            matches = matches.filter(condition(data[name]))
    return matches


def _counted_already(counts, data) -> int | None:
    """The filtered list's length when the counts by status hold it: no filter beyond the status."""
    if any(data.get(name) for name in MATCH_FILTERS):
        return None
    statuses = [data["status"]] if data.get("status") else IN_PROGRESS_STATUSES
    return sum(counts.get(status, 0) for status in statuses)


@role_required(Role.STRUCTURE_MANAGER)
def candidates(request, pk):
    """The structure's proposals for one validated application, nearest first."""
    application = get_object_or_404(
        StructureApplication.objects.for_user(request.user).select_related("structure"), pk=pk
    )
    form = MatchFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    matches = disclosure.visible(Match.objects.for_user(request.user).filter(application=application))
    counts = dict(matches.values_list("status").annotate(total=Count("pk")).order_by())
    # The page's ids first, then those rows with their candidate: joining first would read every proposal of
    # a busy city structure (thousands) before keeping 20.
    ordered_ids = _filtered(matches, data).order_by("distance_km", "pk").values_list("pk", flat=True)
    paginator = Paginator(ordered_ids, PER_PAGE)
    known = _counted_already(counts, data)
    if known is not None:  # one pass less over the proposals (a busy city structure has thousands)
        paginator.count = known
    page = paginator.get_page(request.GET.get("page"))
    shown = Match.objects.select_related("candidate__commune").in_bulk(list(page.object_list))
    page.object_list = [shown[pk] for pk in page.object_list]
    for match in page:
        match.actions = [(name, workflow.TRANSITION_LABELS[name]) for name in workflow.available_transitions(match)]
        match.contact = disclosure.contact_details(match)
    disclosure.record_viewed(request.user, application, [match for match in page if match.contact])
    status_counts = [(status.label, counts.get(status.value, 0)) for status in MatchStatus if counts.get(status.value)]
    context = {"application": application, "form": form, "page": page, "status_counts": status_counts}
    return render(request, "recruitment/candidates.html", context)


@role_required(Role.STRUCTURE_MANAGER)
def export_candidates(request, pk, file_format):
    """The candidate list with its current filters as CSV or XLSX; contact details as the list shows them."""
    application = get_object_or_404(StructureApplication.objects.for_user(request.user), pk=pk)
    form = MatchFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    matches = _filtered(disclosure.visible(Match.objects.for_user(request.user).filter(application=application)), data)
    disclosure.record_exported(request.user, application, file_format, matches)
    name = f"candidats-{application.pk}"
    return staff_export(file_format, name, exports.HEADER, exports.rows(matches), sheet="Candidats")


@role_required(Role.STRUCTURE_MANAGER)
def search_candidates(request, pk):
    """The available people within a radius of the structure whose mobility covers it; add one to the list."""
    application = get_object_or_404(
        StructureApplication.objects.for_user(request.user)
        .filter(status=ApplicationStatus.VALIDATED)
        .select_related("structure__commune"),
        pk=pk,
    )
    if request.method == "POST":
        _add_candidate(request, application)
        return redirect(request.get_full_path())
    form = RadiusSearchForm(request.GET if "rayon" in request.GET else {"rayon": DEFAULT_RADIUS})
    found = []
    if form.is_valid():
        try:
            found = search.nearby(application, form.cleaned_data["rayon"])
        except RuleViolation as refusal:
            form.add_error(None, str(refusal))
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    people = Candidate.objects.select_related("commune").in_bulk([pk for _distance, pk in page])
    rows = [(people[pk], distance) for distance, pk in page if pk in people]
    held = application.matches.filter(status__in=POST_HOLDING_STATUSES).count()
    context = {
        "application": application,
        "form": form,
        "page": page,
        "rows": rows,
        "open_posts": max(0, application.posts_granted - held),
        "daily_limit": settings.RECRUITMENT_MANUAL_ADDITIONS_PER_DAY,
    }
    return render(request, "recruitment/search.html", context)


def _add_candidate(request, application):
    form = AddCandidateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez une personne dans la liste des résultats.")
        return
    try:
        match = workflow.add_candidate(application, form.cleaned_data["candidate"], request.user)
    except RuleViolation as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{match.candidate.full_name} est ajouté(e) à vos candidats.")


@require_POST
@role_required(Role.STRUCTURE_MANAGER)
def transition(request, pk, name):
    match = get_object_or_404(disclosure.visible(Match.objects.for_user(request.user)), pk=pk)
    try:
        workflow.apply_transition(match, name, request.user)
    except RuleViolation as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{match.candidate.full_name} : {workflow.TRANSITION_DONE[name]}.")
    if request.POST.get("retour") == "fiche":  # the button of the candidate's page, which stays visible
        return redirect("recruitment:match", pk=match.pk)
    return redirect("recruitment:candidates", pk=match.application_id)


@role_required(Role.STRUCTURE_MANAGER)
def record_contract(request, pk):
    match = get_object_or_404(
        disclosure.visible(Match.objects.for_user(request.user)).select_related("candidate", "application__structure"),
        pk=pk,
    )
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contracts.record_contract(match, request.user, **form.cleaned_data)
        except RuleViolation as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, f"Contrat de {match.candidate.full_name} enregistré : l'équipe nationale va le valider."
            )
            return redirect("recruitment:candidates", pk=match.application_id)
    return render(request, "recruitment/contract_form.html", {"form": form, "match": match})


def decision_queue(queue, key: str, decide, template: str, done, extra=dict):
    """The view of a national team's queue (contracts, contract breaks), oldest first; a POST validates or
    refuses the row posted as `key`, told as a DSFR message, then shows the queue again.

    `decide(row, by, validated, reason)` is the service; `done(row)` the success message; `extra()` adds to the
    page's context."""

    @role_required(Role.NATIONAL_STAFF)
    def view(request):
        rows = queue.all()  # a fresh queryset for each request, as Django's generic views do
        if request.method == "POST":
            row = get_object_or_404(rows, pk=id_or_404(request.POST.get(key)))
            form = ContractDecisionForm(request.POST)
            form.is_valid()
            validated = request.POST.get("decision") == "validate"
            try:
                decide(row, request.user, validated, form.cleaned_data.get("reason", ""))
            except RuleViolation as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, done(row))
            return redirect(request.path)
        page = Paginator(rows.order_by("created_at", "pk"), PER_PAGE).get_page(request.GET.get("page"))
        return render(request, template, {"page": page, "decision_form": ContractDecisionForm(), **extra()})

    return view


contracts_to_validate = decision_queue(
    Contract.objects.filter(status=ContractStatus.PROPOSED).select_related(
        "match__candidate__commune", "match__application__structure__departement"
    ),
    "contract", contracts.decide_contract, "recruitment/contracts.html",
    done=lambda contract: f"Contrat de {contract.match.candidate.full_name} : décision enregistrée.",
    extra=lambda: {"breaks_waiting": ContractBreak.objects.filter(status=BreakStatus.NOTIFIED).count()},
)  # fmt: skip


def apply(request):
    form = CandidateApplicationForm(request.POST or None, request.FILES or None)
    refusal, status = ratelimit.public_form_refusal(request, "candidate_application")
    if not refusal and form.is_valid():
        candidacy.apply(form.cleaned_data)
        # The same page whether the address already had an account or not: its owner learns it by e-mail.
        request.session["recruitment_applied_email"] = normalize_email(form.cleaned_data["email"])
        return redirect("recruitment:applied")
    return render(request, "recruitment/apply.html", {"form": form, "refusal": refusal}, status=status)


def applied(request):
    email = request.session.get("recruitment_applied_email")
    if not email:
        return redirect("recruitment:apply")
    return render(request, "recruitment/applied.html", {"email": email})


def confirm(request, uidb64, token):
    """The link of the confirmation e-mail: confirms the address, then lets the person choose a password."""
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)), role=Role.CANDIDATE)
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not candidacy.confirmation_tokens.check_token(user, token):
        return render(request, "recruitment/confirm_invalid.html", status=400)
    candidacy.confirm(user)
    messages.success(request, "Adresse confirmée : votre candidature est proposée aux structures proches de chez vous.")
    return redirect(set_password_url(user).removeprefix(settings.SITE_URL))


@role_required(Role.CANDIDATE)
def my_application(request):
    candidate = get_object_or_404(
        Candidate.objects.for_user(request.user).select_related("commune"), erased_at__isnull=True
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("available", "unavailable"):
            candidacy.set_available(candidate, request.user, action == "available")
            messages.success(request, "Disponibilité enregistrée.")
            return redirect("recruitment:my_application")
        if action == "erase":
            if request.POST.get("confirm") != "on":
                messages.error(request, "Cochez la case de confirmation pour supprimer votre candidature.")
                return redirect("recruitment:my_application")
            try:
                candidacy.erase(candidate, request.user)
            except RuleViolation as refusal:
                messages.error(request, str(refusal))
                return redirect("recruitment:my_application")
            logout(request)
            messages.success(request, "Votre candidature et vos données personnelles ont été supprimées.")
            return redirect("core:home")
    considering = candidate.matches.filter(status__in=[MatchStatus.NEW, MatchStatus.SHORTLISTED]).count()
    requests = [(match, interviews.contact_of(match)) for match in interviews.requests_for(candidate)]
    context = {"candidate": candidate, "considering": considering, "interview_requests": requests}
    return render(request, "recruitment/my_application.html", context)


@role_required(Role.CANDIDATE)
def edit_application(request):
    candidate = get_object_or_404(
        Candidate.objects.for_user(request.user).select_related("commune"), erased_at__isnull=True
    )
    form = CandidateEditForm(request.POST or None, request.FILES or None, candidate=candidate)
    if request.method == "POST" and form.is_valid():
        changed = candidacy.update_details(candidate, request.user, form.cleaned_data)
        if not changed:
            messages.info(request, "Aucune modification : vos informations sont inchangées.")
        elif candidacy.MATCHING_FIELDS.intersection(changed):
            messages.success(
                request, "Informations enregistrées : les structures à qui vous êtes proposé(e) sont mises à jour."
            )
        else:
            messages.success(request, "Informations enregistrées.")
        return redirect("recruitment:my_application")
    return render(request, "recruitment/edit_application.html", {"form": form, "candidate": candidate})


def cv(request, pk):
    """A candidate's CV: for the candidate, and for a structure that may see the person's contact details
    (disclosure.contact_details: shortlisted or contract accepted there); else 404. Structures' downloads are
    journaled, one entry per file."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.role == Role.STRUCTURE_MANAGER:
        matches = disclosure.with_contact(Match.objects.for_user(request.user)).filter(candidate_id=id_or_404(pk))
        contacts = [(match, disclosure.contact_details(match)) for match in matches.select_related("candidate")]
        match = next((match for match, contact in contacts if contact and contact.has_cv), None)
        if match is None:
            raise Http404
        disclosure.record_cv_download(request.user, match)
        candidate = match.candidate
    elif request.user.role == Role.CANDIDATE:
        candidate = get_object_or_404(
            Candidate.objects.filter(erased_at__isnull=True, user=request.user).exclude(cv=""), pk=pk
        )
    else:
        raise Http404
    return FileResponse(candidate.cv.open("rb"), as_attachment=True, filename=f"cv-candidat-{candidate.pk}.pdf")
