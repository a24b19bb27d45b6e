"""Unique people: each file counts once (at its first live report), anonymous reports by their "returning"
answer; the statistics, read from the rollups, equal a direct count after random creates, links, edits,
deletions and erasures."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from conum.activity.beneficiaries import services as files
from conum.activity.beneficiaries.inputs import BeneficiaryInput
from conum.activity.models import ActivityReport, ActivityRollup, Beneficiary
from conum.activity.reports import rollups
from conum.activity.reports import services as reports
from conum.activity.reports.statistics import activity_statistics
from tests.activity.builders import edit_report, individual_data, random_data, save_report
from tests.recruitment.hiring import in_post


@pytest.fixture
def colleague(limoges_application, structure_manager, national_staff, place):
    advisor = in_post(limoges_application, structure_manager, national_staff, email="collegue@exemple.fr")
    place.advisors.add(advisor)
    return advisor


def direct_people(start, end) -> int:
    """Straight from the reports: the files whose first live report falls in the period, plus the anonymous
    reports' participants not already accompanied."""
    live = ActivityReport.objects.live()
    firsts = {}
    for beneficiary, day in live.filter(beneficiary__isnull=False).values_list("beneficiary", "date"):
        firsts[beneficiary] = min(day, firsts.get(beneficiary, day))
    anonymous = live.filter(beneficiary__isnull=True, date__gte=start, date__lte=end)
    return sum(start <= day <= end for day in firsts.values()) + sum(
        report.participants - report.returning_participants for report in anonymous
    )


def from_rollups(start, end) -> int:
    return activity_statistics(ActivityRollup.objects.all(), start, end).people


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_unique_people_equal_a_direct_count(seed, hired_advisor, advisor, colleague, place):
    rng = random.Random(seed)
    today = timezone.localdate()
    authors = [(hired_advisor, advisor), (colleague, colleague.user)]
    names = iter(f"Personne {n}" for n in range(1000))

    def usable_files():
        return list(Beneficiary.objects.filter(anonymised_at__isnull=True).order_by("pk"))

    for _step in range(45):
        author, user = rng.choice(authors)
        live = list(ActivityReport.objects.live().order_by("pk"))
        operation = rng.choices(["anonymous", "linked", "new", "edit", "delete", "erase"], [3, 5, 2, 3, 2, 1])[0]
        day = today - timedelta(days=rng.randint(0, 5))
        if operation == "anonymous":
            save_report(author, user, random_data(rng, [place], today))
        elif operation == "new" or (operation == "linked" and not usable_files()):
            new = {"name": next(names), "consent": True}
            save_report(author, user, individual_data(place, date=day, new_beneficiary=new))
        elif operation == "linked":
            chosen = rng.choice(usable_files())
            kind = rng.choice(["individuel", "ponctuel"])
            extra = {"autonomy": ""} if kind == "ponctuel" else {}
            save_report(author, user, individual_data(place, date=day, kind=kind, beneficiary=chosen.pk, **extra))
        elif operation == "edit" and live:
            report = rng.choice(live)
            if report.kind == "collectif":
                continue
            owner = report.advisor.user
            change = {"date": day}
            if rng.random() < 0.6:  # move to another file, or out of any, or into one
                candidates = [None, *usable_files()]
                chosen = rng.choice(candidates)
                change["beneficiary"] = chosen.pk if chosen else None
            edit_report(report, owner, change)
        elif operation == "delete" and live:
            report = rng.choice(live)
            reports.delete_report(report, report.advisor.user)
        elif operation == "erase" and usable_files():
            files.erase(rng.choice(usable_files()), author, user)
        for start, end in ((today - timedelta(days=10), today), (today - timedelta(days=2), today)):
            assert from_rollups(start, end) == direct_people(start, end), (operation, start)
    assert rollups.rebuild(dry_run=True).differences == []
    assert ActivityReport.objects.filter(beneficiary__isnull=False).exists()


