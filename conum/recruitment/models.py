import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from conum.accounts.models import User
from conum.core.scoping import ScopedQuerySet
from conum.structures.models import StructureApplication

from .enums import ContractStatus, ContractType, MatchOrigin, MatchStatus, Mobility


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


class MatchQuerySet(ScopedQuerySet, models.QuerySet):
    def for_national_staff(self, user):
        return self

    def for_structure_manager(self, user):
        return self.filter(application__structure__memberships__user=user)


class Match(models.Model):
    """A candidate × a validated structure application (mise en relation)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="matches")
    application = models.ForeignKey(StructureApplication, on_delete=models.PROTECT, related_name="matches")
    status = models.CharField("statut", max_length=20, choices=MatchStatus.choices, default=MatchStatus.NEW)
    origin = models.CharField("origine", max_length=10, choices=MatchOrigin.choices, default=MatchOrigin.MATCHING)
    distance_km = models.DecimalField("distance (km)", max_digits=6, decimal_places=1)
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


class ContractQuerySet(ScopedQuerySet, models.QuerySet):
    def for_national_staff(self, user):
        return self

    def for_prefecture_agent(self, user):
        return self.filter(match__application__structure__departement__in=user.departement_codes)

    def for_structure_manager(self, user):
        return self.filter(match__application__structure__memberships__user=user)


class Contract(models.Model):
    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="contracts")
    type = models.CharField("type de contrat", max_length=20, choices=ContractType.choices)
    start_date = models.DateField("début")
    end_date = models.DateField("fin", null=True, blank=True)
    weekly_hours = models.DecimalField("durée hebdomadaire (heures)", max_digits=4, decimal_places=1)
    gross_monthly_salary = models.DecimalField("salaire brut mensuel (€)", max_digits=8, decimal_places=2)
    status = models.CharField("statut", max_length=10, choices=ContractStatus.choices, default=ContractStatus.PROPOSED)
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
