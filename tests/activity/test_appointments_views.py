"""Appointment pages: who opens them, the advisor's agenda, availability, attendance and the prefilled report; the
citizen's booking without an account (slots, form, confirmation, calendar file, cancellation, anti-abuse)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from conum.activity.appointments import slots
from conum.activity.beneficiaries import services as files
from conum.activity.beneficiaries.inputs import BeneficiaryInput
from conum.activity.enums import AppointmentStatus
from conum.activity.models import ActivityReport, Appointment, AvailabilityException, AvailabilityRule, Beneficiary
from conum.core.models import Journal
from tests.activity.appointment_builders import appointment_at, at, key, open_day, rule_on
from tests.activity.factories import PlaceFactory, WorkshopFactory
from tests.helpers import PERSONAS, page_text, statuses_by_persona

pytestmark = pytest.mark.django_db


def expect(default, **overrides):
    return dict.fromkeys(PERSONAS, default) | overrides


VIEWERS = expect(403, anonymous=302, advisor=200, structure_manager=200, other_structure_manager=200)
ADVISOR_ONLY = expect(403, anonymous=302, advisor=200)
MATRIX = [
    ("/activite/agenda/", VIEWERS),
    ("/activite/agenda/?semaine=2027-02-10", VIEWERS),
    ("/activite/agenda/disponibilites/", ADVISOR_ONLY),
    ("/activite/agenda/disponibilites/{rule}/retirer/", ADVISOR_ONLY | {"advisor": 405}),
    ("/activite/agenda/absences/{absence}/retirer/", ADVISOR_ONLY | {"advisor": 405}),
    ("/activite/agenda/rendez-vous/{pk}/", VIEWERS | {"other_structure_manager": 404}),
    ("/activite/agenda/rendez-vous/{pk}/venue/", ADVISOR_ONLY | {"advisor": 405}),
    ("/activite/agenda/rendez-vous/{pk}/dossier/", ADVISOR_ONLY | {"advisor": 405}),
    ("/activite/agenda/rendez-vous/{pk}/annuler/", ADVISOR_ONLY | {"advisor": 405}),
    ("/aide-numerique/lieux/{place}/rendez-vous/", expect(200)),
    ("/aide-numerique/rendez-vous/{token}/", expect(200)),
    ("/aide-numerique/rendez-vous/{token}/rendez-vous.ics", expect(200)),
]


@pytest.fixture
def day():
    return open_day()


@pytest.fixture
def rule(hired_advisor, place, day):
    return rule_on(hired_advisor, place, day)


@pytest.fixture
def absence(hired_advisor, day):
    later = day + datetime.timedelta(days=30)
    return AvailabilityException.objects.create(advisor=hired_advisor, first_day=later, last_day=later, reason="conge")


@pytest.fixture
def past(hired_advisor, place):
    """An appointment that started an hour ago, about e-mails and smartphones."""
    starts = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    return appointment_at(hired_advisor, place, starts, themes=["email", "prendre_en_main_du_materiel"])


def _url(template, rule, absence, past):
    return template.format(
        rule=rule.pk, absence=absence.pk, pk=past.pk, place=past.place_id, token=past.cancellation_token
    )


@pytest.mark.parametrize("url, expected", MATRIX, ids=[url for url, _ in MATRIX])
def test_appointments_permission_matrix(client, request, rule, absence, past, url, expected):
    assert statuses_by_persona(client, request, _url(url, rule, absence, past)) == expected


def test_another_structures_advisor_gets_404_and_changes_nothing(
    client, other_advisor, hired_advisor, rule, absence, past
):
    client.force_login(other_advisor.user)
    assert client.get(f"/activite/agenda/rendez-vous/{past.pk}/").status_code == 404
    assert client.post(f"/activite/agenda/rendez-vous/{past.pk}/venue/", {"status": "attended"}).status_code == 404
    assert client.post(f"/activite/agenda/rendez-vous/{past.pk}/annuler/").status_code == 404
    assert client.post(f"/activite/agenda/rendez-vous/{past.pk}/dossier/", {"dossier": 1}).status_code == 404
    assert client.get(f"/activite/agenda/?conseiller={hired_advisor.pk}").status_code == 404
    assert client.post(f"/activite/agenda/disponibilites/{rule.pk}/retirer/").status_code == 404
    assert client.post(f"/activite/agenda/absences/{absence.pk}/retirer/").status_code == 404
    assert client.get(f"/activite/comptes-rendus/nouveau/?rendez_vous={past.pk}").status_code == 404
    assert Appointment.objects.get(pk=past.pk).status == "booked"
    assert AvailabilityRule.objects.count() == AvailabilityException.objects.count() == 1


def test_the_other_structure_manager_cannot_pick_the_advisor(client, other_structure_manager, hired_advisor):
    client.force_login(other_structure_manager)
    assert client.get(f"/activite/agenda/?conseiller={hired_advisor.pk}").status_code == 404
    assert client.get("/activite/agenda/?conseiller=abc").status_code == 404


# ---- the advisor ---------------------------------------------------------------------------------------------


def test_the_agenda_shows_the_weeks_workshops_and_appointments(client, advisor, hired_advisor, place, day):
    WorkshopFactory(
        advisor=hired_advisor, place=place, title="Premiers pas", starts_at=at(day, 14), ends_at=at(day, 16)
    )
    appointment_at(hired_advisor, place, at(day, 10), first_name="Odile")
    appointment_at(hired_advisor, place, at(day, 11), first_name="Annulée", status="cancelled")
    client.force_login(advisor)
    monday = day - datetime.timedelta(days=day.weekday())
    text = page_text(client.get(f"/activite/agenda/?semaine={day:%Y-%m-%d}"))
    assert "Rendez-vous : Odile" in text and "Atelier : Premiers pas" in text and "Annulée" not in text
    assert text.index("Rendez-vous : Odile") < text.index("Atelier : Premiers pas")  # by time
    assert f"?semaine={monday - datetime.timedelta(days=7):%Y-%m-%d}" in text
    assert f"?semaine={monday + datetime.timedelta(days=7):%Y-%m-%d}" in text
    following = page_text(client.get(f"/activite/agenda/?semaine={monday + datetime.timedelta(days=7):%Y-%m-%d}"))
    assert "Odile" not in following
    assert client.get("/activite/agenda/?semaine=2027-13-45").status_code == 200  # a wrong week: this week


def test_the_agenda_costs_the_same_queries_for_one_or_forty_entries(
    client, advisor, hired_advisor, place, day, django_assert_max_num_queries
):
    client.force_login(advisor)
    url = f"/activite/agenda/?semaine={day:%Y-%m-%d}"
    appointment_at(hired_advisor, place, at(day, 8))
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for n in range(20):
        appointment_at(hired_advisor, place, at(day, 8) + datetime.timedelta(minutes=15 * (n + 1)), minutes=15)
        WorkshopFactory(advisor=hired_advisor, place=place, starts_at=at(day, 13), ends_at=at(day, 14))
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


def test_the_structure_manager_reads_its_advisors_agenda(client, structure_manager, hired_advisor, place, day):
    appointment_at(hired_advisor, place, at(day, 10), first_name="Odile")
    client.force_login(structure_manager)
    response = client.get(f"/activite/agenda/?semaine={day:%Y-%m-%d}")
    assert "Rendez-vous : Odile" in page_text(response)
    assert "Venu(e)" not in page_text(client.get(f"/activite/agenda/rendez-vous/{Appointment.objects.get().pk}/"))


def test_availability_and_absences_are_added_and_removed(client, advisor, hired_advisor, place):
    client.force_login(advisor)
    data = {
        "formulaire": "disponibilite",
        "place": place.pk,
        "weekday": "1",
        "start_time": "14:00",
        "end_time": "17:00",
        "slot_minutes": "60",
    }
    response = client.post("/activite/agenda/disponibilites/", data, follow=True)
    assert "Disponibilité ajoutée : le mardi de 14:00 à 17:00" in page_text(response)
    rule = AvailabilityRule.objects.get()
    assert (rule.advisor, rule.place, rule.weekday, rule.slot_minutes) == (hired_advisor, place, 1, 60)
    response = client.post(
        "/activite/agenda/disponibilites/",
        {"formulaire": "absence", "first_day": "2027-08-02", "last_day": "2027-08-20", "reason": "conge"},
        follow=True,
    )
    assert "Absence enregistrée" in page_text(response)
    absence = AvailabilityException.objects.get()
    assert (absence.first_day, absence.last_day, absence.place) == (
        datetime.date(2027, 8, 2),
        datetime.date(2027, 8, 20),
        None,
    )
    client.post(f"/activite/agenda/disponibilites/{rule.pk}/retirer/")
    client.post(f"/activite/agenda/absences/{absence.pk}/retirer/")
    assert not AvailabilityRule.objects.exists() and not AvailabilityException.objects.exists()
    actions = set(Journal.objects.values_list("action", flat=True))
    assert {"activity.availability_added", "activity.availability_removed", "activity.absence_added"} <= actions


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"end_time": "13:00"}, "L'heure de fin vient après l'heure de début."),
        ({"end_time": "14:30"}, "un rendez-vous de 60 minutes ne tient pas"),
        ({"slot_minutes": "0"}, "Choisissez la durée d'un rendez-vous dans la liste."),
        ({"place": "999999"}, "Choisissez un de vos lieux d'activité."),
        ({"weekday": "8"}, "Choisissez un jour de la semaine."),
        ({"start_time": "midi"}, "Indiquez une heure valide"),
        ({"valid_from": "2027-02-30"}, "date valide"),
    ],
)
def test_a_wrong_availability_says_what_to_fix(client, advisor, place, changes, message):
    client.force_login(advisor)
    data = {
        "formulaire": "disponibilite",
        "place": place.pk,
        "weekday": "1",
        "start_time": "14:00",
        "end_time": "17:00",
        "slot_minutes": "60",
    }
    response = client.post("/activite/agenda/disponibilites/", data | changes)
    assert response.status_code == 400
    assert message in page_text(response)
    assert not AvailabilityRule.objects.exists()


def test_the_advisor_marks_attended_then_completes_the_prefilled_report(client, advisor, place, past):
    client.force_login(advisor)
    page = page_text(client.get(f"/activite/agenda/rendez-vous/{past.pk}/"))
    assert "Compléter le compte rendu" in page and "paul@exemple.fr" in page
    response = client.post(f"/activite/agenda/rendez-vous/{past.pk}/venue/", {"status": "attended"}, follow=True)
    assert "C'est noté : Paul est venu(e)." in page_text(response)
    assert Appointment.objects.get(pk=past.pk).status == AppointmentStatus.ATTENDED
    assert client.post(f"/activite/agenda/rendez-vous/{past.pk}/venue/", {"status": "x"}).status_code == 302
    assert Appointment.objects.get(pk=past.pk).status == AppointmentStatus.ATTENDED

    form = client.get(f"/activite/comptes-rendus/nouveau/?rendez_vous={past.pk}").context["form"]
    local_start = timezone.localtime(past.starts_at)
    assert form.initial["date"] == local_start.date()
    assert (form.initial["location"], form.initial["place"]) == ("lieu_activite", place.pk)
    assert form.initial["duration"] == "45"
    assert form.initial["themes"] == ["email", "prendre_en_main_du_materiel"]
    data = {
        "date": f"{local_start.date():%Y-%m-%d}",
        "location": "lieu_activite",
        "place": place.pk,
        "duration": "45",
        "themes": ["email"],
        "age": "60_69",
        "status": "retraite",
        "returning": "0",
    }
    response = client.post(f"/activite/comptes-rendus/nouveau/?rendez_vous={past.pk}", data)
    report = ActivityReport.objects.get()
    assert response.status_code == 302, page_text(response)
    assert response.url == f"/activite/agenda/rendez-vous/{past.pk}/"
    assert Appointment.objects.get(pk=past.pk).report == report and report.kind == "individuel"
    # Once reported, the link leads to the report.
    again = client.get(f"/activite/comptes-rendus/nouveau/?rendez_vous={past.pk}")
    assert again.url == f"/activite/comptes-rendus/{report.pk}/"


def test_the_report_of_an_appointment_files_it_with_the_person(client, advisor, place, past):
    """Reported with a new file (the person agreed), the appointment joins that file: its page lists the
    appointment, and the appointment's report form offers that file first."""
    client.force_login(advisor)
    client.post(f"/activite/agenda/rendez-vous/{past.pk}/venue/", {"status": "attended"})
    day = timezone.localtime(past.starts_at).date()
    data = {
        "date": f"{day:%Y-%m-%d}", "location": "lieu_activite", "place": place.pk, "duration": "45",
        "themes": ["email"], "age": "60_69", "status": "retraite", "returning": "0",
        "beneficiary": "nouveau", "beneficiary_name": "Paul", "beneficiary_consent": "on",
    }  # fmt: skip
    response = client.post(f"/activite/comptes-rendus/nouveau/?rendez_vous={past.pk}", data)
    assert response.status_code == 302, page_text(response)
    report = ActivityReport.objects.get()
    appointment = Appointment.objects.get(pk=past.pk)
    assert report.beneficiary is not None and appointment.beneficiary == report.beneficiary
    file_page = client.get(f"/activite/personnes/{report.beneficiary_id}/")
    assert file_page.status_code == 200
    assert "Aucun rendez-vous relié" not in page_text(file_page) and f"{place.name}, avec" in page_text(file_page)
    ActivityReport.objects.filter(pk=report.pk).update(deleted_at=timezone.now())  # written again: same file offered
    form = client.get(f"/activite/comptes-rendus/nouveau/?rendez_vous={past.pk}").context["form"]
    assert str(form.initial["beneficiary"]) == str(report.beneficiary_id)


