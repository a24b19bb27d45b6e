from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum

from conum.core.scoping import ScopedQuerySet


def _euros(verbose_name: str, max_digits: int, default: str) -> models.DecimalField:
    """A parameter in euros, to the cent, never negative."""
    return models.DecimalField(
        verbose_name,
        max_digits=max_digits,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal("0"))],
    )


class ProgrammeParameters(models.Model):
    """The national parameters: a single row, edited by the national team."""

    national_target_posts = models.PositiveIntegerField(
        "objectif national de postes", default=4000, validators=[MinValueValidator(1)]
    )
    envelope_eur = _euros("enveloppe de l'État (€)", max_digits=14, default="250000000")
    subsidy_per_post_public_eur = _euros("subvention par poste, structure publique (€)", max_digits=10, default="50000")
    subsidy_per_post_private_eur = _euros("subvention par poste, structure privée (€)", max_digits=10, default="50000")
    contract_months_public = models.PositiveSmallIntegerField(
        "durée du contrat, structure publique (mois)",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    legal_weekly_hours = models.PositiveSmallIntegerField(
        "durée légale hebdomadaire (heures)", default=35, validators=[MinValueValidator(1), MaxValueValidator(48)]
    )
    training_start_within_days = models.PositiveSmallIntegerField(
        "début de la formation après le contrat (jours au plus)", default=15, validators=[MaxValueValidator(365)]
    )
    programme_start = models.DateField("début du programme", default=date(2020, 11, 1))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "paramètres du programme"
        verbose_name_plural = "paramètres du programme"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="programme_parameters_singleton")]

    def __str__(self):
        return "Paramètres du programme"

    @classmethod
    def current(cls):
        parameters, _ = cls.objects.get_or_create(pk=1)
        return parameters

    def subsidy_per_post(self, is_public: bool) -> Decimal:
        return self.subsidy_per_post_public_eur if is_public else self.subsidy_per_post_private_eur


class MinimumWage(models.Model):
    """Gross monthly minimum wage (SMIC) for the legal working week, from an effective date."""

    effective_date = models.DateField("date d'effet", unique=True)
    monthly_gross_eur = models.DecimalField(
        "SMIC mensuel brut (€)", max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("1"))]
    )

    class Meta:
        verbose_name = "SMIC"
        verbose_name_plural = "SMIC"
        ordering = ["-effective_date"]

    def __str__(self):
        return f"{self.monthly_gross_eur} € au {self.effective_date:%d/%m/%Y}"

    @classmethod
    def in_force_on(cls, day: date):
        return cls.objects.filter(effective_date__lte=day).order_by("-effective_date").first()


class TrainingTrack(models.Model):
    """An initial training track, assigned from the positioning test score (0–100)."""

    hours = models.PositiveSmallIntegerField("durée (heures)", unique=True, validators=[MinValueValidator(1)])
    min_score = models.PositiveSmallIntegerField(
        "score minimal au test de positionnement", validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = "parcours de formation"
        verbose_name_plural = "parcours de formation"
        ordering = ["hours"]
        constraints = [
            models.CheckConstraint(condition=Q(min_score__lte=100), name="training_track_score_max_100"),
        ]

    def __str__(self):
        return f"Parcours de {self.hours} h"

    @classmethod
    def for_score(cls, score: int):
        """The shortest track whose threshold the score reaches."""
        return cls.objects.filter(min_score__lte=score).order_by("hours").first()


class DepartementQuotaQuerySet(ScopedQuerySet, models.QuerySet):
    def for_national_staff(self, user):
        return self

    def for_prefecture_agent(self, user):
        return self.filter(departement__in=user.departement_codes)

    def total(self) -> int:
        return self.aggregate(total=Sum("posts"))["total"] or 0


class DepartementQuota(models.Model):
    """The number of advisor posts a département may grant (dotation départementale)."""

    departement = models.OneToOneField(
        "territories.Departement", primary_key=True, on_delete=models.PROTECT, related_name="quota"
    )
    posts = models.PositiveIntegerField("postes")
    updated_at = models.DateTimeField(auto_now=True)

    objects = DepartementQuotaQuerySet.as_manager()

    class Meta:
        verbose_name = "dotation départementale"
        verbose_name_plural = "dotations départementales"
        ordering = ["departement"]

    def __str__(self):
        return f"Dotation {self.departement.name} : {self.posts} postes"
