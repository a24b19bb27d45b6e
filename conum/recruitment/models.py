import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Lower

from conum.accounts.models import User
from conum.core.scoping import ScopedQuerySet, StructureScopedQuerySet
from conum.recruitment.enums import (
    BreakReason,
    BreakStatus,
    ContractStatus,
    ContractType,
    MatchOrigin,
    MatchStatus,
    Mobility,
    TrainingState,
)
from conum.structures.models import StructureApplication


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, read at each use (never served by the web server)."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_storage():
    return PrivateStorage()


def cv_path(candidate, filename):
    return f"cv/{uuid.uuid4().hex}.pdf"


class CandidateQuerySet(ScopedQuerySet, models.QuerySet):
    def for_national_staff(self, user):
        return self

    def for_candidate(self, user):
        return self.filter(user=user)

    def matchable(self):
        """Candidates that matching may propose: confirmed, available, not erased."""
        return self.filter(email_confirmed_at__isnull=False, available=True, erased_at__isnull=True)


class Candidate(models.Model):
    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidate")
    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom", max_length=150)
    email = models.EmailField("adresse e-mail")
    phone = models.CharField("téléphone", max_length=20)
    commune = models.ForeignKey("territories.Commune", on_delete=models.PROTECT, related_name="+")
    # Copied from the commune: matching searches a bounding box on these indexed columns.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # "metro" or the overseas département's code: candidates only match structures of their territory.
    territory = models.CharField(max_length=5, db_index=True)
    mobility_km = models.PositiveSmallIntegerField("mobilité", choices=Mobility.choices)
    available = models.BooleanField("disponible", default=True)
    available_from = models.DateField("disponible à partir du")
    job_seeker = models.BooleanField("demandeur d'emploi", default=False)
    employed = models.BooleanField("en emploi", default=False)
    in_training = models.BooleanField("en formation", default=False)
    mediation_diploma = models.BooleanField("diplômé(e) de la médiation numérique", default=False)
    diploma_name = models.CharField("nom du diplôme", max_length=200, blank=True)
    has_experience = models.BooleanField("expérience en médiation numérique", default=False)
    motivation = models.TextField("motivation", max_length=2500)
    pix_level_1 = models.PositiveSmallIntegerField("Pix : utiliser un ordinateur", null=True, blank=True)
    pix_level_2 = models.PositiveSmallIntegerField("Pix : communiquer et collaborer", null=True, blank=True)
    pix_level_3 = models.PositiveSmallIntegerField("Pix : protéger et sécuriser", null=True, blank=True)
    cv = models.FileField("CV (PDF)", upload_to=cv_path, storage=private_storage, blank=True)
    cv_uploaded_at = models.DateTimeField(null=True, blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField("données effacées le", null=True, blank=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = "candidat"
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=Q(erased_at__isnull=True), name="unique_candidate_email"),
        ]
        indexes = [models.Index(fields=["latitude", "longitude"], name="candidate_lat_lon")]

    def __str__(self):
        # Anonymous on purpose: this is what the journal and logs keep. Pages show `full_name`.
        return f"Candidat n° {self.pk}"

    def save(self, *args, **kwargs):
        self.latitude, self.longitude = self.commune.latitude, self.commune.longitude
        self.territory = territory_of(self.commune.departement_id)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return "Candidat effacé" if self.erased_at else f"{self.first_name} {self.last_name}"

    @property
    def pix_level(self):
        levels = [level for level in (self.pix_level_1, self.pix_level_2, self.pix_level_3) if level]
        return min(levels) if len(levels) == 3 else None


def territory_of(departement_code: str) -> str:
    """Overseas départements and collectivities are territories of their own; the rest is "metro"."""
    return departement_code if departement_code.startswith(("97", "98")) else "metro"


class InterviewReply(models.TextChoices):
    """The person's answer to a structure's interview request (recruitment/interviews.py)."""

    ACCEPTED = "accepted", "Intéressé(e)"
    DECLINED = "declined", "Pas disponible"


class MatchQuerySet(StructureScopedQuerySet):
    structure_path = "application__structure"
    # Proposals name candidates: only their structure and the national team see them.
    for_prefecture_agent = None


