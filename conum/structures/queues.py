"""Lists of applications for the prefecture and the committee, and the figures shown beside them."""

from django.db.models import Exists, OuterRef, Prefetch, Q, Sum

from conum.programme.models import DepartementQuota, ProgrammeParameters

from .enums import UNDECIDED_STATUSES, ApplicationStatus, Verdict
from .models import Amendment, PrefectOpinion, StructureApplication, SubsidyAgreement

PER_PAGE = 50


# QueueFilterForm's other filters: each one filled in keeps the applications its condition (given its value) selects.
APPLICATION_FILTERS = {
    "type": lambda value: Q(structure__type=value),
    "zrr": lambda value: Q(structure__zrr=True),
    "qpv": lambda value: Q(structure__qpv=True),
    "awaiting_opinion": lambda value: (
        ~Exists(PrefectOpinion.objects.filter(application=OuterRef("pk"), amendment__isnull=True))
    ),
}


def filtered_applications(queryset, data: dict):
    """Apply a QueueFilterForm's cleaned data (an empty status means "awaiting a decision")."""
    status = data.get("status") or ""
    if status == "":
        queryset = queryset.filter(status__in=UNDECIDED_STATUSES)
    elif status != "all":
        queryset = queryset.filter(status=status)
    for name, condition in APPLICATION_FILTERS.items():
        if data.get(name):
            queryset = queryset.filter(condition(data[name]))
    text = (data.get("q") or "").strip()
    if text:
        queryset = queryset.filter(
            Q(structure__name__icontains=text)
            | Q(structure__siret__startswith=text)
            | Q(structure__commune__name__icontains=text)
        )
    return queryset


def with_list_relations(queryset):
    application_opinions = PrefectOpinion.objects.filter(amendment__isnull=True)
    return queryset.select_related("structure__commune", "structure__departement").prefetch_related(
        Prefetch("opinions", queryset=application_opinions)
    )


def departement_figures(departement_codes) -> list[dict]:
    """Quota, posts granted and posts recommended (favourable opinions awaiting a decision) per département."""
    quotas = dict(
        DepartementQuota.objects.filter(departement__in=departement_codes).values_list("departement", "posts")
    )
    applications = StructureApplication.objects.filter(structure__departement__in=departement_codes)
    granted = dict(
        applications.filter(status=ApplicationStatus.VALIDATED)
        .values_list("structure__departement")
        .annotate(total=Sum("posts_granted"))
        .order_by()
    )
    recommended = dict(
        PrefectOpinion.objects.filter(
            amendment__isnull=True,
            verdict=Verdict.FAVOURABLE,
            application__status__in=UNDECIDED_STATUSES,
            application__structure__departement__in=departement_codes,
        )
        .values_list("application__structure__departement")
        .annotate(total=Sum("posts_recommended"))
        .order_by()
    )
    lines = []
    for code in departement_codes:
        quota, granted_posts = quotas.get(code, 0), granted.get(code, 0)
        lines.append(
            {
                "code": code,
                "quota": quota,
                "granted": granted_posts,
                "recommended": recommended.get(code, 0),
                "available": quota - granted_posts,
            }
        )
    return lines


def national_gauges() -> dict:
    parameters = ProgrammeParameters.current()
    return {
        "target": parameters.national_target_posts,
        "quotas": DepartementQuota.objects.total(),
        "granted": StructureApplication.objects.granted_posts(),
        "envelope": parameters.envelope_eur,
        "committed": SubsidyAgreement.objects.committed(),
    }


def open_amendments(user):
    """Amendments awaiting an opinion or a decision in the user's scope (few at a time: not paginated)."""
    return (
        Amendment.objects.filter(status="submitted", application__in=StructureApplication.objects.for_user(user))
        .select_related("application__structure__commune", "opinion")
        .order_by("created_at")
    )
