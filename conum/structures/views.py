from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from conum.accounts.forms import PersonForm
from conum.accounts.models import normalize_email
from conum.core import ratelimit
from conum.core.errors import RuleViolation
from conum.core.exports import staff_export
from conum.core.models import Journal
from conum.core.permissions import role_required
from conum.core.roles import Role
from conum.core.siret import cleaned_siret
from conum.territories.models import Departement

from . import exports, memberships, siret_lookup, submission, subsidies, workflow
from .enums import LIVE_STATUSES, UNDECIDED_STATUSES, AmendmentStatus, ApplicationStatus
from .forms import (
    COMMITMENTS,
    AmendmentDecisionForm,
    AmendmentForm,
    ApplicationForm,
    BatchDecisionForm,
    DecisionForm,
    NewApplicationForm,
    OpinionForm,
    PaymentForm,
    QueueFilterForm,
)
from .models import CommitteeDecision, HostStructure, PrefectOpinion, StructureApplication, SubsidyAgreement
from .queues import (
    PER_PAGE,
    departement_figures,
    filtered_applications,
    national_gauges,
    open_amendments,
    with_list_relations,
)
from .quota_left import quota_left

SUBMITTED_SESSION_KEY = "structures_submitted_application"


# ---- public application --------------------------------------------------------------------------


def apply(request):
    lookup = request.method == "POST" and siret_lookup.LOOKUP_BUTTON in request.POST and siret_lookup.enabled()
    refusal, status = ratelimit.public_form_refusal(request, "structure_application")
    if lookup:
        return _apply_page(request, _looked_up(request.POST, refusal), refusal, status)
    form = ApplicationForm(request.POST or None)
    if not refusal and form.is_valid():
        submission.submit_application(form.cleaned_data)
        # The confirmation shows what was typed, never what the database holds: the same page whatever exists.
        data = form.cleaned_data
        request.session[SUBMITTED_SESSION_KEY] = {
            "name": data["name"],
            "posts_requested": data["posts_requested"],
            "contact_email": normalize_email(data["contact_email"]),
        }
        return redirect("structures:submitted")
    return _apply_page(request, form, refusal, status)


def _looked_up(data, refusal) -> ApplicationForm:
    """The form again after "Rechercher ce SIRET", filled with what Sirene knows (nothing is created)."""
    if not refusal:
        try:
            lookup = siret_lookup.look_up(cleaned_siret(data.get("siret", "")))
        except ValidationError:  # the form says what is wrong with the SIRET
            lookup = None
        if lookup is not None and lookup.establishment is not None and not lookup.closed:
            data = siret_lookup.prefilled(data, lookup.establishment)
    form = ApplicationForm(data, lookup_only=True)
    if not refusal:
        form.is_valid()  # the SIRET's message, and the lookup's notice (cached: no second call)
    return form


def _apply_page(request, form, refusal, status):
    context = {
        "form": form,
        "fields": [field for field in form if field.name not in COMMITMENTS],
        "commitment_fields": [form[name] for name in COMMITMENTS],
        "refusal": refusal,
        "sirene_lookup": siret_lookup.enabled(),
        "lookup_button": siret_lookup.LOOKUP_BUTTON,
    }
    return render(request, "structures/apply.html", context, status=status)


def submitted(request):
    typed = request.session.get(SUBMITTED_SESSION_KEY)
    if not isinstance(typed, dict):
        raise Http404
    return render(request, "structures/submitted.html", {"submission": typed})


# ---- the structure's space -----------------------------------------------------------------------


@role_required(Role.STRUCTURE_MANAGER)
def space(request):
    applications = (
        StructureApplication.objects.for_user(request.user)
        .select_related("structure__commune", "agreement")
        .prefetch_related("decisions", "amendments", "agreement__payments", "structure__memberships__user", "opinions")
    )
    context = {
        "applications": applications,
        "reapply_ids": _reapply_ids(applications),
        "amendment_form": AmendmentForm(),
        "colleague_form": PersonForm(),
    }
    return render(request, "structures/space.html", context)


def _reapply_ids(applications) -> set[int]:
    """The latest application of each structure that has no live one: where the space offers to apply again."""
    latest, live = {}, set()
    for application in applications:  # newest first
        latest.setdefault(application.structure_id, application.pk)
        if application.status in LIVE_STATUSES:
            live.add(application.structure_id)
    return {pk for structure_id, pk in latest.items() if structure_id not in live}


