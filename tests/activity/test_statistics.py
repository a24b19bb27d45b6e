"""Statistics read the rollups only, and give the same figures as a direct count of the raw reports."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conum.activity.models import ActivityReport, ActivityRollup
from conum.activity.reports import statistics
from conum.core.dates import month_start
from conum.core.formatting import one_decimal
from tests.activity.builders import bulk_reports, direct, from_rollups, individual_data, random_data, save_report
from tests.activity.factories import PlaceFactory
from tests.helpers import page_text


@pytest.fixture
def dataset(advisor, hired_advisor, place, other_advisor):
    """About 80 random reports over 14 months for two advisors, inserted in bulk with their rollups: some were
    edited (their last version is inserted), some soft-deleted."""
    rng = random.Random(7)
    today = timezone.localdate()
    places = [place, PlaceFactory(structure=hired_advisor.structure, advisors=[hired_advisor], commune_id="87154")]
    theirs = [PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor], commune_id="23096")]

    def random_report(author):  # within the last 14 months
        where = places if author == hired_advisor else theirs
        return random_data(rng, where, today) | {"date": today - timedelta(days=rng.randint(0, 420))}

    made = []
    for index in range(90):
        author = hired_advisor if index % 3 else other_advisor
        made.append((author, random_report(author)))
    for step in rng.sample(range(len(made)), 15):
        made[step] = (made[step][0], random_report(made[step][0]))
    bulk_reports(made, deleted=set(rng.sample(range(len(made)), 10)))
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
        last_day = month_start(month.month, 1) - timedelta(days=1)
        assert (
            month.reports
            == ActivityReport.objects.live().filter(advisor=dataset, date__gte=month.month, date__lte=last_day).count()
        )


def test_percentages_have_one_decimal_and_a_stated_base(advisor, hired_advisor, place):
    for _ in range(3):
        save_report(hired_advisor, advisor, individual_data(place))
    young = individual_data(place, age_60_69=0, age_18_24=1, themes=["email"], administrative_themes=[])
    save_report(hired_advisor, advisor, young)
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
    assert statistics.percent_fr(None) == "—" and one_decimal(Decimal("12345.25")) == "12\u202f345,3"
    empty = statistics.activity_statistics(ActivityRollup.objects.none(), today, today)
    assert empty.reports == 0 and empty.distribution("themes").lines[0].percent_display == "—"


def test_presets_are_whole_months_up_to_today():
    today = date(2025, 3, 15)
    assert statistics.preset_period("month", today) == (date(2025, 3, 1), today)
    assert statistics.preset_period("3_months", today) == (date(2025, 1, 1), today)
    assert statistics.preset_period("12_months", today) == (date(2024, 4, 1), today)


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
    save_report(hired_advisor, advisor, individual_data(place, date=date(2024, 5, 10)))
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
    save_report(hired_advisor, advisor, individual_data(place))
    with django_assert_max_num_queries(8) as few:
        client.get("/activite/comptes-rendus/statistiques/")
    for days in range(1, 200, 3):
        save_report(hired_advisor, advisor, individual_data(place, date=timezone.localdate() - timedelta(days)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/activite/comptes-rendus/statistiques/")
    statistic_queries = [query["sql"] for query in few.captured_queries if "activity_activityrollup" in query["sql"]]
    assert len(statistic_queries) == 1  # one query grouped by month and kind
    assert not [query["sql"] for query in few.captured_queries if "activity_activityreport" in query["sql"]]
