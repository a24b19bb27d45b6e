from django.conf import settings
from django.db import models
from django.db.models import Q, Sum

from conum.accounts.models import User
from conum.core.roles import Role
from conum.core.scoping import StructureScopedQuerySet

from .enums import (
    LIVE_STATUSES,
    AmendmentKind,
    AmendmentReason,
    AmendmentStatus,
    ApplicationStatus,
    NationalNetwork,
    StructureType,
    Verdict,
)


class HostStructure(models.Model):
    siret = models.CharField("SIRET", max_length=14, unique=True)
    name = models.CharField("nom", max_length=200)
    type = models.CharField(max_length=40, choices=StructureType.choices)
    address = models.CharField("adresse", max_length=300)
    commune = models.ForeignKey("territories.Commune", on_delete=models.PROTECT, related_name="+")
    # Copied from the commune: every scope and quota query filters on it.
    departement = models.ForeignKey("territories.Departement", on_delete=models.PROTECT, related_name="+")
    contact_first_name = models.CharField("prénom du contact", max_length=150)
    contact_last_name = models.CharField("nom du contact", max_length=150)
    contact_role = models.CharField("fonction du contact", max_length=150)
    contact_email = models.EmailField("e-mail du contact")
    contact_phone = models.CharField("téléphone du contact", max_length=20)
    zrr = models.BooleanField("en zone de revitalisation rurale (ZRR)", default=False)
    qpv = models.BooleanField("en quartier prioritaire de la ville (QPV)", default=False)
    france_services = models.BooleanField("labellisée France Services", default=False)
    network = models.CharField("grand réseau", max_length=30, choices=NationalNetwork.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StructureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "structure d'accueil"
        verbose_name_plural = "structures d'accueil"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.departement_id = self.commune.departement_id
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.type != StructureType.PRIVATE


class StructureMembership(models.Model):
    """A user account of a structure (several per structure; the contact who applied is the first)."""

    structure = models.ForeignKey(HostStructure, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "membre d'une structure"
        constraints = [models.UniqueConstraint(fields=["structure", "user"], name="unique_structure_membership")]

    def __str__(self):
        return f"{self.user} — {self.structure}"


class ApplicationQuerySet(StructureScopedQuerySet):
    structure_path = "structure"

    def live(self):
        return self.filter(status__in=LIVE_STATUSES)

    def granted_posts(self) -> int:
        return self.filter(status=ApplicationStatus.VALIDATED).aggregate(total=Sum("posts_granted"))["total"] or 0


class StructureApplication(models.Model):
    structure = models.ForeignKey(HostStructure, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField("statut", max_length=20, choices=ApplicationStatus.choices, default="submitted")
    posts_requested = models.PositiveSmallIntegerField("postes demandés")
    mission_start = models.DateField("début de mission souhaité")
    motivation = models.TextField("motivation", max_length=2500)
    commitments_accepted_at = models.DateTimeField("engagements acceptés le")
    submitted_at = models.DateTimeField("déposée le", auto_now_add=True, db_index=True)
    posts_granted = models.PositiveSmallIntegerField("postes attribués", default=0)
    committee_number = models.CharField("numéro de comité", max_length=30, blank=True)
    committee_date = models.DateField("date du comité", null=True, blank=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "candidature de structure"
        verbose_name_plural = "candidatures de structures"
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure"], condition=Q(status__in=LIVE_STATUSES), name="one_live_application_per_structure"
            ),
            models.CheckConstraint(
                condition=Q(posts_requested__gte=1, posts_requested__lte=30), name="application_posts_requested_1_30"
            ),
            models.CheckConstraint(
                condition=Q(status="validated", posts_granted__gte=1) | (~Q(status="validated") & Q(posts_granted=0)),
                name="application_posts_granted_only_when_validated",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="application_status_date")]

    def __str__(self):
        return f"Candidature de {self.structure} ({self.get_status_display().lower()})"

    @property
    def opinion(self):
        return next((o for o in self.opinions.all() if o.amendment_id is None), None)


class Amendment(models.Model):
    """A request to add posts, or to give posts back; one open at a time per application."""

    application = models.ForeignKey(StructureApplication, on_delete=models.PROTECT, related_name="amendments")
    kind = models.CharField("nature", max_length=10, choices=AmendmentKind.choices)
    posts = models.PositiveSmallIntegerField("postes")
    reason = models.CharField("motif", max_length=30, choices=AmendmentReason.choices, blank=True)
    comment = models.TextField("précisions", max_length=1000, blank=True)
    status = models.CharField("statut", max_length=10, choices=AmendmentStatus.choices, default="submitted")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "avenant"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(status="submitted"), name="one_open_amendment_per_application"
            ),
            models.CheckConstraint(condition=Q(posts__gte=1, posts__lte=30), name="amendment_posts_1_30"),
        ]

    def __str__(self):
        return f"Avenant ({self.get_kind_display().lower()}, {self.posts}) — {self.application.structure}"