@role_required(Role.STRUCTURE_MANAGER)
def reapply(request, pk):
    """A member's new application, once the structure's last one was refused, abandoned, cancelled…"""
    structure = get_object_or_404(HostStructure.objects.for_user(request.user), pk=pk)
    if structure.applications.live().exists():
        messages.info(request, "Une candidature est déjà en cours pour cette structure : suivez-la ci-dessous.")
        return redirect("structures:space")
    form = NewApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission.reapply(structure, request.user, form.cleaned_data)
        except RuleViolation as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, "Nouvelle candidature déposée : la préfecture va donner son avis, puis le comité décidera."
            )
            return redirect("structures:space")
    context = {
        "form": form,
        "page_title": f"Nouvelle candidature de {structure.name}",
        "intro": "Les informations de la structure restent celles de votre espace. Sauf mention contraire, "
        "tous les champs sont obligatoires.",
        "submit_label": "Déposer la candidature",
    }
    return render(request, "core/form_page.html", context)


def _space_form(model, form_class, transition, success):
    """A small form of the structure's space about one of the user's `model` rows: the transition is called
    with the row, the user and the form's data; the outcome is told in a message (`success` is formatted with
    the data and `target`, the row), then back to the space."""

    @require_POST
    @role_required(Role.STRUCTURE_MANAGER)
    def view(request, pk):
        target = get_object_or_404(model.objects.for_user(request.user), pk=pk)
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        else:
            try:
                transition(target, request.user, **form.cleaned_data)
            except RuleViolation as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, success.format(target=target, **form.cleaned_data))
        return redirect("structures:space")

    return view


invite_colleague = _space_form(
    HostStructure, PersonForm, memberships.invite_colleague, "{email} a maintenant accès à l'espace de {target.name}."
)
request_amendment = _space_form(
    StructureApplication,
    AmendmentForm,
    workflow.request_amendment,
    "Avenant déposé : la préfecture va donner son avis, puis le comité décidera.",
)


# ---- applications for the prefecture and the national team ---------------------------------------


def _queue(request, template, extra):
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    applications = with_list_relations(
        filtered_applications(StructureApplication.objects.for_user(request.user), data).order_by("submitted_at", "pk")
    )
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "amendments": open_amendments(request.user)}
    return render(request, template, context | extra)


@role_required(Role.PREFECTURE_AGENT)
def prefecture_queue(request):
    codes = request.user.departement_codes
    figures = departement_figures(codes)
    names = dict(Departement.objects.filter(code__in=codes).values_list("code", "name"))
    for line in figures:
        line["name"] = names.get(line["code"], line["code"])
    return _queue(request, "structures/prefecture_queue.html", {"figures": figures})


@role_required(Role.NATIONAL_STAFF)
def committee_queue(request):
    undecided = StructureApplication.objects.filter(status__in=UNDECIDED_STATUSES)
    batch_form = BatchDecisionForm(request.POST or None, queryset=undecided)
    if request.method == "POST" and batch_form.is_valid():
        data = batch_form.cleaned_data
        try:
            count = workflow.decide_batch(
                list(with_list_relations(data["applications"])),
                request.user,
                data["outcome"],
                data["committee_number"],
                data["committee_date"],
            )
        except RuleViolation as refusal:
            batch_form.add_error(None, f"Aucune décision enregistrée. {refusal}")
        else:
            messages.success(request, f"Comité {data['committee_number']} : {count} décision(s) enregistrée(s).")
            return redirect(request.get_full_path())
    return _queue(request, "structures/committee_queue.html", {"batch_form": batch_form, "gauges": national_gauges()})


def _application_for(request, pk):
    queryset = StructureApplication.objects.for_user(request.user).select_related(
        "structure__commune", "structure__departement", "agreement"
    )
    return get_object_or_404(
        queryset.prefetch_related(
            Prefetch("opinions", queryset=PrefectOpinion.objects.select_related("author", "amendment")),
            Prefetch("decisions", queryset=CommitteeDecision.objects.select_related("amendment")),
            "amendments",
            "agreement__payments",
        ),
        pk=pk,
    )