def test_the_next_appointment_of_a_person_on_file_shows_their_history(client, advisor, hired_advisor, place, past):
    """Reported with a new file, the person books again with the same e-mail: the new appointment's page offers
    that file; once linked, it shows the history and the report form offers the file first."""
    client.force_login(advisor)
    client.post(f"/activite/agenda/rendez-vous/{past.pk}/venue/", {"status": "attended"})
    day = timezone.localtime(past.starts_at).date()
    data = {
        "date": f"{day:%Y-%m-%d}", "location": "lieu_activite", "place": place.pk, "duration": "45",
        "themes": ["email"], "age": "60_69", "status": "retraite", "returning": "0",
        "beneficiary": "nouveau", "beneficiary_name": "Paul", "beneficiary_consent": "on",
    }  # fmt: skip
    client.post(f"/activite/comptes-rendus/nouveau/?rendez_vous={past.pk}", data)
    paul = Beneficiary.objects.get()
    later = appointment_at(hired_advisor, place, at(open_day(), 10), email=past.email.upper())
    url = f"/activite/agenda/rendez-vous/{later.pk}/"

    page = page_text(client.get(url))
    assert "Le contact donné en réservant correspond à un dossier" in page and f"Paul (dossier n° {paul.pk})" in page
    response = client.post(f"{url}dossier/", {"dossier": paul.pk}, follow=True)
    assert "Rendez-vous relié au dossier de Paul." in page_text(response)
    page = page_text(response)
    assert f"{day:%d/%m/%Y}" in page and "Voir tout le dossier (1 accompagnement)" in page
    assert Appointment.objects.get(pk=later.pk).beneficiary == paul
    entry = Journal.objects.filter(action="activity.appointment_filed").get()
    assert "Paul" not in str(entry.after) and past.email not in str(entry.__dict__)
    # Days later, the report of this appointment offers Paul's file first.
    an_hour_later = past.starts_at + datetime.timedelta(minutes=50)
    Appointment.objects.filter(pk=later.pk).update(
        starts_at=an_hour_later, ends_at=an_hour_later + datetime.timedelta(minutes=45)
    )
    form = client.get(f"/activite/comptes-rendus/nouveau/?rendez_vous={later.pk}").context["form"]
    assert form.initial["beneficiary"] == str(paul.pk)

    # A mistake is undone; the file of an unrelated contact is not offered.
    client.post(f"{url}dossier/", {"retirer": "1"})
    assert Appointment.objects.get(pk=later.pk).beneficiary is None
    stranger = appointment_at(hired_advisor, place, at(open_day(), 11), email="autre@exemple.fr", phone="")
    assert "Le contact donné en réservant" not in page_text(client.get(f"/activite/agenda/rendez-vous/{stranger.pk}/"))