class PrefectOpinion(models.Model):
    """The prefecture's opinion on an application (amendment empty) or on one of its amendments."""

    application = models.ForeignKey(StructureApplication, on_delete=models.CASCADE, related_name="opinions")
    amendment = models.OneToOneField(Amendment, null=True, blank=True, on_delete=models.CASCADE, related_name="opinion")
    verdict = models.CharField("avis", max_length=15, choices=Verdict.choices)
    posts_recommended = models.PositiveSmallIntegerField("postes recommandés", default=0)
    comment = models.TextField("commentaire", max_length=1000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "avis du préfet"
        verbose_name_plural = "avis du préfet"
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(amendment__isnull=True), name="one_opinion_per_application"
            ),
        ]

    def __str__(self):
        return f"Avis {self.get_verdict_display().lower()} — {self.application.structure}"


class CommitteeDecision(models.Model):
    """One decision of the selection committee (COSELEC) on an application or an amendment."""

    application = models.ForeignKey(StructureApplication, on_delete=models.PROTECT, related_name="decisions")
    amendment = models.ForeignKey(Amendment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField("décision", max_length=20)
    posts_granted = models.PositiveSmallIntegerField("postes attribués (total)", default=0)
    committee_number = models.CharField("numéro de comité", max_length=30)
    committee_date = models.DateField("date du comité")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "décision du comité"
        verbose_name_plural = "décisions du comité"
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return f"Comité {self.committee_number} : {self.outcome_label} — {self.application.structure}"

    @property
    def outcome_label(self) -> str:
        if self.amendment_id:
            return f"avenant {AmendmentStatus(self.outcome).label.lower()}"
        return ApplicationStatus(self.outcome).label.lower()


class SubsidyAgreementQuerySet(StructureScopedQuerySet):
    structure_path = "application__structure"

    def committed(self):
        return self.aggregate(total=Sum("amount_eur"))["total"] or 0


class SubsidyAgreement(models.Model):
    """The subsidy committed to a validated structure: granted posts × the rate in force."""

    application = models.OneToOneField(StructureApplication, on_delete=models.PROTECT, related_name="agreement")
    rate_eur = models.DecimalField("subvention par poste (€)", max_digits=10, decimal_places=2)
    amount_eur = models.DecimalField("montant conventionné (€)", max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubsidyAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = "convention de subvention"
        constraints = [models.CheckConstraint(condition=Q(amount_eur__gte=0), name="agreement_amount_positive")]

    def __str__(self):
        return f"Convention {self.application.structure} : {self.amount_eur} €"

    @property
    def paid_eur(self):
        return sum((p.amount_eur for p in self.payments.all()), start=0)


class Payment(models.Model):
    agreement = models.ForeignKey(SubsidyAgreement, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField("date du versement")
    amount_eur = models.DecimalField("montant (€)", max_digits=12, decimal_places=2)
    reference = models.CharField("référence", max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "versement"
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount_eur__gt=0), name="payment_amount_positive")]

    def __str__(self):
        return f"Versement de {self.amount_eur} € le {self.paid_on:%d/%m/%Y}"


def prefecture_agents_for(departement):
    """Active prefecture accounts covering this département (by département or by région)."""
    return User.objects.filter(
        Q(departement=departement) | Q(region_id=departement.region_id, region__isnull=False),
        role=Role.PREFECTURE_AGENT,
        is_active=True,
    )