@role_required(Role.PREFECTURE_AGENT, Role.NATIONAL_STAFF)
def application_detail(request, pk):
    application = _application_for(request, pk)
    open_amendment = next((a for a in application.amendments.all() if a.status == AmendmentStatus.SUBMITTED), None)
    forms = {}
    if request.user.role == Role.PREFECTURE_AGENT:
        if application.status in UNDECIDED_STATUSES:
            forms["opinion_form"] = OpinionForm(initial=_opinion_initial(application.opinion))
        if open_amendment:
            forms["amendment_opinion_form"] = OpinionForm(prefix="avenant")
    else:
        if application.status in UNDECIDED_STATUSES:
            forms["decision_form"] = DecisionForm(initial={"posts": workflow.posts_for_batch(application)})
        if application.status == ApplicationStatus.VALIDATED:
            forms["payment_form"] = PaymentForm()
        if open_amendment:
            forms["amendment_decision_form"] = AmendmentDecisionForm(prefix="avenant")
    if request.method == "POST":
        handled = _handle_post(request, application, open_amendment, forms)
        if handled:
            return redirect("structures:application", pk=application.pk)
    context = {
        "application": application,
        "open_amendment": open_amendment,
        "history": Journal.objects.about(application).select_related("actor")[:50],
    } | forms
    if "decision_form" in forms:  # the figures before the committee grants posts
        context["quota_left"] = quota_left(application.structure.departement)
    return render(request, "structures/application_detail.html", context)


def _opinion_initial(opinion):
    if not opinion:
        return {}
    return {"verdict": opinion.verdict, "posts_recommended": opinion.posts_recommended, "comment": opinion.comment}


def _handle_post(request, application, amendment, forms) -> bool:
    """Run the submitted form's transition; on a refusal, put the message on the form."""
    action = request.POST.get("action")
    bindings = {
        "opinion": ("opinion_form", OpinionForm, {}),
        "amendment_opinion": ("amendment_opinion_form", OpinionForm, {"prefix": "avenant"}),
        "decision": ("decision_form", DecisionForm, {}),
        "amendment_decision": ("amendment_decision_form", AmendmentDecisionForm, {"prefix": "avenant"}),
        "payment": ("payment_form", PaymentForm, {}),
    }
    if action not in bindings or bindings[action][0] not in forms:
        return False
    name, form_class, kwargs = bindings[action]
    form = forms[name] = form_class(request.POST, **kwargs)
    if not form.is_valid():
        return False
    data, user = form.cleaned_data, request.user
    try:
        if action in ("opinion", "amendment_opinion"):
            workflow.give_opinion(
                application, user, data["verdict"], data.get("posts_recommended") or 0, data["comment"],
                amendment=amendment if action == "amendment_opinion" else None,
            )  # fmt: skip
            messages.success(request, "Avis enregistré.")
        elif action == "decision":
            workflow.decide(
                application,
                user,
                data["outcome"],
                data["committee_number"],
                data["committee_date"],
                data.get("posts") or 0,
            )
            messages.success(request, "Décision enregistrée.")
        elif action == "amendment_decision":
            workflow.decide_amendment(
                amendment, user, data["outcome"], data["committee_number"], data["committee_date"]
            )
            messages.success(request, "Décision sur l'avenant enregistrée.")
        else:
            agreement = SubsidyAgreement.objects.filter(application=application).first()
            if agreement is None:
                raise RuleViolation("Aucune convention : la candidature n'a pas été validée.")
            subsidies.record_payment(agreement, user, data["paid_on"], data["amount_eur"], data["reference"])
            messages.success(request, "Versement enregistré.")
    except RuleViolation as refusal:
        form.add_error(None, str(refusal))
        return False
    return True


@role_required(Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT)
def envelope(request):
    agreements = SubsidyAgreement.objects.for_user(request.user)
    lines = subsidies.envelope_by_departement(agreements)
    names = dict(Departement.objects.filter(code__in=[line.label for line in lines]).values_list("code", "name"))
    for line in lines:
        line.label = f"{names.get(line.label, line.label)} ({line.label})"
    national = subsidies.national_envelope() if request.user.role == Role.NATIONAL_STAFF else None
    return render(request, "structures/envelope.html", {"lines": lines, "national": national})


@role_required(Role.PREFECTURE_AGENT, Role.NATIONAL_STAFF)
def export(request, file_format):
    """The applications of the user's scope, with the queue's filters, as CSV or XLSX."""
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    applications = filtered_applications(StructureApplication.objects.for_user(request.user), data)
    rows = exports.rows(applications)
    return staff_export(file_format, "candidatures-structures", exports.HEADER, rows, sheet="Candidatures")
