"""A match (mise en relation) from each side: the structure's page of one candidate, where it acts and proposes
an interview (interviews.py), and the person's answer to that request from "Ma candidature"."""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from conum.core.errors import RuleViolation
from conum.core.forms import BaseForm
from conum.core.models import Journal
from conum.core.once import SubmissionTokenField, submit_once
from conum.core.permissions import role_required
from conum.core.roles import Role
from conum.recruitment import disclosure, interviews, workflow
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import InterviewReply, Match


class InterviewRequestForm(BaseForm):
    message = forms.CharField(
        label="Votre message",
        max_length=interviews.MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="1 000 caractères au plus, par exemple les créneaux qui vous conviennent. Vos nom, adresse "
        "e-mail, le téléphone et l'adresse de la structure sont joints au message.",
        error_messages={"max_length": "Votre message fait %(show_value)d caractères : 1 000 au plus."},
    )
    submission_token = SubmissionTokenField()  # a double click sends one e-mail and shows the same page (core.once)


@dataclass(frozen=True)
class Step:
    """One line of a match's history, as the structure reads it."""

    at: datetime
    label: str
    author: str
    detail: str = ""


def _author(entry, match) -> str:
    actor = entry.actor
    if actor is None:
        return "Conum"
    if actor.role == Role.NATIONAL_STAFF:
        return "l'équipe nationale"
    if actor.pk == match.candidate.user_id:
        return "la personne"
    return actor.get_full_name() or actor.email


def _detail(entry) -> str:
    after = entry.after or {}
    if entry.action == "recruitment.contract_refused" and after.get("reason"):
        return f"Motif : {after['reason']}"
    if entry.action == "recruitment.interview_answered" and after.get("candidate_reply") in InterviewReply.values:
        return f"Réponse : {InterviewReply(after['candidate_reply']).label.lower()}"
    return ""


def history(match) -> list[Step]:
    """The match's journal entries, oldest first, after the proposal by matching (which matching does not
    journal: the match's creation date stands for it)."""
    entries = list(Journal.objects.about(match).select_related("actor").order_by("created_at", "pk"))
    steps = [Step(entry.created_at, entry.action_label, _author(entry, match), _detail(entry)) for entry in entries]
    if not entries or entries[0].action != "recruitment.match_added":  # an addition by hand is journaled
        steps.insert(0, Step(match.created_at, "Proposé(e) à votre structure par Conum", ""))
    return steps


def _visible_match_or_404(user, pk):
    matches = disclosure.visible(Match.objects.for_user(user)).select_related(
        "candidate__commune", "application__structure__commune", "interview_requested_by"
    )
    return get_object_or_404(matches, pk=pk)


@role_required(Role.STRUCTURE_MANAGER)
def match_detail(request, pk):
    """The candidate's page for the structure: what the person wrote, the history of the proposal, the actions;
    the contact details only when disclosure allows them (and then the view is journaled)."""
    match = _visible_match_or_404(request.user, pk)
    may_request = match.status == MatchStatus.SHORTLISTED and not interviews.is_pending(match)
    form = InterviewRequestForm() if may_request else None
    if request.method == "POST":
        form = InterviewRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def save():
                interviews.request_interview(match, request.user, data["message"])
                return reverse("recruitment:match", args=[match.pk])

            # A repeat of the same form (a double click, even once the first is saved) gets the first's result
            # instead of the refusal of a second request.
            try:
                url = submit_once(f"interview:{match.pk}", data["submission_token"], data, save)
            except RuleViolation as refusal:
                messages.error(request, str(refusal))
                return redirect("recruitment:match", pk=match.pk)
            messages.success(request, f"Proposition d'entretien envoyée à {match.candidate.full_name} par e-mail.")
            return redirect(url)
        if not may_request:
            messages.error(request, _not_now(match))
            return redirect("recruitment:match", pk=match.pk)
    contact = disclosure.contact_details(match)
    if contact:
        disclosure.record_viewed(request.user, match.application, [match])
    candidate = match.candidate
    context = {
        "match": match,
        "candidate": candidate,
        "contact": contact,
        "actions": [(name, workflow.TRANSITION_LABELS[name]) for name in workflow.available_transitions(match)],
        "situations": [
            label
            for flag, label in [
                (candidate.job_seeker, "demandeur ou demandeuse d'emploi"),
                (candidate.employed, "en emploi"),
                (candidate.in_training, "en formation"),
            ]
            if flag
        ],
        "interview_pending": interviews.is_pending(match),
        "form": form,
        "history": history(match),
        "breadcrumb_data": {
            "links": [
                {
                    "url": reverse("recruitment:candidates", args=[match.application_id]),
                    "title": f"Candidats : {match.application.structure.name}",
                }
            ],
            "current": candidate.full_name,
        },
    }
    return render(request, "recruitment/match_detail.html", context, status=400 if form and form.errors else 200)


def _not_now(match) -> str:
    if interviews.is_pending(match):
        return f"Un entretien est déjà proposé à {match.candidate.full_name} : attendez sa réponse."
    return "Présélectionnez d'abord la personne pour lui proposer un entretien."


@require_POST
@role_required(Role.CANDIDATE)
def interview_reply(request, pk):
    """The person's answer to a structure's interview request (their own matches only, else 404)."""
    match = get_object_or_404(
        Match.objects.filter(
            candidate__user=request.user,
            candidate__erased_at__isnull=True,
            interview_requested_at__isnull=False,
            status__in=interviews.OPEN_STATUSES,
        ).select_related("application__structure"),
        pk=pk,
    )
    answer = request.POST.get("reponse", "")
    try:
        changed = interviews.reply(match, request.user, answer)
    except RuleViolation as refusal:
        messages.error(request, str(refusal))
    else:
        structure = match.application.structure.name
        if changed:
            messages.success(request, f"Réponse envoyée à « {structure} » : {InterviewReply(answer).label.lower()}.")
        else:
            messages.info(request, f"Cette réponse à « {structure} » était déjà enregistrée.")
    return redirect("recruitment:my_application")
