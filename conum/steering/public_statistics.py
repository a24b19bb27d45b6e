"""The public statistics page: France or one département, deployment progress and the last 12 months of activity.

Everything comes from the deployment figures (grouped queries) and the activity rollups, never from the raw
reports, and is cached for CACHE_SECONDS per territory and day: the page says when the figures were computed.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from conum.activity.models import Place, Workshop
from conum.activity.reports import statistics as activity
from conum.core.dates import month_start
from conum.core.formatting import decimal_comma, thousands
from conum.steering.deployment import figures as deployment
from conum.territories.models import Departement

CACHE_SECONDS = 6 * 3600  # "updated daily": never more than 6 hours old
MONTHS = 12
# The distributions the public sees (the others stay on the staff's page).
PUBLIC_DISTRIBUTIONS = ("kinds", "themes", "ages", "statuses", "locations", "durations", "equipment")


@dataclass
class PublicStatistics:
    departement: Departement | None
    computed_at: datetime
    target: int  # national target, or the département's quota
    granted: int
    in_post: int
    in_training: int
    certified: int
    places: int
    upcoming_workshops: int
    activity: activity.ActivityStatistics

    @property
    def where(self) -> str:
        return f"{self.departement.name} ({self.departement.code})" if self.departement else "France entière"

    @property
    def in_post_percent(self):
        return activity.percent(self.in_post, self.target)

    @property
    def key_figures(self) -> list[tuple[str, str]]:
        target_label = "Dotation de postes du département" if self.departement else "Objectif national de postes"
        return [
            (target_label, thousands(self.target)),
            ("Postes attribués", thousands(self.granted)),
            ("Conseillers numériques en poste", thousands(self.in_post)),
            ("dont en formation", thousands(self.in_training)),
            ("dont certifiés", thousands(self.certified)),
            ("Lieux d'accompagnement ouverts au public", thousands(self.places)),
            ("Ateliers à venir ouverts au public", thousands(self.upcoming_workshops)),
        ]

    @property
    def distributions(self) -> list[activity.Distribution]:
        return [self.activity.distribution(key) for key in PUBLIC_DISTRIBUTIONS]


def period(today: date) -> tuple[date, date]:
    """The last 12 whole months, the current one included (as the staff's default)."""
    return month_start(today, -(MONTHS - 1)), today


def compute(departement: Departement | None, today: date) -> PublicStatistics:
    departements = Departement.objects.filter(pk=departement.pk) if departement else Departement.objects.all()
    figures = deployment.total(deployment.departement_rows(departements))
    target = figures.quota if departement else deployment.national_targets()["target"]
    rollups = Q()  # the rows per département: where the accompaniments took place
    places = Place.objects.open_to_public()
    workshops = Workshop.objects.upcoming(timezone.now()).filter(public=True, place__in=places)
    if departement:
        rollups = Q(departement=departement)
        places = places.filter(departement=departement)
        workshops = workshops.filter(place__departement=departement)
    start, end = period(today)
    return PublicStatistics(
        departement=departement,
        computed_at=timezone.now(),
        target=target,
        granted=figures.granted,
        in_post=figures.in_post,
        in_training=figures.in_training,
        certified=figures.certified,
        places=places.count(),
        upcoming_workshops=workshops.count(),
        activity=activity.activity_statistics(rollups, start, end),
    )


def cached(departement: Departement | None) -> PublicStatistics:
    today = timezone.localdate()
    key = f"public-statistics:{departement.code if departement else 'FR'}:{today.isoformat()}"
    statistics = cache.get(key)
    if statistics is None:
        statistics = compute(departement, today)
        cache.set(key, statistics, CACHE_SECONDS)
    return statistics


def csv_rows(statistics: PublicStatistics) -> list[list]:
    """Every figure of the page, one per line: section, indicator, value, share (%), base of the share."""
    rows = [["Déploiement", label, value.replace("\u202f", "").replace("\xa0", ""), "", ""]
            for label, value in statistics.key_figures]  # fmt: skip
    stats = statistics.activity
    for label, value in stats.key_figures:
        rows.append(["Activité", label, value.replace("\u202f", "").replace("\xa0", ""), "", ""])
    for distribution in statistics.distributions:
        for line in distribution.lines:
            share = "" if line.percent is None else decimal_comma(line.percent)
            rows.append([distribution.title, line.label, line.count, share, distribution.base_label])
    for month in stats.months:
        rows.append(["Accompagnements par mois", f"{month.month:%Y-%m}", month.accompaniments, "", ""])
    return rows
