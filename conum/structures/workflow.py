"""The host structure application workflow: opinion → committee decision, and its invariants.

Every function checks the actor's role, locks the rows it depends on, changes the state,
journals it and queues e-mails after commit. Locks are always taken in the same order —
programme parameters, then the département quota, then the application — so that
concurrent decisions wait for each other instead of deadlocking. A refused transition
raises RuleViolation with a French message naming the rule and by how much it would break.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from conum.core import journal
from conum.core.emails import send_templated_email
from conum.core.errors import RuleViolation
from conum.core.formatting import euros, plural, thousands
from conum.core.french import de
from conum.core.roles import Role
from conum.programme.models import DepartementQuota, ProgrammeParameters

from . import signals
from .enums import UNDECIDED_STATUSES, AmendmentKind, AmendmentStatus, ApplicationStatus, Verdict
from .models import (
    Amendment,
    CommitteeDecision,
    PrefectOpinion,
    StructureApplication,
    SubsidyAgreement,
    prefecture_agents_for,
)

# outcome of a committee decision: the statuses it may be taken from
DECISIONS = {
    ApplicationStatus.VALIDATED: UNDECIDED_STATUSES,
    ApplicationStatus.FURTHER_REVIEW: [ApplicationStatus.SUBMITTED],
    ApplicationStatus.REFUSED: UNDECIDED_STATUSES,
    ApplicationStatus.DUPLICATE: UNDECIDED_STATUSES,
    ApplicationStatus.CANCELLED: UNDECIDED_STATUSES,
}
APPLICATION_FIELDS = ["status", "posts_granted", "committee_number", "committee_date"]


def _require_role(user, role):
    if getattr(user, "role", None) != role or not user.is_active:
        raise RuleViolation("Votre rôle ne permet pas cette action.")


def _lock_parameters() -> ProgrammeParameters:
    ProgrammeParameters.current()
    return ProgrammeParameters.objects.select_for_update().get(pk=1)


def _lock_application(application_id) -> StructureApplication:
    return (
        StructureApplication.objects.select_for_update().select_related("structure__departement").get(pk=application_id)
    )


# ---- prefecture opinion -------------------------------------------------------------------------


def give_opinion(application, by, verdict, posts_recommended, comment, amendment=None) -> PrefectOpinion:
    _require_role(by, Role.PREFECTURE_AGENT)
    if application.structure.departement_id not in by.departement_codes:
        raise RuleViolation("Cette candidature n'est pas dans votre territoire.")
    comment = (comment or "").strip()
    if not 10 <= len(comment) <= 1000:
        raise RuleViolation("Le commentaire doit faire entre 10 et 1 000 caractères.")
    if verdict == Verdict.UNFAVOURABLE:
        posts_recommended = 0
    elif not 1 <= posts_recommended <= 30:
        raise RuleViolation("Un avis favorable recommande entre 1 et 30 postes.")
    with transaction.atomic():
        application = _lock_application(application.pk)
        if amendment is None and application.status not in UNDECIDED_STATUSES:
            raise RuleViolation(f"La candidature est {application.get_status_display().lower()} : l'avis est clos.")
        if amendment is not None and amendment.status != AmendmentStatus.SUBMITTED:
            raise RuleViolation("Cet avenant a déjà été décidé : l'avis est clos.")
        opinion = PrefectOpinion.objects.filter(application=application, amendment=amendment).first()
        before = journal.snapshot(opinion, ["verdict", "posts_recommended", "comment"]) if opinion else None
        opinion = opinion or PrefectOpinion(application=application, amendment=amendment)
        opinion.verdict, opinion.posts_recommended, opinion.comment, opinion.author = (
            verdict,
            posts_recommended,
            comment,
            by,
        )
        opinion.save()
        journal.record(by, "structures.opinion_given", application, before, journal.snapshot(opinion))
    return opinion


# ---- committee decisions ------------------------------------------------------------------------


def _grant(application, posts, parameters) -> Decimal:
    """Check the quota and the envelope for `posts` more posts; return the subsidy they commit."""
    departement = application.structure.departement
    quota = DepartementQuota.objects.select_for_update().filter(departement=departement).first()
    quota_posts = quota.posts if quota else 0
    granted = StructureApplication.objects.filter(structure__departement=departement).granted_posts()
    if granted + posts > quota_posts:
        raise RuleViolation(
            f"Dotation {de(departement)} dépassée : {plural(granted, 'poste attribué', 'postes attribués')} "
            f"sur {thousands(quota_posts)}, {plural(posts, 'poste')} de plus la dépasseraient de "
            f"{plural(granted + posts - quota_posts, 'poste')}."
        )
    rate = parameters.subsidy_per_post(application.structure.is_public)
    amount = rate * posts
    committed = SubsidyAgreement.objects.committed()
    if committed + amount > parameters.envelope_eur:
        raise RuleViolation(
            f"Enveloppe de l'État dépassée : {euros(committed)} déjà engagés sur {euros(parameters.envelope_eur)}, "
            f"{euros(amount)} de plus la dépasseraient de {euros(committed + amount - parameters.envelope_eur)}."
        )
    return amount


def _decide_locked(application, by, outcome, committee_number, committee_date, posts, parameters):
    if outcome not in DECISIONS:
        raise RuleViolation("Décision inconnue.")
    if application.status not in DECISIONS[outcome]:
        raise RuleViolation(
            f"{application.structure} : la candidature est {application.get_status_display().lower()}, "
            f"elle ne peut pas être {ApplicationStatus(outcome).label.lower()}."
        )
    before = journal.snapshot(application, APPLICATION_FIELDS)
    if outcome == ApplicationStatus.VALIDATED:
        if not 1 <= posts <= 30:
            raise RuleViolation(f"{application.structure} : une validation attribue entre 1 et 30 postes.")
        amount = _grant(application, posts, parameters)
        rate = parameters.subsidy_per_post(application.structure.is_public)
        SubsidyAgreement.objects.create(application=application, rate_eur=rate, amount_eur=amount)
        application.posts_granted = posts
        signals.posts_changed(application)
    application.status = outcome
    application.committee_number, application.committee_date = committee_number, committee_date
    application.decided_at = timezone.now()
    application.save()
    CommitteeDecision.objects.create(
        application=application,
        outcome=outcome,
        posts_granted=application.posts_granted,
        committee_number=committee_number,
        committee_date=committee_date,
        decided_by=by,
    )
    journal.record(by, "structures.decided", application, before, journal.snapshot(application, APPLICATION_FIELDS))
    _notify_decision(application)


def _check_committee(committee_number, committee_date):
    if not (committee_number or "").strip():
        raise RuleViolation("Indiquez le numéro du comité.")
    if committee_date > date.today():
        raise RuleViolation("La date du comité ne peut pas être dans le futur.")


def decide(application, by, outcome, committee_number, committee_date, posts=0) -> StructureApplication:
    _require_role(by, Role.NATIONAL_STAFF)
    _check_committee(committee_number, committee_date)
    with transaction.atomic():
        parameters = _lock_parameters()
        application = _lock_application(application.pk)
        _decide_locked(application, by, outcome, committee_number.strip(), committee_date, posts, parameters)
    return application


def posts_for_batch(application) -> int:
    """In a batch validation each structure gets what its prefecture recommended, else what it asked for."""
    opinion = application.opinion
    if opinion and opinion.verdict == Verdict.FAVOURABLE and opinion.posts_recommended:
        return opinion.posts_recommended
    return application.posts_requested


def decide_batch(applications, by, outcome, committee_number, committee_date) -> int:
    """One committee session: the same decision for several applications, all or nothing."""
    _require_role(by, Role.NATIONAL_STAFF)
    _check_committee(committee_number, committee_date)
    if not applications:
        raise RuleViolation("Sélectionnez au moins une candidature.")
    with transaction.atomic():
        parameters = _lock_parameters()
        for application in sorted(applications, key=lambda a: a.pk):
            locked = _lock_application(application.pk)
            posts = posts_for_batch(application)
            _decide_locked(locked, by, outcome, committee_number.strip(), committee_date, posts, parameters)
    return len(applications)


def _notify_decision(application):
    structure = application.structure
    context = {"application": application, "structure": structure, "site_url": settings.SITE_URL}
    recipients = {structure.contact_email} | {m.user.email for m in structure.memberships.select_related("user")}
    send_templated_email("structures/emails/decision.txt", context, sorted(recipients))
    agents = [agent.email for agent in prefecture_agents_for(structure.departement)]
    if agents:
        send_templated_email("structures/emails/decision_prefecture.txt", context, agents)


# ---- amendments ---------------------------------------------------------------------------------


def request_amendment(application, by, kind, posts, reason="", comment="") -> Amendment:
    _require_role(by, Role.STRUCTURE_MANAGER)
    with transaction.atomic():
        application = _lock_application(application.pk)
        if not application.structure.memberships.filter(user=by).exists():
            raise RuleViolation("Cette structure n'est pas la vôtre.")
        if application.status != ApplicationStatus.VALIDATED:
            raise RuleViolation("Un avenant ne concerne qu'une candidature validée.")
        if application.amendments.filter(status=AmendmentStatus.SUBMITTED).exists():
            raise RuleViolation("Un avenant est déjà en cours : attendez sa décision avant d'en déposer un autre.")
        if not 1 <= posts <= 30:
            raise RuleViolation("Un avenant porte sur 1 à 30 postes.")
        if kind == AmendmentKind.GIVE_BACK:
            if not reason:
                raise RuleViolation("Indiquez le motif du retrait de postes.")
            keep = max(1, signals.recruited_advisors(application))
            if application.posts_granted - posts < keep:
                raise RuleViolation(
                    f"Vous pouvez rendre au plus {plural(max(0, application.posts_granted - keep), 'poste')} : "
                    f"{plural(keep, 'poste reste', 'postes restent')} nécessaires (conseillers recrutés, ou un "
                    f"poste au moins ; pour renoncer à tous les postes, contactez l'équipe nationale)."
                )
        amendment = Amendment.objects.create(
            application=application,
            kind=kind,
            posts=posts,
            reason=reason if kind == AmendmentKind.GIVE_BACK else "",
            comment=comment,
            requested_by=by,
        )
        journal.record(by, "structures.amendment_requested", application, None, journal.snapshot(amendment))
    return amendment


def decide_amendment(amendment, by, outcome, committee_number, committee_date) -> Amendment:
    _require_role(by, Role.NATIONAL_STAFF)
    _check_committee(committee_number, committee_date)
    if outcome not in (AmendmentStatus.VALIDATED, AmendmentStatus.REFUSED):
        raise RuleViolation("Décision inconnue.")
    with transaction.atomic():
        parameters = _lock_parameters()
        application = _lock_application(amendment.application_id)
        amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if amendment.status != AmendmentStatus.SUBMITTED:
            raise RuleViolation("Cet avenant a déjà été décidé.")
        before = journal.snapshot(application, APPLICATION_FIELDS)
        if outcome == AmendmentStatus.VALIDATED:
            agreement = SubsidyAgreement.objects.select_for_update().get(application=application)
            if amendment.kind == AmendmentKind.ADD:
                agreement.amount_eur += _grant(application, amendment.posts, parameters)
                application.posts_granted += amendment.posts
            else:
                keep = max(1, signals.recruited_advisors(application))
                if application.posts_granted - amendment.posts < keep:
                    raise RuleViolation(f"La structure doit garder au moins {plural(keep, 'poste')}.")
                reduced = agreement.amount_eur - agreement.rate_eur * amendment.posts
                if reduced < agreement.paid_eur:
                    raise RuleViolation(
                        f"La convention ne peut pas descendre à {euros(reduced)} : {euros(agreement.paid_eur)} "
                        "ont déjà été versés."
                    )
                agreement.amount_eur = reduced
                application.posts_granted -= amendment.posts
            agreement.save()
            application.save()
            signals.posts_changed(application)
        amendment.status, amendment.decided_at = outcome, timezone.now()
        amendment.save()
        CommitteeDecision.objects.create(
            application=application,
            amendment=amendment,
            outcome=outcome,
            posts_granted=application.posts_granted,
            committee_number=committee_number.strip(),
            committee_date=committee_date,
            decided_by=by,
        )
        journal.record(
            by,
            f"structures.amendment_{outcome}",
            application,
            before,
            journal.snapshot(application, APPLICATION_FIELDS),
        )
        _notify_decision(application)
    return amendment