@pytest.mark.parametrize("sent", [{"dossier": "abc"}, {"dossier": "99999999"}, {}, {"dossier": "-1"}])
def test_a_wrong_or_foreign_file_is_refused_and_links_nothing(client, advisor, past, other_advisor, sent):
    foreign = files.create_beneficiary(other_advisor, other_advisor.user, BeneficiaryInput("Autre"))
    client.force_login(advisor)
    for data in (sent, {"dossier": foreign.pk}):
        response = client.post(f"/activite/agenda/rendez-vous/{past.pk}/dossier/", data, follow=True)
        assert response.status_code == 200
        page = page_text(response)
        assert "Choisissez un des dossiers proposés." in page or "pas celui d'une personne accompagnée" in page
    assert Appointment.objects.get(pk=past.pk).beneficiary is None


def test_the_advisor_cancels_a_coming_appointment_and_the_person_is_told(
    client, advisor, hired_advisor, place, rule, day, past, django_capture_on_commit_callbacks
):
    coming = appointment_at(hired_advisor, place, at(day, 9))
    client.force_login(advisor)
    url = f"/activite/agenda/rendez-vous/{coming.pk}/"
    assert "Annuler le rendez-vous" in page_text(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}annuler/", follow=True)
        client.post(f"{url}annuler/")  # sent twice: one e-mail
    assert "Rendez-vous annulé : le créneau est de nouveau libre ; Paul est prévenu(e) par e-mail." in page_text(
        response
    )
    assert Appointment.objects.get(pk=coming.pk).status == AppointmentStatus.CANCELLED
    (message,) = mail.outbox
    assert message.to == [coming.email] and "est annulé" in message.subject
    assert f"/aide-numerique/lieux/{place.pk}/" in message.body
    assert any(slot.starts_at == coming.starts_at for slot in slots.offered(place, day, day))
    # One that has started is noted, not cancelled.
    response = client.post(f"/activite/agenda/rendez-vous/{past.pk}/annuler/", follow=True)
    assert "Le rendez-vous a commencé" in page_text(response)
    assert Appointment.objects.get(pk=past.pk).status == AppointmentStatus.BOOKED