def test_a_file_counts_once_and_erasure_changes_no_figure(hired_advisor, advisor, place):
    today = timezone.localdate()
    start = today - timedelta(days=10)
    josiane = files.create_beneficiary(hired_advisor, advisor, BeneficiaryInput("Josiane"))
    for days in (3, 1, 2):  # the advisor says "first time" each time: the file knows better
        day = today - timedelta(days=days)
        save_report(hired_advisor, advisor, individual_data(place, date=day, beneficiary=josiane.pk))
    assert from_rollups(start, today) == 1
    returning = ActivityReport.objects.order_by("date").values_list("returning_participants", flat=True)
    assert list(returning) == [0, 1, 1]
    files.erase(josiane, hired_advisor, advisor)
    assert from_rollups(start, today) == 1
    assert ActivityReport.objects.filter(beneficiary__isnull=True).count() == 3


@pytest.mark.django_db(transaction=True)
def test_reports_of_one_file_written_at_once_count_it_once(advisor, hired_advisor, colleague, place):
    """Reports of one file created, then deleted and created, at once by two advisors: the file's row lock orders
    them, so exactly one live report is its first. At once on PostgreSQL; one after the other on SQLite."""
    from django.db import connection

    from conum.activity.reports.inputs import parse_report
    from tests.helpers import outcome, run_concurrently

    today = timezone.localdate()
    josiane = files.create_beneficiary(hired_advisor, advisor, BeneficiaryInput("Josiane"))

    def create(author, days):
        values = parse_report(
            individual_data(place, date=today - timedelta(days=days), beneficiary=josiane.pk), advisor=author
        )
        return lambda: reports.create_report(author, author.user, values)

    def run(calls):
        if connection.vendor == "postgresql":
            return run_concurrently(*calls)
        return sorted(outcome(call) for call in calls)

    def check():
        live = ActivityReport.objects.live().filter(beneficiary=josiane).order_by("date", "pk")
        assert [report.returning_participants for report in live] == [0] + [1] * (live.count() - 1)
        assert from_rollups(today - timedelta(days=30), today) == 1
        assert rollups.rebuild(dry_run=True).differences == []

    authors = [hired_advisor, colleague] * 3
    assert (
        run([create(author, days) for author, days in zip(authors, [4, 2, 6, 1, 3, 5], strict=True)]) == ["saved"] * 6
    )
    check()
    first, second = ActivityReport.objects.live().order_by("date", "pk")[:2]
    calls = [
        lambda: reports.delete_report(first, first.advisor.user),
        lambda: reports.delete_report(second, second.advisor.user),
        create(hired_advisor, 9),
        create(colleague, 0),
    ]
    assert run(calls) == ["saved"] * 4
    check()


def test_linking_a_report_costs_the_same_queries_whatever_the_files_history(hired_advisor, advisor, place):
    """The write's price for unique people: the file locked, its reports read once, the new report's answer set;
    statistics pages pay nothing (no new column, no new query)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conum.activity.reports.inputs import parse_report

    today = timezone.localdate()
    josiane = files.create_beneficiary(hired_advisor, advisor, BeneficiaryInput("Josiane"))
    anonymous = parse_report(individual_data(place, date=today), advisor=hired_advisor)
    with CaptureQueriesContext(connection) as plain:
        reports.create_report(hired_advisor, advisor, anonymous)
    costs = []
    for count in range(12):
        day = today - timedelta(days=20 - count)  # each one the latest: no other report changes
        values = parse_report(individual_data(place, date=day, beneficiary=josiane.pk), advisor=hired_advisor)
        with CaptureQueriesContext(connection) as linked:
            reports.create_report(hired_advisor, advisor, values)
        costs.append(len(linked))
    assert len(set(costs[1:])) == 1  # from the second report on, the same whatever the history
    assert costs[-1] - len(plain) <= 12
