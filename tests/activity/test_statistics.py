"""Statistics read the rollups only, and give the same figures as a direct count of the raw reports."""

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from conum.activity.enums import (
    AdministrativeTheme,
    AgeBand,
    DurationBand,
    Equipment,
    Location,
    Redirection,
    ReportKind,
    SocialStatus,
    Theme,
)
from conum.activity.models import ActivityReport, ActivityRollup
from conum.activity.reports import services as reports
from conum.activity.reports import statistics
from tests.activity.factories import PlaceFactory
from tests.activity.test_reports_support import individual_data
from tests.activity.test_rollups import full_data, random_data
from tests.helpers import page_text


def direct(start, end, **scope) -> dict:
    """The figures counted straight from the live reports of the period (no rollup)."""
    live = list(ActivityReport.objects.live().filter(date__gte=start, date__lte=end, **scope))
    figures = {
        "reports": len(live),
        "accompaniments": sum(r.participants for r in live),
        "people": sum(r.participants - r.returning_participants for r in live),
        "workshops": sum(r.kind == ReportKind.WORKSHOP for r in live),
        "hours": (Decimal(sum(r.duration_minutes for r in live)) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP),
        "kinds": [sum(r.kind == kind for r in live) for kind in ReportKind.values],
        "themes": [sum(theme in r.themes for r in live) for theme in Theme.values],
        "administrative_themes": [sum(v in r.administrative_themes for r in live) for v in AdministrativeTheme.values],
        "ages": [sum(getattr(r, f"age_{band}") for r in live) for band in AgeBand.values],
        "statuses": [sum(getattr(r, f"status_{value}") for r in live) for value in SocialStatus.values],
        "locations": [sum(r.location == value for r in live) for value in Location.values],
        "durations": [sum(DurationBand.of(r.duration_minutes) == band for r in live) for band in DurationBand.values],
        "equipment": [sum(value in r.equipment for r in live) for value in Equipment.values],
        "redirections": [sum(value in r.redirections for r in live) for value in Redirection.values],
        "followups": [sum(getattr(r, name) for r in live) for name in reports.FOLLOWUPS],
    }
    individual = [r for r in live if r.kind == ReportKind.INDIVIDUAL]
    figures["autonomy"] = [sum(r.autonomy == value for r in individual) for value in ("entierement_accompagne",
                           "partiellement_autonome", "autonome", "")]  # fmt: skip
    return figures


def from_rollups(stats) -> dict:
    figures = {
        "reports": stats.reports,
        "accompaniments": stats.accompaniments,
        "people": stats.people,
        "workshops": stats.workshops,
        "hours": stats.hours,
    }
    for distribution in stats.distributions:
        figures[distribution.key] = [line.count for line in distribution.lines]
    return figures


@pytest.fixture
def dataset(advisor, hired_advisor, place, other_advisor):
    """About 80 random reports over 14 months for two advisors, some edited, some deleted."""
    rng = random.Random(7)
    today = timezone.localdate()
    places = [place, PlaceFactory(structure=hired_advisor.structure, advisors=[hired_advisor], commune_id="87154")]
    theirs = [PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor], commune_id="23096")]
    made = []
    for index in range(90):
        author, user, where = (
            (hired_advisor, advisor, places) if index % 3 else (other_advisor, other_advisor.user, theirs)
        )
        data = random_data(rng, where, today)
        data["date"] = today - timedelta(days=rng.randint(0, 420))
        made.append((reports.create_report(author, user, data), user, where))
    for report, user, where in rng.sample(made, 15):
        data = full_data(random_data(rng, where, today))
        data["date"] = today - timedelta(days=rng.randint(0, 420))
        reports.update_report(report, user, data)
    for report, user, _where in rng.sample(made, 10):
        if ActivityReport.objects.filter(pk=report.pk, deleted_at=None).exists():
            reports.delete_report(report, user)
    return hired_advisor


def test_figures_equal_a_direct_count_of_the_reports(dataset, other_advisor):
    today = timezone.localdate()
    periods = [
        statistics.preset_period("12_months", today),
        statistics.preset_period("3_months", today),
        statistics.preset_period("month", today),
        (today - timedelta(days=400), today - timedelta(days=100)),
        (date(2020, 11, 1), today),
    ]
    for start, end in periods:
        for scope in ({"advisor": dataset}, {"advisor": other_advisor}, {}):
            rollups = ActivityRollup.objects.filter(**scope)
            assert from_rollups(statistics.activity_statistics(rollups, start, end)) == direct(start, end, **scope), (
                start, end, scope
            )  # fmt: skip
    # By département: the territory rule (where it took place), read from the same rollups.
    start, end = periods[-1]
    creuse = statistics.activity_statistics(ActivityRollup.objects.filter(departement="23"), start, end)
    assert creuse.reports == ActivityReport.objects.live().filter(commune__departement="23").count()