# ---- the citizen ---------------------------------------------------------------------------------------------


def test_a_place_with_availability_offers_appointments_in_its_page_and_in_the_search(client, place, rule, day):
    PlaceFactory(name="Sans rendez-vous")
    assert "Prendre rendez-vous" in page_text(client.get(f"/aide-numerique/lieux/{place.pk}/"))
    results = page_text(client.get("/aide-numerique/?commune=87000&commune_choix=87085&distance=20"))
    assert results.count("Prendre rendez-vous") == 1
    slots_page = page_text(client.get(f"/aide-numerique/lieux/{place.pk}/rendez-vous/"))
    assert f"?creneau={key(rule.advisor, at(day, 9))}" in slots_page
    assert f"?creneau={key(rule.advisor, at(day, 9, 45))}" in slots_page


def _book(client, place, slot, **changes):
    data = {
        "creneau": slot,
        "first_name": "Jeanne",
        "email": "jeanne@exemple.fr",
        "themes": ["email"],
        "need": "Créer une adresse",
        "consent": "on",
    }
    return client.post(f"/aide-numerique/lieux/{place.pk}/rendez-vous/", data | changes)


def test_a_person_books_gets_the_email_and_cancels_from_the_page(
    client, place, rule, day, django_capture_on_commit_callbacks
):
    slot = key(rule.advisor, at(day, 9))
    form_page = client.get(f"/aide-numerique/lieux/{place.pk}/rendez-vous/?creneau={slot}")
    assert "Confirmer le rendez-vous" in page_text(form_page)
    with django_capture_on_commit_callbacks(execute=True):
        response = _book(client, place, slot)
    appointment = Appointment.objects.get()
    assert response.url == f"/aide-numerique/rendez-vous/{appointment.cancellation_token}/"
    assert "Votre rendez-vous est confirmé" in page_text(client.get(response.url))
    assert any(message.to == ["jeanne@exemple.fr"] for message in mail.outbox)
    ics = client.get(f"{response.url}rendez-vous.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    assert f"{timezone.localtime(appointment.starts_at).astimezone(datetime.UTC):%Y%m%dT%H%M}".encode() in ics.content

    # The slot is gone for the next person, who is told plainly.
    late = _book(client, place, slot, first_name="Luc", email="luc@exemple.fr")
    assert late.status_code == 409
    assert "Ce créneau vient d'être réservé par une autre personne" in page_text(late)

    cancelled = client.post(response.url, follow=True)
    assert "Votre rendez-vous est annulé" in page_text(cancelled)
    assert Appointment.objects.get().status == "cancelled"
    assert f"?creneau={slot}" in page_text(client.get(f"/aide-numerique/lieux/{place.pk}/rendez-vous/"))


def test_bad_booking_input_robots_and_floods_book_nothing(client, place, rule, day, settings):
    slot = key(rule.advisor, at(day, 9))
    response = _book(client, place, slot, email="", phone="")
    assert response.status_code == 400
    assert "Indiquez une adresse e-mail ou un numéro de téléphone" in page_text(response)
    response = _book(client, place, slot, consent="")
    assert "Cochez la case d'accord" in page_text(response)
    response = _book(client, place, slot, website="http://spam.example")
    assert "Réessayez sans remplir le dernier champ" in page_text(response)
    assert client.get(f"/aide-numerique/lieux/{place.pk}/rendez-vous/?creneau=12-209901010900").status_code == 200
    assert not Appointment.objects.exists()
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    assert _book(client, place, slot).status_code == 429
    assert not Appointment.objects.exists()


def test_the_same_form_sent_twice_books_once(client, place, rule, day):
    slot = key(rule.advisor, at(day, 9))
    first = _book(client, place, slot, submission_token="jeton-unique")
    second = _book(client, place, slot, submission_token="jeton-unique")
    assert first.url == second.url
    assert Appointment.objects.count() == 1


def test_unknown_tokens_are_404(client):
    assert client.get("/aide-numerique/rendez-vous/inconnu/").status_code == 404
    assert client.get("/aide-numerique/rendez-vous/inconnu/rendez-vous.ics").status_code == 404
    assert client.get("/aide-numerique/lieux/999999/rendez-vous/").status_code == 404


def test_the_slots_page_costs_the_same_queries_whatever_the_bookings(
    client, hired_advisor, place, rule, day, django_assert_max_num_queries
):
    url = f"/aide-numerique/lieux/{place.pk}/rendez-vous/"
    with django_assert_max_num_queries(10) as empty:
        client.get(url)
    for week in range(3):
        appointment_at(hired_advisor, place, at(day + datetime.timedelta(days=7 * week), 9))
        rule_on(hired_advisor, place, day + datetime.timedelta(days=week + 1), start=14, end=17)
    AvailabilityException.objects.create(advisor=hired_advisor, first_day=day, last_day=day, reason="formation")
    with django_assert_max_num_queries(len(empty.captured_queries)):
        page = page_text(client.get(url))
    assert f"?creneau={key(hired_advisor, at(day, 9, 45))}" not in page  # the day of training
