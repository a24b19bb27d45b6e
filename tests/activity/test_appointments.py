"""Appointments: the free slots, booking and cancelling, attendance, reminders (e-mail and SMS), retention; the
inputs' messages."""

import datetime
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from conum.activity.appointments import services, slots, sms
from conum.activity.appointments.inputs import parse_absence, parse_booking, parse_rule
from conum.activity.enums import AppointmentStatus
from conum.activity.models import Appointment, AvailabilityException, Place
from conum.core.errors import RuleViolation
from conum.core.inputs import InvalidInput
from conum.core.models import Journal
from conum.territories.models import Commune
from tests.activity.appointment_builders import appointment_at, at, key, open_day, person, rule_on
from tests.activity.factories import PlaceFactory, WorkshopFactory
from tests.helpers import outcome, run_concurrently

pytestmark = pytest.mark.django_db


def _starts(found):
    return [timezone.localtime(slot.starts_at).strftime("%H:%M") for slot in found]


# ---- slots --------------------------------------------------------------------------------------------------


def test_a_rule_is_cut_in_whole_slots(hired_advisor, place):
    day = open_day()
    rule_on(hired_advisor, place, day, start=9, end=11, minutes=45)
    assert _starts(slots.offered(place, day, day)) == ["09:00", "09:45"]  # 10:30 + 45 min ends after 11:00
    assert all(slot.advisor_id == hired_advisor.pk for slot in slots.offered(place, day, day))
    # Other days of the week: nothing.
    assert slots.offered(place, day + datetime.timedelta(days=1), day + datetime.timedelta(days=1)) == []


def test_public_holidays_absences_bookings_and_workshops_take_slots_away(hired_advisor, place):
    bastille = datetime.date(2031, 7, 14)
    before = timezone.make_aware(datetime.datetime(2031, 7, 1, 8))
    rule_on(hired_advisor, place, bastille, valid_from=datetime.date(2031, 1, 1))
    assert slots.offered(place, bastille, bastille, now=before) == []
    week_after = bastille + datetime.timedelta(days=7)
    assert _starts(slots.offered(place, week_after, week_after, now=before)) == ["09:00", "09:45"]

    AvailabilityException.objects.create(
        advisor=hired_advisor, first_day=week_after, last_day=week_after, reason="conge"
    )
    assert slots.offered(place, week_after, week_after, now=before) == []

    two_weeks = week_after + datetime.timedelta(days=7)
    appointment_at(hired_advisor, place, at(two_weeks, 9))
    WorkshopFactory(advisor=hired_advisor, place=place, starts_at=at(two_weeks, 10), ends_at=at(two_weeks, 12))
    assert _starts(slots.offered(place, two_weeks, two_weeks, now=before)) == []  # 9:45–10:30 overlaps the workshop
    assert _starts(slots.offered(place, two_weeks, two_weeks, now=before, keep_busy=True)) == ["09:00", "09:45"]


def test_an_advisor_who_left_the_place_offers_nothing_there(hired_advisor, place):
    day = open_day()
    rule_on(hired_advisor, place, day)
    assert Place.objects.annotate(bookable=slots.bookable()).get().bookable
    place.advisors.clear()
    assert slots.offered(place, day, day) == []
    assert not Place.objects.annotate(bookable=slots.bookable()).get().bookable


def test_slot_keys_are_read_back_or_refused():
    moment = timezone.make_aware(datetime.datetime(2027, 3, 2, 14, 30))
    assert slots.parse_key("12-202703021430") == (12, moment)
    for wrong in ("", None, "12-2027030214", "x-202703021430", "12-202713021430", "12-202703021430-1"):
        assert slots.parse_key(wrong) is None


# ---- booking and cancelling ---------------------------------------------------------------------------------