def test_month_by_month_evolution_sums_to_the_totals(dataset):
    start, end = statistics.preset_period("12_months", timezone.localdate())
    stats = statistics.activity_statistics(ActivityRollup.objects.filter(advisor=dataset), start, end)
    assert len(stats.months) == 12 and stats.months[0].month == start and stats.months[-1].month.day == 1
    assert sum(month.reports for month in stats.months) == stats.reports
    assert sum(month.people for month in stats.months) == stats.people
    assert sum(month.workshops for month in stats.months) == stats.workshops
    assert sum(month.duration_minutes for month in stats.months) == stats.totals["duration_minutes"]
    for month in stats.months:
        last_day = statistics.month_start(month.month, 1) - timedelta(days=1)
        assert (
            month.reports
            == ActivityReport.objects.live().filter(advisor=dataset, date__gte=month.month, date__lte=last_day).count()
        )


def test_percentages_have_one_decimal_and_a_stated_base(advisor, hired_advisor, place):
    for _ in range(3):
        reports.create_report(hired_advisor, advisor, individual_data(place))
    young = individual_data(place, age_60_69=0, age_18_24=1, themes=["email"], administrative_themes=[])
    reports.create_report(hired_advisor, advisor, young)
    today = timezone.localdate()
    stats = statistics.activity_statistics(ActivityRollup.objects.all(), today - timedelta(days=10), today)
    ages = stats.distribution("ages")
    assert ages.caption == "Tranches d'âge — en % de 4 participants"
    assert [(line.label, line.percent_display) for line in ages.lines if line.count] == [
        ("18–24 ans", "25,0\xa0%"), ("60–69 ans", "75,0\xa0%")
    ]  # fmt: skip
    administrative = stats.distribution("administrative_themes")
    assert (
        administrative.base == 3 and "3 comptes rendus d'aide aux démarches administratives" in administrative.caption
    )
    assert statistics.percent(1, 3) == Decimal("33.3") and statistics.percent(2, 3) == Decimal("66.7")
    assert statistics.percent_fr(None) == "—" and statistics.decimal_fr(Decimal("12345.25")) == "12\xa0345,3"
    empty = statistics.activity_statistics(ActivityRollup.objects.none(), today, today)
    assert empty.reports == 0 and empty.distribution("themes").lines[0].percent_display == "—"


def test_presets_are_whole_months_up_to_today():
    today = date(2025, 3, 15)
    assert statistics.preset_period("month", today) == (date(2025, 3, 1), today)
    assert statistics.preset_period("3_months", today) == (date(2025, 1, 1), today)
    assert statistics.preset_period("12_months", today) == (date(2024, 4, 1), today)
    assert statistics.months_between(date(2024, 11, 20), date(2025, 2, 1)) == [
        date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)
    ]  # fmt: skip


# ---- the page --------------------------------------------------------------------------------------


def test_my_statistics_page_shows_only_my_figures(client, dataset, advisor, other_advisor):
    client.force_login(advisor)
    page = page_text(client.get("/activite/comptes-rendus/statistiques/"))
    start, end = statistics.preset_period("12_months", timezone.localdate())
    mine = statistics.activity_statistics(ActivityRollup.objects.filter(advisor=dataset), start, end)
    assert f"Du {start:%d/%m/%Y} au {end:%d/%m/%Y}" in page
    assert f'<th scope="row">Comptes rendus</th><td>{mine.reports}</td>' in page
    assert 'href="?period=12_months" aria-current="page"' in page
    assert "Thématiques — en % de" in page and "Évolution mois par mois" in page
    month = page_text(client.get("/activite/comptes-rendus/statistiques/", {"period": "month"}))
    assert 'href="?period=month" aria-current="page"' in month


def test_custom_dates_are_checked(client, advisor, hired_advisor, place):
    reports.create_report(hired_advisor, advisor, individual_data(place, date=date(2024, 5, 10)))
    client.force_login(advisor)
    page = page_text(client.get("/activite/comptes-rendus/statistiques/",
                                {"period": "custom", "start": "2024-05-01", "end": "2024-05-31"}))  # fmt: skip
    assert "Du 01/05/2024 au 31/05/2024" in page and '<th scope="row">Comptes rendus</th><td>1</td>' in page
    wrong = page_text(client.get("/activite/comptes-rendus/statistiques/",
                                 {"period": "custom", "start": "2020-01-01", "end": "2019-01-01"}))  # fmt: skip
    assert "La période commence au plus tôt le 01/11/2020" in wrong and "La fin de la période suit son début." in wrong
    assert client.get("/activite/comptes-rendus/statistiques/", {"period": "n'importe"}).status_code == 200


def test_statistics_queries_do_not_grow_with_reports(
    client, advisor, hired_advisor, place, django_assert_max_num_queries
):
    client.force_login(advisor)
    reports.create_report(hired_advisor, advisor, individual_data(place))
    with django_assert_max_num_queries(8) as few:
        client.get("/activite/comptes-rendus/statistiques/")
    for days in range(1, 200, 3):
        reports.create_report(
            hired_advisor, advisor, individual_data(place, date=timezone.localdate() - timedelta(days))
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/activite/comptes-rendus/statistiques/")
    statistic_queries = [query["sql"] for query in few.captured_queries if "activity_activityrollup" in query["sql"]]
    assert len(statistic_queries) == 1  # one query grouped by month and kind
    assert not [query["sql"] for query in few.captured_queries if "activity_activityreport" in query["sql"]]
