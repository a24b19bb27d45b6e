"""Retention of workshop registrations: personal data is anonymised three months after the session (as the personal
data page promises), statuses and attendance stay for the statistics; the daily command is idempotent."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from conum.activity.models import Registration
from conum.activity.workshops import registrations
from tests.activity.builders import PARIS
from tests.activity.factories import WorkshopFactory

PERSONAL = ("first_name", "last_name", "email", "phone")
KEPT = ("status", "walk_in", "consent_at", "created_at", "cancelled_at", "cancellation_token", "workshop_id")


def session(hired_advisor, place, ends_at):
    """A two-hour session ending at `ends_at`, whose registrations closed when it started."""
    starts_at = ends_at - datetime.timedelta(hours=2)
    return WorkshopFactory(
        advisor=hired_advisor,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        registration_opens_at=starts_at - datetime.timedelta(days=14),
        registration_closes_at=starts_at,
    )


def fill(workshop, advisor, tag):
    """Three people added by the advisor: two with e-mail and phone, one walk-in with neither."""
    people = [
        registrations.register(
            workshop, f"Prénom{tag}{n}", f"N{n}", email=f"{tag}{n}@exemple.fr", phone=f"05 55 12 34 5{n}", by=advisor
        )
        for n in range(2)
    ]
    people.append(registrations.register(workshop, f"Prénom{tag}X", "X", walk_in=True, by=advisor))
    return people


def rows(workshop):
    return list(workshop.registrations.order_by("pk").values(*PERSONAL, *KEPT))


def ended(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


@pytest.fixture
def sessions(hired_advisor, place, advisor):
    old = session(hired_advisor, place, ended(120))
    old_people = fill(old, advisor, "old")
    registrations.mark_attendance(old, advisor, {old_people[0].pk: "attended", old_people[2].pk: "absent"})
    recent = session(hired_advisor, place, ended(61))
    fill(recent, advisor, "recent")
    upcoming = WorkshopFactory(advisor=hired_advisor, place=place)
    fill(upcoming, advisor, "next")
    return old, recent, upcoming


def test_old_sessions_are_anonymised_and_keep_their_statuses(sessions):
    old, recent, upcoming = sessions
    before = {workshop.pk: rows(workshop) for workshop in sessions}

    assert registrations.anonymise_past() == 3

    after = rows(old)
    assert [tuple(row[field] for field in PERSONAL) for row in after] == [("Anonyme", "", "", "")] * 3
    assert [{field: row[field] for field in KEPT} for row in after] == [
        {field: row[field] for field in KEPT} for row in before[old.pk]
    ]
    assert [row["status"] for row in after] == ["attended", "confirmed", "absent"]
    assert [row["walk_in"] for row in after] == [False, False, True]
    # Sessions that ended two months ago, and upcoming ones, keep everything.
    assert rows(recent) == before[recent.pk] and rows(upcoming) == before[upcoming.pk]
    assert not Registration.objects.filter(first_name__startswith="Prénomold").exists()


def test_anonymising_twice_changes_nothing_the_second_time(sessions, hired_advisor, place, advisor):
    old, _recent, _upcoming = sessions
    assert registrations.anonymise_past() == 3
    once = rows(old)
    assert registrations.anonymise_past() == 0
    assert rows(old) == once
    # Someone added later to an old session (the advisor may) is anonymised by the next run, alone.
    registrations.register(old, "Tardif", "T", email="tardif@exemple.fr", by=advisor)
    assert registrations.anonymise_past() == 1


def test_three_calendar_months_after_the_end_of_the_session(hired_advisor, place, advisor):
    # Ended 30 November 16:00 (Paris): anonymised from 28 February 16:00, not a minute before.
    workshop = session(hired_advisor, place, datetime.datetime(2025, 11, 30, 16, tzinfo=PARIS))
    fill(workshop, advisor, "nov")
    due = datetime.datetime(2026, 2, 28, 16, tzinfo=PARIS)
    assert registrations.anonymisation_due(workshop.ends_at) == due
    assert registrations.anonymise_past(now=due - datetime.timedelta(minutes=1)) == 0
    assert registrations.anonymise_past(now=due) == 3


def test_the_daily_command_says_what_it_did(sessions):
    out = StringIO()
    call_command("purge_registrations", stdout=out)
    assert out.getvalue().strip() == "3 inscriptions anonymisées"
    again = StringIO()
    call_command("purge_registrations", stdout=again)
    assert again.getvalue().strip() == "Aucune inscription à anonymiser"