def test_a_person_books_a_free_slot_then_cancels_it(hired_advisor, place, django_capture_on_commit_callbacks):
    day = open_day()
    rule_on(hired_advisor, place, day)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = services.book(place, key(hired_advisor, at(day, 9, 45)), person())
    assert (appointment.status, appointment.starts_at, appointment.ends_at) == (
        "booked",
        at(day, 9, 45),
        at(day, 10, 30),
    )
    assert appointment.themes == ["email"] and appointment.consent_at is not None
    confirmation, to_advisor = mail.outbox
    assert confirmation.to == ["jeanne@exemple.fr"] and "est confirmé" in confirmation.subject
    assert f"/aide-numerique/rendez-vous/{appointment.cancellation_token}/" in confirmation.body
    assert to_advisor.to == [hired_advisor.user.email] and "Jeanne" in to_advisor.body
    assert _starts(slots.offered(place, day, day)) == ["09:00"]
    entry = Journal.objects.get(action="activity.appointment_booked")
    assert "Jeanne" not in json.dumps([entry.before, entry.after, entry.object_repr])

    with pytest.raises(RuleViolation, match="vient d'être réservé"):
        services.book(place, key(hired_advisor, at(day, 9, 45)), person(first_name="Luc", email="luc@exemple.fr"))

    cancelled = services.cancel(appointment.cancellation_token)
    assert cancelled.status == AppointmentStatus.CANCELLED and not cancelled.already_cancelled
    assert services.cancel(appointment.cancellation_token).already_cancelled
    assert _starts(slots.offered(place, day, day)) == ["09:00", "09:45"]
    # The freed slot is booked again (the unique constraint ignores cancelled appointments).
    services.book(place, key(hired_advisor, at(day, 9, 45)), person(first_name="Luc", email="luc@exemple.fr"))
    assert Appointment.objects.exclude(status="cancelled").count() == 1


def test_a_slot_not_offered_is_refused(hired_advisor, other_advisor, place):
    day = open_day()
    rule_on(hired_advisor, place, day)
    for wrong in (
        key(hired_advisor, at(day, 9, 30)),  # not a slot's start
        key(hired_advisor, at(day + datetime.timedelta(days=1), 9)),  # another day
        key(other_advisor, at(day, 9)),  # an advisor without availability there
        "999999-209901010900",
        "nonsense",
    ):
        with pytest.raises(RuleViolation, match="n'est plus proposé"):
            services.book(place, wrong, person())
    assert not Appointment.objects.exists()


