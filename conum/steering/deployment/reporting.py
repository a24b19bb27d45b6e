"""Reports made last month, per département: the share of the advisors in post without any (national steering).

An advisor counts in the département of its structure when it was in post at some point of last month (hired
by its last day, not gone before its first); "without report": no live report dated in that month. Two
queries for all France, whatever the number of advisors.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q

from conum.activity.models import ActivityReport
from conum.core.dates import month_start
from conum.recruitment.models import Advisor
from conum.territories.models import Departement


@dataclass(frozen=True)
class SilentRow:
    code: str
    name: str
    in_post: int
    silent: int

    @property
    def share(self) -> Decimal | None:
        """In %, to one decimal."""
        if not self.in_post:
            return None
        return (Decimal(self.silent) * 100 / Decimal(self.in_post)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def last_month(today: date) -> tuple[date, date]:
    start = month_start(today, -1)
    return start, month_start(today) - timedelta(days=1)


def silent_advisors(today: date) -> list[SilentRow]:
    """Every département (by code) with its advisors in post last month and those without a report then."""
    start, end = last_month(today)
    reported = ActivityReport.objects.live().filter(advisor=OuterRef("pk"), date__gte=start, date__lte=end)
    advisors = Advisor.objects.filter(hired_on__lte=end).filter(
        Q(left_on__isnull=True, in_post=True) | Q(left_on__gte=start)
    )
    counts = {
        row["structure__departement"]: row
        for row in advisors.order_by()
        .values("structure__departement")
        .annotate(total=Count("pk"), silent=Count("pk", filter=~Exists(reported)))
    }
    rows = []
    for code, name in Departement.objects.order_by("code").values_list("code", "name"):
        row = counts.get(code, {})
        rows.append(SilentRow(code, name, row.get("total", 0), row.get("silent", 0)))
    return rows
