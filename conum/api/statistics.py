"""Public activity statistics, from the daily rollups (activity.statistics), cached one hour."""

from datetime import date

from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from conum.activity.reports.statistics import DEFAULT_PRESET, activity_statistics, preset_period
from conum.api.errors import ApiError, documented
from conum.api.filters import check_period
from conum.programme.models import ProgrammeParameters
from conum.recruitment.models import Advisor
from conum.territories.models import Departement

router = Router(tags=["Statistiques"])
CACHE_SECONDS = 3600


class PeriodParams(Schema):
    start: date | None = Field(None, description="Début de la période (par défaut : les 12 derniers mois)")
    end: date | None = Field(None, description="Fin de la période, incluse (par défaut : aujourd'hui)")


class LineOut(Schema):
    label: str
    count: int
    percent: float | None


class DistributionOut(Schema):
    key: str
    title: str
    unit: str
    base: int
    lines: list[LineOut]


class MonthOut(Schema):
    month: date
    reports: int
    accompaniments: int
    people: int
    workshops: int
    hours: float


class StatisticsOut(Schema):
    territory: str = Field(description="« France » ou le code du département")
    territory_name: str
    start: date
    end: date
    advisors_in_post: int
    reports: int
    accompaniments: int = Field(description="Somme des participants")
    people: int = Field(description="Personnes accompagnées, hors personnes déjà accompagnées")
    workshops: int
    hours: float
    distributions: list[DistributionOut]
    months: list[MonthOut]


def _period(params: PeriodParams) -> tuple[date, date]:
    today = timezone.localdate()
    default_start, _ = preset_period(DEFAULT_PRESET, today)
    start, end = params.start or default_start, params.end or today
    check_period(start, end)
    programme_start = ProgrammeParameters.current().programme_start
    start, end = max(start, programme_start), min(end, today)
    if end < start:
        start = end
    return start, end


def _figures(code: str | None, name: str, start: date, end: date) -> dict:
    key = f"api:statistics:{code or 'FR'}:{start.isoformat()}:{end.isoformat()}"
    if (cached := cache.get(key)) is not None:
        return cached
    rollups = Q()  # the territory scopes read the rows per département
    advisors = Advisor.objects.in_post()
    if code:
        rollups = Q(departement_id=code)
        advisors = advisors.filter(structure__departement_id=code)
    figures = activity_statistics(rollups, start, end)
    result = {
        "territory": code or "France",
        "territory_name": name,
        "start": start,
        "end": end,
        "advisors_in_post": advisors.count(),
        "reports": figures.reports,
        "accompaniments": figures.accompaniments,
        "people": figures.people,
        "workshops": figures.workshops,
        "hours": float(figures.hours),
        "distributions": [
            {
                "key": d.key,
                "title": d.title,
                "unit": d.unit,
                "base": d.base,
                "lines": [
                    {
                        "label": line.label,
                        "count": line.count,
                        "percent": float(line.percent) if line.percent is not None else None,
                    }
                    for line in d.lines
                ],  # fmt: skip
            }
            for d in figures.distributions
        ],
        "months": [
            {
                "month": m.month,
                "reports": m.reports,
                "accompaniments": m.accompaniments,
                "people": m.people,
                "workshops": m.workshops,
                "hours": round(m.duration_minutes / 60, 1),
            }
            for m in figures.months
        ],
    }
    cache.set(key, result, CACHE_SECONDS)
    return result


@router.get(
    "/statistics/national", response={200: StatisticsOut, **documented(422, 429)}, url_name="statistics_national"
)
def national(request, period: Query[PeriodParams]):
    """Chiffres de l'activité de tout le programme (les 12 derniers mois par défaut), mis à jour toutes les heures."""
    return _figures(None, "France", *_period(period))


@router.get(
    "/statistics/departements/{code}",
    response={200: StatisticsOut, **documented(404, 422, 429)},
    url_name="statistics_departement",
)
def departement(request, code: str, period: Query[PeriodParams]):
    """Chiffres de l'activité des accompagnements ayant eu lieu dans un département."""
    found = get_object_or_404(Departement, code=code[:3].upper()) if len(code) <= 3 else None
    if found is None:
        raise ApiError(404, "Département inconnu.")
    return _figures(found.code, found.name, *_period(period))
