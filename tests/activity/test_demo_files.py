"""The demo's beneficiary files (conum/activity/beneficiaries/demo.py) on a structure with two advisors: each file
is linked to reports of its own structure, its "returning" answers come from its history, the rollups and the
count of unique people stay right; Martine's file holds the appointment she came to and its report, and her
next appointment, on no file, is suggested her file by its contact."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from conum.activity import demo as activity_demo
from conum.activity.appointments import demo as appointments_demo
from conum.activity.appointments.services import suggested_files
from conum.activity.beneficiaries import demo as files_demo
from conum.activity.enums import AppointmentStatus, ReportKind
from conum.activity.models import ActivityReport, ActivityRollup, Appointment, Beneficiary
from conum.activity.reports import rollups
from conum.activity.reports.statistics import activity_statistics
from tests.activity.factories import PlaceFactory
from tests.activity.test_unique_people import direct_people
from tests.recruitment.hiring import in_post


@pytest.fixture
def team(limoges_application, structure_manager, national_staff):
    """The demo advisor and a colleague, sharing a place, with a year of reports made as the demo makes them."""
    demo_advisor = in_post(
        limoges_application, structure_manager, national_staff, email=appointments_demo.DEMO_ADVISOR_EMAIL
    )
    colleague = in_post(limoges_application, structure_manager, national_staff, email="collegue@exemple.fr")
    place = PlaceFactory(structure=demo_advisor.structure, advisors=[demo_advisor, colleague])
    rng, today = random.Random(7), timezone.localdate()
    made = [
        activity_demo._report(rng, advisor, [place], today - timedelta(days=rng.randint(1, 360)))
        for advisor in (demo_advisor, colleague)
        for _ in range(150)
    ]
    ActivityReport.objects.bulk_create(made)
    rollups.bulk_build(made)
    return demo_advisor, colleague, {demo_advisor.pk: [place], colleague.pk: [place]}


def test_demo_files_are_linked_coherently(team):
    demo_advisor, colleague, places = team
    advisors = [demo_advisor, colleague]
    today = timezone.localdate()
    assert appointments_demo.populate(advisors, places) == 7

    assert files_demo.populate(advisors, places) == len(files_demo.PEOPLE) == 12

    files = list(Beneficiary.objects.order_by("pk"))
    assert [beneficiary.name for beneficiary in files] == [person.name for person in files_demo.PEOPLE]
    # The demo advisor's team sees every file (the structure's), each with its consent recorded by an advisor.
    assert set(Beneficiary.objects.for_user(demo_advisor.user)) == set(files)
    assert sum(bool(beneficiary.commune_id) for beneficiary in files) >= 4
    for beneficiary in files:
        reports = list(beneficiary.reports.order_by("date", "pk"))
        assert 1 <= len(reports) <= 4, beneficiary.name
        assert beneficiary.structure_id == demo_advisor.structure_id
        assert beneficiary.consent_by_id in (demo_advisor.pk, colleague.pk)
        for index, report in enumerate(reports):
            assert report.structure_id == beneficiary.structure_id
            assert report.kind == ReportKind.INDIVIDUAL and report.participants == 1
            assert report.date < today
            assert report.returning_participants == (0 if index == 0 else 1)
            if beneficiary.age_band:
                assert getattr(report, f"age_{beneficiary.age_band}") == 1
            if beneficiary.themes:
                assert set(report.themes) & set(beneficiary.themes), (beneficiary.name, report.themes)
        assert timezone.localdate(beneficiary.consent_at) == reports[0].date
        assert timezone.localdate(beneficiary.last_activity_at) >= reports[-1].date
        assert beneficiary.last_activity_at <= timezone.now()
    # Two people were first seen by the colleague: their history shows the team's visits.
    shared = Beneficiary.objects.filter(reports__advisor=colleague).distinct()
    assert {beneficiary.name for beneficiary in shared} == {"Josiane", "René"}
    for beneficiary in shared:
        assert beneficiary.reports.filter(advisor=demo_advisor).exists()

    # Martine: her earlier visit, then the appointment she came to and its report, all on her file.
    martine = Beneficiary.objects.get(name="Martine")
    came = Appointment.objects.get(first_name="Martine", status=AppointmentStatus.ATTENDED)
    assert came.beneficiary == martine and came.report.beneficiary == martine
    assert came.report.date == timezone.localdate(came.starts_at) and came.report.place_id == came.place_id
    assert came.report.returning_participants == 1  # not her first visit
    assert list(martine.reports.order_by("date"))[-1] == came.report
    # Her next appointment: booked soon, the same e-mail, on no file; the agenda suggests hers.
    booked = Appointment.objects.get(first_name="Martine", status=AppointmentStatus.BOOKED)
    assert booked.email == came.email == "martine@exemple.fr" and booked.beneficiary is None
    assert today < timezone.localdate(booked.starts_at) <= today + timedelta(days=14)
    assert suggested_files(booked) == [martine]
    # No e-mail with an accent (the booking form would refuse gérard@).
    assert Appointment.objects.filter(first_name="Gérard").get().email == "gerard@exemple.fr"

    # The statistics stay right: the rollups are what a rebuild computes, unique people what the reports say.
    assert rollups.rebuild(dry_run=True).differences == []
    start = today - timedelta(days=400)
    assert activity_statistics(ActivityRollup.objects.all(), start, today).people == direct_people(start, today)


def test_demo_files_wait_for_the_demo_advisor(hired_advisor, place):
    """Without the demo advisor's account (another database's demo), no file is made."""
    assert files_demo.populate([hired_advisor], {hired_advisor.pk: [place]}) == 0
    assert not Beneficiary.objects.exists()