def test_cancelling_is_refused_once_started_and_for_an_unknown_link(hired_advisor, place):
    past = appointment_at(hired_advisor, place, timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(RuleViolation, match="déjà commencé"):
        services.cancel(past.cancellation_token)
    for token in ("", "inconnu"):
        with pytest.raises(RuleViolation, match="n'est pas valide"):
            services.cancel(token)
    assert Appointment.objects.get().status == "booked"


@pytest.mark.django_db(transaction=True)
def test_twenty_people_booking_one_slot_at_once_one_gets_it(hired_advisor, place):
    """At once on PostgreSQL (the advisor's row lock, then the unique constraint); one after the other on SQLite."""
    day = open_day()
    rule_on(hired_advisor, place, day)
    slot = key(hired_advisor, at(day, 9))
    calls = [
        lambda n=n: services.book(place, slot, person(first_name=f"P{n}", email=f"p{n}@exemple.fr")) for n in range(20)
    ]
    if connection.vendor == "postgresql":
        outcomes = run_concurrently(*calls)
    else:
        outcomes = sorted(outcome(call) for call in calls)
    assert outcomes == ["refused"] * 19 + ["saved"]
    assert Appointment.objects.filter(starts_at=at(day, 9)).count() == 1
    # What the others were told, in plain words.
    with pytest.raises(RuleViolation) as refusal:
        services.book(place, slot, person(first_name="Tard", email="tard@exemple.fr"))
    assert str(refusal.value) == "Ce créneau vient d'être réservé par une autre personne : choisissez-en un autre."


# ---- attendance ---------------------------------------------------------------------------------------------


def test_attendance_is_noted_by_the_advisor_once_started(advisor, hired_advisor, other_advisor, place):
    soon = appointment_at(hired_advisor, place, timezone.now() + datetime.timedelta(hours=3))
    with pytest.raises(RuleViolation, match="à partir de l'heure du rendez-vous"):
        services.mark(soon, advisor, "attended")
    started = appointment_at(hired_advisor, place, timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(RuleViolation, match="n'est pas le vôtre"):
        services.mark(started, other_advisor.user, "attended")
    with pytest.raises(RuleViolation):
        services.mark(started, advisor, "booked")
    assert services.mark(started, advisor, "attended").status == "attended"
    assert Journal.objects.filter(action="activity.appointment_marked").count() == 1
    assert services.mark(started, advisor, "absent").status == "absent"
    started.status = "cancelled"
    started.save()
    with pytest.raises(RuleViolation, match="annulé"):
        services.mark(started, advisor, "attended")


# ---- reminders, SMS, retention ------------------------------------------------------------------------------


class _Provider(BaseHTTPRequestHandler):
    """A local SMS gateway: records each JSON body, answers with the status the test set."""

    received: list = []
    status = 201

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append({"body": json.loads(body), "auth": self.headers.get("Authorization")})
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "msg-1", "status": "queued"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def sms_gateway(settings):
    _Provider.received, _Provider.status = [], 201
    server = HTTPServer(("127.0.0.1", 0), _Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_PROVIDER_URL = f"http://127.0.0.1:{server.server_port}/sms"
    settings.SMS_PROVIDER_TOKEN = "secret"
    yield _Provider
    server.shutdown()
    server.server_close()


def test_reminders_go_the_day_before_once_by_email_and_sms(
    hired_advisor, place, sms_gateway, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    due = appointment_at(hired_advisor, place, at(tomorrow, 10), phone="+33612345678")
    appointment_at(hired_advisor, place, at(tomorrow + datetime.timedelta(days=3), 10))  # later: not yet
    appointment_at(hired_advisor, place, at(tomorrow, 14), status="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == (1, 1)
    (reminder,) = mail.outbox
    assert reminder.to == ["paul@exemple.fr"] and reminder.subject.startswith("Rappel : rendez-vous le")
    (sent,) = sms_gateway.received
    assert sent["auth"] == "Bearer secret"
    assert sent["body"]["to"] == "+33612345678" and due.cancellation_token in sent["body"]["text"]
    assert services.send_due_reminders() == (0, 0)  # idempotent


def test_sms_is_off_by_default_and_a_failing_provider_changes_nothing(settings, sms_gateway):
    sms_gateway.status = 500
    assert sms.send("+33612345678", "Bonjour") is False
    settings.SMS_PROVIDER_URL = ""
    assert not sms.enabled() and sms.send("+33612345678", "Bonjour") is False
    assert len(sms_gateway.received) == 1
    settings.SMS_PROVIDER_URL = "http://127.0.0.1:9/sms"  # nobody listens
    assert sms.send("+33612345678", "Bonjour") is False


def test_personal_data_is_erased_three_months_after(hired_advisor, place):
    old = appointment_at(hired_advisor, place, timezone.now() - datetime.timedelta(days=120), need="Mes impôts")
    recent = appointment_at(hired_advisor, place, timezone.now() - datetime.timedelta(days=10))
    assert services.anonymise_past() == 1
    old.refresh_from_db()
    assert (old.first_name, old.email, old.phone, old.need, old.themes) == ("Anonyme", "", "", "", ["email"])
    recent.refresh_from_db()
    assert recent.first_name == "Paul"
    assert services.anonymise_past() == 0


# ---- inputs -------------------------------------------------------------------------------------------------


def _booking_errors(**data):
    values = {"first_name": "Jeanne", "email": "jeanne@exemple.fr", "themes": ["email"], "consent": True} | data
    with pytest.raises(InvalidInput) as refusal:
        parse_booking({k: v for k, v in values.items() if v is not None})
    return refusal.value.errors


def test_booking_inputs_say_what_to_fix():
    assert parse_booking({"first_name": " Jeanne ", "phone": "06 12 34 56 78", "need": "Mes impôts", "consent": True})
    assert _booking_errors(first_name="")["first_name"] == ["Indiquez votre prénom."]
    assert "e-mail ou un numéro de téléphone" in _booking_errors(email="")["email"][0]
    assert "n'est pas valide" in _booking_errors(email="jeanne@")["email"][0]
    assert _booking_errors(phone="12")["phone"]
    assert "au moins un sujet" in _booking_errors(themes=[])["themes"][0]
    assert "valeur inconnue" in _booking_errors(themes=["nope"])["themes"][0]
    assert "300 au plus" in _booking_errors(need="x" * 301)["need"][0]
    assert "non imprimables" in _booking_errors(first_name="Je\x01anne")["first_name"][0]
    assert "Cochez la case" in _booking_errors(consent=False)["consent"][0]
    assert "inconnu" in _booking_errors(admin=True)[None][0]


def test_rule_and_absence_inputs_say_what_to_fix(hired_advisor, other_advisor, place):
    good = {"place": place.pk, "weekday": "1", "start_time": "09:00", "end_time": "12:00", "slot_minutes": "30"}
    assert parse_rule(good, advisor=hired_advisor).valid_from == timezone.localdate()
    for changes, key_, words in (
        ({"end_time": "08:00"}, "end_time", "après l'heure de début"),
        ({"end_time": "09:20"}, "end_time", "ne tient pas"),
        ({"slot_minutes": "7"}, "slot_minutes", "dans la liste"),
        ({"weekday": "9"}, "weekday", "jour de la semaine"),
        ({"start_time": "25:00"}, "start_time", "heure valide"),
        ({"valid_from": "2027-05-01", "valid_until": "2027-04-01"}, "valid_until", "après son début"),
    ):
        with pytest.raises(InvalidInput) as refusal:
            parse_rule(good | changes, advisor=hired_advisor)
        assert words in refusal.value.errors[key_][0]
    with pytest.raises(InvalidInput) as refusal:
        parse_rule(good, advisor=other_advisor)
    assert refusal.value.errors["place"] == ["Choisissez un de vos lieux d'activité."]
    assert parse_absence(
        {"first_day": "2027-05-03", "reason": "conge"}, advisor=hired_advisor
    ).last_day == datetime.date(2027, 5, 3)
    with pytest.raises(InvalidInput) as refusal:
        parse_absence(
            {"first_day": "2027-05-03", "last_day": "2027-05-01", "reason": "vacances"}, advisor=hired_advisor
        )
    assert set(refusal.value.errors) == {"last_day", "reason"}


def test_an_overseas_place_offers_its_slots_on_its_own_clock(hired_advisor):
    Commune.objects.create(
        code="97411", name="Saint-Denis", search_name="saint-denis", departement_id="974", postal_codes="97400",
        latitude=-20.8823, longitude=55.4504,
    )  # fmt: skip
    reunion = PlaceFactory(
        structure=hired_advisor.structure, advisors=[hired_advisor], commune_id="97411", postal_code="97400"
    )
    day = datetime.date(2031, 12, 2)  # a Tuesday, without a public holiday there
    before = timezone.make_aware(datetime.datetime(2031, 11, 20, 8))
    rule_on(hired_advisor, reunion, day, valid_from=datetime.date(2031, 1, 1))
    first, _ = slots.offered(reunion, day, day, now=before)
    assert first.starts_at == datetime.datetime(2031, 12, 2, 5, tzinfo=datetime.UTC)  # 9:00 at Saint-Denis (UTC+4)
    assert first.key.endswith("-203112020900")
    assert slots.parse_key(first.key, reunion.time_zone)[1] == first.starts_at
    # 20 December: the abolition of slavery, a public holiday of La Réunion only.
    abolition = datetime.date(2032, 12, 20)
    rule_on(hired_advisor, reunion, abolition, valid_from=datetime.date(2031, 1, 1))
    assert slots.offered(reunion, abolition, abolition, now=before) == []


def test_the_daily_commands_say_what_they_did(hired_advisor, place):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    appointment_at(hired_advisor, place, at(tomorrow, 10))
    appointment_at(hired_advisor, place, timezone.now() - datetime.timedelta(days=120))
    out = io.StringIO()
    call_command("send_appointment_reminders", stdout=out)
    call_command("send_appointment_reminders", stdout=out)
    call_command("purge_appointments", stdout=out)
    call_command("purge_appointments", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 rappel de rendez-vous envoyé par e-mail, 0 SMS envoyé.",
        "Aucun rappel de rendez-vous à envoyer.",
        "1 rendez-vous anonymisé",
        "Aucun rendez-vous à anonymiser",
    ]
