"""The applications table as exported for prefectures (their scope) and the national team."""

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .enums import ApplicationStatus, StructureType
from .models import Payment, PrefectOpinion

HEADER = [
    "SIRET", "Nom", "Type", "Commune", "Code INSEE", "Département", "ZRR", "QPV", "Postes demandés",
    "Postes recommandés", "Postes attribués", "Statut", "Numéro de comité", "Date du comité",
    "Subvention engagée (€)", "Subvention versée (€)", "Déposée le",
]  # fmt: skip


def annotated(applications):
    recommended = PrefectOpinion.objects.filter(application=OuterRef("pk"), amendment__isnull=True).values(
        "posts_recommended"
    )[:1]
    paid = (
        Payment.objects.filter(agreement__application=OuterRef("pk"))
        .values("agreement")
        .annotate(total=Sum("amount_eur"))
        .values("total")
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    return applications.select_related("structure__commune", "structure__departement", "agreement").annotate(
        recommended=Subquery(recommended),
        paid=Coalesce(Subquery(paid, output_field=money), Value(Decimal(0)), output_field=money),
    )


def rows(applications):
    types, statuses = dict(StructureType.choices), dict(ApplicationStatus.choices)
    for application in annotated(applications).order_by("pk").iterator(chunk_size=2000):
        structure = application.structure
        agreement = getattr(application, "agreement", None)
        yield [
            structure.siret,
            structure.name,
            types.get(structure.type, structure.type),
            structure.commune.name,
            structure.commune_id,
            f"{structure.departement.code} {structure.departement.name}",
            structure.zrr,
            structure.qpv,
            application.posts_requested,
            application.recommended,
            application.posts_granted,
            statuses.get(application.status, application.status),
            application.committee_number,
            application.committee_date,
            agreement.amount_eur if agreement else Decimal(0),
            application.paid,
            application.submitted_at.date(),
        ]
