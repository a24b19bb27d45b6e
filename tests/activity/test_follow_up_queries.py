"""The follow-up pages make as many queries with a long history as with a short one (issue 19): the advisor's
agenda (a week of appointments and sessions), a person's file (its reports and appointments) and the list of
files. Each page is read with a few rows, then with ten times more, and the two query counts compared."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conum.activity.beneficiaries import services as files
from conum.activity.beneficiaries.inputs import BeneficiaryInput
from conum.activity.enums import AppointmentStatus
from conum.activity.models import ActivityReport
from conum.territories.models import Commune
from tests.activity.appointment_builders import appointment_at, at
from tests.activity.builders import bulk_reports, individual_data
from tests.activity.factories import PlaceFactory, WorkshopFactory
from tests.helpers import page_text
from tests.recruitment.hiring import in_post

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30
STATUSES = [AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED, AppointmentStatus.ABSENT]


@pytest.fixture
def colleague(limoges_application, structure_manager, national_staff, place):
    """Another advisor of the same structure and place: the file's history mixes both advisors' reports."""
    other = in_post(limoges_application, structure_manager, national_staff, email="collegue@exemple.fr")
    place.advisors.add(other)
    return other


@pytest.fixture
def next_monday():
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 - today.weekday())


def queries_of(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), page_text(response)


def _week_of(advisor, place, monday, start, count):
    """`count` appointments and as many sessions in the week of `monday`, each at another place."""
    for index in range(start, start + count):
        day = monday + datetime.timedelta(days=index % 6)
        moment = at(day, 8 + index // 6 % 10, 5 * (index // 60))
        where = PlaceFactory(structure=advisor.structure) if index % 2 else place
        appointment_at(advisor, where, moment, minutes=20, status=STATUSES[index % 3], first_name=f"Personne {index}")
        WorkshopFactory(
            advisor=advisor,
            place=where,
            starts_at=moment + datetime.timedelta(minutes=30),
            ends_at=moment + datetime.timedelta(minutes=50),
            title=f"Atelier {index}",
        )


def test_the_agenda_makes_as_many_queries_with_many_appointments(client, hired_advisor, advisor, place, next_monday):
    client.force_login(advisor)
    url = f"/activite/agenda/?semaine={next_monday:%Y-%m-%d}"
    _week_of(hired_advisor, place, next_monday, 0, FEW)
    few, text = queries_of(client, url)
    assert f"{FEW} rendez-vous, {FEW} séances d'atelier" in text
    _week_of(hired_advisor, place, next_monday, FEW, MANY - FEW)
    many, text = queries_of(client, url)
    assert f"{MANY} rendez-vous, {MANY} séances d'atelier" in text and "Personne 29" in text
    assert many == few


def test_the_agenda_of_a_structure_manager_makes_as_many_queries(
    client, hired_advisor, colleague, structure_manager, place, next_monday
):
    client.force_login(structure_manager)
    url = f"/activite/agenda/?semaine={next_monday:%Y-%m-%d}&conseiller={hired_advisor.pk}"
    _week_of(hired_advisor, place, next_monday, 0, FEW)
    few, _text = queries_of(client, url)
    _week_of(hired_advisor, place, next_monday, FEW, MANY - FEW)
    many, text = queries_of(client, url)
    assert "Personne 29" in text
    assert many == few


def _history(beneficiary, advisors, place, start, count):
    """`count` reports of the file by turns of `advisors` (every third at home: no place), and an appointment
    for every report: one filed with the person, the next only through its report."""
    made = [
        (
            advisors[index % len(advisors)],
            individual_data(place, date=timezone.localdate() - datetime.timedelta(days=index + 1))
            | ({"location": "domicile", "place": None, "commune": "87085"} if index % 3 == 2 else {}),
        )
        for index in range(start, start + count)
    ]
    reports = bulk_reports(made)
    ActivityReport.objects.filter(pk__in=[report.pk for report in reports]).update(beneficiary=beneficiary)
    for index, report in enumerate(reports, start=start):
        moment = at(report.date, 9) + datetime.timedelta(minutes=index)
        filed = {"beneficiary": beneficiary} if index % 2 else {}
        where = PlaceFactory(structure=report.advisor.structure)
        appointment_at(report.advisor, where, moment, status=AppointmentStatus.ATTENDED, report=report, **filed)


def test_the_file_page_makes_as_many_queries_with_a_long_history(client, hired_advisor, advisor, colleague, place):
    limoges = Commune.objects.get(pk="87085")
    beneficiary = files.create_beneficiary(hired_advisor, advisor, BeneficiaryInput("Josiane", commune=limoges))
    client.force_login(advisor)
    url = f"/activite/personnes/{beneficiary.pk}/"
    _history(beneficiary, [hired_advisor, colleague], place, 0, FEW)
    few, text = queries_of(client, url)
    assert f"{FEW} accompagnements" in text
    _history(beneficiary, [hired_advisor, colleague], place, FEW, MANY - FEW)
    many, text = queries_of(client, url)
    assert f"{MANY} accompagnements" in text and colleague.full_name in text
    assert text.count("venu(e)") == MANY  # every appointment, filed or through its report
    assert many == few


def _files(advisors, place, start, count):
    """`count` files of the structure, each with a report (a soft-deleted one for every fourth)."""
    made = []
    for index in range(start, start + count):
        author = advisors[index % len(advisors)]
        beneficiary = files.create_beneficiary(author, author.user, BeneficiaryInput(f"Personne {index:02d}"))
        made.append((beneficiary, author))
    days = [timezone.localdate() - datetime.timedelta(days=index + 1) for index in range(start, start + count)]
    reports = bulk_reports(
        [(author, individual_data(place, date=day)) for (_file, author), day in zip(made, days, strict=True)],
        deleted=[index for index in range(count) if index % 4 == 3],
    )
    for (beneficiary, _author), report in zip(made, reports, strict=True):
        ActivityReport.objects.filter(pk=report.pk).update(beneficiary=beneficiary)


def test_the_file_list_makes_as_many_queries_with_many_files(client, hired_advisor, advisor, colleague, place):
    client.force_login(advisor)
    _files([hired_advisor, colleague], place, 0, FEW)
    few, text = queries_of(client, "/activite/personnes/")
    assert f"{FEW} dossiers" in text
    _files([hired_advisor, colleague], place, FEW, MANY - FEW)
    many, text = queries_of(client, "/activite/personnes/")
    assert f"{MANY} dossiers" in text and "Personne 29" in text
    assert many == few