class Match(models.Model):
    """A candidate × a validated structure application (mise en relation)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="matches")
    application = models.ForeignKey(StructureApplication, on_delete=models.PROTECT, related_name="matches")
    status = models.CharField("statut", max_length=20, choices=MatchStatus.choices, default=MatchStatus.NEW)
    origin = models.CharField("origine", max_length=10, choices=MatchOrigin.choices, default=MatchOrigin.MATCHING)
    distance_km = models.DecimalField("distance (km)", max_digits=6, decimal_places=1)
    # The structure's latest interview request sent through Conum, and the person's answer to it (interviews.py).
    interview_requested_at = models.DateTimeField("entretien proposé le", null=True, blank=True)
    interview_requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="entretien proposé par"
    )
    interview_message = models.TextField("message de la structure", max_length=1000, blank=True)
    candidate_reply = models.CharField("réponse du candidat", max_length=10, choices=InterviewReply.choices, blank=True)
    candidate_replied_at = models.DateTimeField("réponse du candidat le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = "mise en relation"
        verbose_name_plural = "mises en relation"
        constraints = [models.UniqueConstraint(fields=["candidate", "application"], name="unique_match")]
        indexes = [models.Index(fields=["application", "status", "distance_km"], name="match_list")]

    def __str__(self):
        return f"{self.candidate} × {self.application.structure} ({self.get_status_display().lower()})"


class ContractQuerySet(StructureScopedQuerySet):
    structure_path = "match__application__structure"


class Contract(models.Model):
    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="contracts")
    type = models.CharField("type de contrat", max_length=20, choices=ContractType.choices)
    start_date = models.DateField("début")
    end_date = models.DateField("fin", null=True, blank=True)
    weekly_hours = models.DecimalField("durée hebdomadaire (heures)", max_digits=4, decimal_places=1)
    gross_monthly_salary = models.DecimalField("salaire brut mensuel (€)", max_digits=8, decimal_places=2)
    status = models.CharField("statut", max_length=10, choices=ContractStatus.choices, default=ContractStatus.PROPOSED)
    # A new contract for an advisor already in post at the structure: validating it ends the previous one.
    renewal = models.BooleanField("renouvellement", default=False)
    refusal_reason = models.TextField("motif du refus", max_length=1000, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "contrat"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="contract_end_after_start",
            ),
            models.CheckConstraint(condition=Q(type="cdi") | Q(end_date__isnull=False), name="contract_end_unless_cdi"),
        ]

    def __str__(self):
        return f"{self.get_type_display()} de {self.match.candidate} ({self.get_status_display().lower()})"


class ContractBreakQuerySet(StructureScopedQuerySet):
    structure_path = "contract__match__application__structure"


class ContractBreak(models.Model):
    """The end of a contract before its term (rupture), declared by the structure, validated nationally."""

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="contract_break")
    date = models.DateField("date de fin effective")
    reason = models.CharField("motif", max_length=30, choices=BreakReason.choices)
    comment = models.TextField("précisions", max_length=1000, blank=True)
    status = models.CharField("statut", max_length=10, choices=BreakStatus.choices, default=BreakStatus.NOTIFIED)
    refusal_reason = models.TextField("motif du refus", max_length=1000, blank=True)
    declared_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Set when the advisor's access ended (on the break date, by `conum apply_contract_breaks`).
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = ContractBreakQuerySet.as_manager()

    class Meta:
        verbose_name = "rupture de contrat"
        verbose_name_plural = "ruptures de contrat"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Rupture du contrat n° {self.contract_id} ({self.get_status_display().lower()})"


class AdvisorQuerySet(StructureScopedQuerySet):
    structure_path = "structure"
    advisor_path = ""

    def for_coordinator(self, user):
        """A coordinator follows the advisors the national team assigned to it (read only)."""
        return self.filter(coordinator=user)

    def in_post(self):
        return self.filter(in_post=True)

    def in_post_for(self, user):
        """The advisor in post behind a user account, with its structure (None if the account holds no post)."""
        return self.in_post().filter(user=user).select_related("structure__commune").first()

    def in_training_state(self, state):
        return self.filter(training_state_conditions()[state])

    def late_for_training(self, today):
        """In post, not trained, and training not started (or planned) by the date it was due."""
        start = Coalesce("training_start", "training_planned_start")
        return (
            self.in_post()
            .filter(training_completed=False, ccp1_certified_on__isnull=True)
            .alias(start=start)
            .filter(Q(start__gt=F("training_due_by")) | Q(start__isnull=True, training_due_by__lt=today))
        )


def training_state_conditions() -> dict:
    """TrainingState → Q, with the same precedence as Advisor.training_state."""
    not_certified = Q(ccp1_certified_on__isnull=True)
    not_completed = not_certified & Q(training_completed=False)
    not_started = not_completed & Q(training_start__isnull=True)
    return {
        TrainingState.NOT_POSITIONED: not_started & Q(positioning_score__isnull=True),
        TrainingState.PLANNED: not_started & Q(positioning_score__isnull=False),
        TrainingState.IN_PROGRESS: not_completed & Q(training_start__isnull=False),
        TrainingState.COMPLETED: not_certified & Q(training_completed=True),
        TrainingState.CERTIFIED: ~not_certified,
    }


class Advisor(models.Model):
    """A conseiller numérique: created when the person's first contract is validated, kept after they leave."""

    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="advisor")
    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="advisor")
    # The current (or last) employer, and the match that holds the post there.
    structure = models.ForeignKey("structures.HostStructure", on_delete=models.PROTECT, related_name="advisors")
    match = models.OneToOneField(Match, on_delete=models.PROTECT, related_name="advisor")
    # The coordinator who follows this advisor (set by the national team); the coordinator's "team".
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_advisors",
        limit_choices_to={"role": "coordinator"},
        verbose_name="coordinateur",
    )
    in_post = models.BooleanField("en poste", default=True)
    hired_on = models.DateField("en poste depuis le")
    # hired_on + the programme's allowed delay, fixed at hiring: training should start by then.
    training_due_by = models.DateField("formation à démarrer avant le")
    left_on = models.DateField("fin de contrat le", null=True, blank=True)
    # Initial training: the positioning test's score sets the track.
    positioning_score = models.PositiveSmallIntegerField("score au test de positionnement", null=True, blank=True)
    positioning_date = models.DateField("date du test de positionnement", null=True, blank=True)
    training_track = models.ForeignKey(
        "programme.TrainingTrack", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    training_planned_start = models.DateField("début prévu de la formation", null=True, blank=True)
    training_planned_end = models.DateField("fin prévue de la formation", null=True, blank=True)
    training_start = models.DateField("début effectif de la formation", null=True, blank=True)
    training_end = models.DateField("fin effective de la formation", null=True, blank=True)
    training_completed = models.BooleanField("formation achevée", default=False)
    ccp1_certified_on = models.DateField("CCP1 REMN obtenu le", null=True, blank=True)
    pix_certified_on = models.DateField("certification Pix obtenue le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdvisorQuerySet.as_manager()

    class Meta:
        verbose_name = "conseiller numérique"
        verbose_name_plural = "conseillers numériques"
        constraints = [
            models.CheckConstraint(
                condition=Q(positioning_score__isnull=True) | Q(positioning_score__lte=100),
                name="advisor_positioning_score_max_100",
            ),
            models.CheckConstraint(
                condition=Q(training_end__isnull=True)
                | Q(training_start__isnull=False, training_end__gte=models.F("training_start")),
                name="advisor_training_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["in_post", "structure"], name="advisor_in_post")]

    def __str__(self):
        return f"Conseiller n° {self.pk}"

    @property
    def full_name(self) -> str:
        return self.candidate.full_name

    @property
    def training_state(self) -> str:
        if self.ccp1_certified_on:
            return TrainingState.CERTIFIED
        if self.training_completed:
            return TrainingState.COMPLETED
        if self.training_start:
            return TrainingState.IN_PROGRESS
        if self.positioning_score is not None:
            return TrainingState.PLANNED
        return TrainingState.NOT_POSITIONED

    @property
    def training_state_label(self) -> str:
        return TrainingState(self.training_state).label
