"""A report's typed input: what `parse_report` makes of raw data, and what the services check again on the rows
they lock (a report made meanwhile from the same workshop, a place no longer the advisor's)."""

import pytest
from django.db import connection
from django.utils import timezone

from conum.activity.models import ActivityReport, ActivityRollup
from conum.activity.reports import services as reports
from conum.activity.reports.inputs import AGE_FIELDS, parse_report
from conum.core.inputs import InvalidInput
from conum.core.models import Journal
from tests.activity.builders import individual_data, save_report, workshop_data
from tests.activity.factories import WorkshopFactory
from tests.helpers import outcome, run_concurrently


def test_raw_data_becomes_typed_values(hired_advisor, place):
    data = workshop_data(place, participants="6", themes=["securite_numerique", "email", "email"], notes=" Vu\x00 ")
    values = parse_report(data, advisor=hired_advisor)
    assert (values.place, values.commune, values.participants) == (place, place.commune, 6)
    assert values.themes == ["email", "securite_numerique"]  # the vocabulary's order, once each
    assert values.notes == "Vu"
    assert set(values.ages) == set(AGE_FIELDS) and sum(values.ages.values()) == 6
    columns = values.columns()
    assert (columns["age_70_plus"], columns["followup_workshop"], columns["autonomy"]) == (3, 4, "")


def test_every_message_at_once_by_key(hired_advisor, place):
    with pytest.raises(InvalidInput) as refusal:
        parse_report(individual_data(place, kind="groupe", duration_minutes=0, name="x"), advisor=hired_advisor)
    assert list(refusal.value.errors) == [None, "kind", "duration_minutes"]
    assert refusal.value.errors[None] == ["Champ inconnu : name."]


def test_an_edit_keeps_what_it_does_not_send(advisor, hired_advisor, place):
    report = save_report(hired_advisor, advisor, individual_data(place, notes="Rappeler mardi"))
    place.archived_at = timezone.now()
    place.save()
    values = parse_report({"duration_minutes": 60}, advisor=hired_advisor, report=report)
    assert (values.duration_minutes, values.place, values.notes) == (60, place, "Rappeler mardi")
    with pytest.raises(InvalidInput, match="Ce lieu est archivé"):
        parse_report(individual_data(place), advisor=hired_advisor)


def test_a_place_no_longer_the_advisors_is_refused_when_saving(advisor, hired_advisor, place):
    values = parse_report(individual_data(place), advisor=hired_advisor)
    place.advisors.clear()
    with pytest.raises(InvalidInput) as refusal:
        reports.create_report(hired_advisor, advisor, values)
    assert refusal.value.errors == {"place": ["Ce lieu ne fait pas partie de vos lieux d'activité."]}
    assert not ActivityReport.objects.exists() and not ActivityRollup.objects.exists()
    assert not Journal.objects.filter(action__startswith="activity.report").exists()


def test_a_workshop_reported_meanwhile_is_refused_when_saving(advisor, hired_advisor, place):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place)
    data = workshop_data(place, workshop=workshop.pk)
    first, second = (parse_report(data, advisor=hired_advisor) for _ in range(2))
    made = reports.create_report(hired_advisor, advisor, first)
    with pytest.raises(InvalidInput) as refusal:
        reports.create_report(hired_advisor, advisor, second)
    assert refusal.value.errors["workshop"] == [
        f"Cet atelier a déjà son compte rendu (n° {made.pk} du {made.date:%d/%m/%Y})."
    ]
    # Its own report is no obstacle to an edit.
    edited = reports.update_report(
        made, advisor, parse_report({"participants": 6, "notes": "Bien"}, advisor=hired_advisor, report=made)
    )
    assert (edited.workshop, edited.notes) == (workshop, "Bien")
    assert ActivityReport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_reports_made_at_once_from_one_workshop_one_is_refused(advisor, hired_advisor, place):
    """Four reports of one workshop parsed before any is saved (each passed the parser's check): the service's
    check on the locked workshop keeps one. At once on PostgreSQL (row locks); one after the other on SQLite,
    which has no row locks but the same re-check."""
    workshop = WorkshopFactory(advisor=hired_advisor, remote_link="https://visio.exemple.fr/atelier")
    data = workshop_data(place, location="a_distance", place=None, workshop=workshop.pk)  # no place row to lock
    inputs = [parse_report(data, advisor=hired_advisor) for _ in range(4)]
    calls = [lambda values=values: reports.create_report(hired_advisor, advisor, values) for values in inputs]
    if connection.vendor == "postgresql":
        outcomes = sorted(run_concurrently(*calls))
    else:
        outcomes = sorted(outcome(call) for call in calls)
    assert outcomes == ["refused", "refused", "refused", "saved"]
    assert ActivityReport.objects.get().workshop == workshop
    assert ActivityRollup.objects.get().reports == 1
