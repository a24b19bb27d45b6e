"""The weekly reminder of reports owed: advisors (past sessions and attended appointments without a report, the
to-do's queries), coordinators (their team), once per account and week; the national table of advisors without
a report last month."""

import datetime
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from conum.activity import reminders
from conum.activity.enums import AppointmentStatus
from conum.activity.models import Appointment, ReportReminder
from conum.activity.worklist import advisor_worklist
from conum.core.dates import month_start
from tests.activity.builders import individual_data, save_report, workshop_data
from tests.activity.factories import WorkshopFactory
from tests.helpers import page_text
from tests.recruitment.hiring import in_post


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def past_session(advisor, place, days, title):
    start = timezone.now() - timedelta(days=days)
    return WorkshopFactory(
        advisor=advisor, place=place, title=title, starts_at=start, ends_at=start + timedelta(hours=2),
        registration_opens_at=start - timedelta(days=7), registration_closes_at=start - timedelta(hours=1),
    )  # fmt: skip


def attended_appointment(advisor, place, days):
    start = timezone.now() - timedelta(days=days)
    return Appointment.objects.create(
        advisor=advisor, place=place, starts_at=start, ends_at=start + timedelta(minutes=30), first_name="Léon",
        status=AppointmentStatus.ATTENDED, consent_at=start,
    )  # fmt: skip


@pytest.fixture
def owed(hired_advisor, advisor, place):
    """Two sessions without report, one reported, one attended appointment without report."""
    past_session(hired_advisor, place, 3, "Découvrir la messagerie")
    past_session(hired_advisor, place, 10, "Les démarches en ligne")
    done = past_session(hired_advisor, place, 5, "Atelier déjà saisi")
    save_report(hired_advisor, advisor, workshop_data(place, workshop=done.pk, date=timezone.localdate(done.starts_at)))
    attended_appointment(hired_advisor, place, 2)
    return hired_advisor


def test_an_advisor_gets_the_list_once_a_week(commit, capsys, owed, advisor):
    with commit():
        call_command("send_report_reminders")
    assert capsys.readouterr().out.strip() == "1 conseiller prévenu, 0 coordinateur prévenu."
    [message] = mail.outbox
    assert message.to == [advisor.email] and message.subject == "Vos comptes rendus à saisir (3)"
    assert "Découvrir la messagerie" in message.body and "Les démarches en ligne" in message.body
    assert "Atelier déjà saisi" not in message.body and "Rendez-vous :" in message.body
    with commit():
        call_command("send_report_reminders")
    assert capsys.readouterr().out.strip() == "Aucun rappel à envoyer cette semaine."
    assert len(mail.outbox) == 1
    with commit():
        assert reminders.send_reminders(timezone.now() + timedelta(days=7)) == (1, 0)
    assert len(mail.outbox) == 2 and ReportReminder.objects.count() == 2


def test_nothing_owed_nothing_sent(commit, hired_advisor, advisor, place):
    past_session(hired_advisor, place, 30, "Annulé").__class__.objects.update(cancelled_at=timezone.now())
    with commit():
        assert reminders.send_reminders() == (0, 0)
    assert mail.outbox == []


def test_the_todo_counts_the_same_sessions(owed, advisor):
    items = {item.label: item.count for item in advisor_worklist(advisor)}
    assert items["Séances passées sans compte rendu"] == 2
    assert items["Rendez-vous sans compte rendu"] == 1
    debt = reminders.owed(timezone.now())[owed.pk]
    assert (len(debt.sessions), len(debt.appointments)) == (2, 1)


def test_a_coordinator_gets_the_team_list(commit, owed, coordinator, limoges_application, structure_manager,
                                          national_staff):  # fmt: skip
    quiet = in_post(limoges_application, structure_manager, national_staff, email="calme@exemple.fr")
    for advisor in (owed, quiet):
        advisor.coordinator = coordinator
        advisor.save()
    with commit():
        assert reminders.send_reminders() == (1, 1)
    [team] = [message for message in mail.outbox if message.to == [coordinator.email]]
    assert f"{owed.full_name} : 2 ateliers, 1 rendez-vous" in team.body
    assert quiet.full_name not in team.body
    with commit():
        assert reminders.send_reminders() == (0, 0)


def test_national_table_gives_the_share_of_advisors_without_report_last_month(
    client, national_staff, hired_advisor, advisor, place, limoges_application, structure_manager
):
    silent = in_post(limoges_application, structure_manager, national_staff, email="silence@exemple.fr")
    last_month = month_start(timezone.localdate(), -1) + datetime.timedelta(days=3)
    save_report(hired_advisor, advisor, individual_data(place, date=last_month))
    save_report(hired_advisor, advisor, individual_data(place))  # this month: does not count
    assert silent.hired_on <= last_month
    client.force_login(national_staff)
    assert "/pilotage/comptes-rendus/" in page_text(client.get("/pilotage/"))
    text = page_text(client.get("/pilotage/comptes-rendus/?tri=part&ordre=desc"))
    assert "Conseillers sans compte rendu en" in text
    row = text
    row = row[row.index("Haute-Vienne (87)") : row.index("</tr>", row.index("Haute-Vienne (87)"))]
    assert re.findall(r"<td>([^<]*)</td>", row) == ["2", "1", "50\xa0%"]


def test_national_table_costs_the_same_queries_for_more_advisors(
    hired_advisor, limoges_application, structure_manager, national_staff, django_assert_num_queries
):
    from conum.steering.deployment.reporting import silent_advisors

    with django_assert_num_queries(2):
        rows = {row.code: row for row in silent_advisors(timezone.localdate())}
    assert (rows["87"].in_post, rows["87"].silent, rows["23"].in_post, rows["23"].share) == (1, 1, 0, None)
    in_post(limoges_application, structure_manager, national_staff, email="autre@exemple.fr")
    with django_assert_num_queries(2):
        assert {row.code: row for row in silent_advisors(timezone.localdate())}["87"].in_post == 2
