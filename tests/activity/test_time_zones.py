"""Overseas time: each département's zone, and a workshop in Nouméa typed, stored, shown, e-mailed, reminded
and put in a calendar at Nouméa's own time (11 hours ahead of UTC, 10 of Paris in winter)."""

import datetime
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from conum.activity.models import Registration, Workshop
from conum.activity.workshops import registrations
from conum.activity.workshops import services as workshops
from conum.activity.workshops.inputs import Repeat, parse_session
from conum.core.errors import RuleViolation
from conum.public.search import WorkshopFilters, find_workshops
from conum.territories.distance import Point
from conum.territories.models import Commune, Departement
from conum.territories.time_zones import holiday_subdivision, time_zone_for, zone_label
from tests.activity.appointment_builders import appointment_at
from tests.activity.builders import in_days
from tests.activity.factories import PlaceFactory, WorkshopFactory
from tests.activity.test_workshops_views import form_data
from tests.helpers import page_text

UTC = datetime.UTC
NOUMEA = ZoneInfo("Pacific/Noumea")
GUADELOUPE = ZoneInfo("America/Guadeloupe")


@pytest.mark.parametrize(
    "code, zone",
    [
        ("971", "America/Guadeloupe"),
        ("972", "America/Martinique"),
        ("973", "America/Cayenne"),
        ("974", "Indian/Reunion"),
        ("975", "America/Miquelon"),
        ("976", "Indian/Mayotte"),
        ("977", "America/St_Barthelemy"),
        ("978", "America/Marigot"),
        ("986", "Pacific/Wallis"),
        ("987", "Pacific/Tahiti"),  # French Polynesia's three zones: Tahiti's, where most people live
        ("988", "Pacific/Noumea"),
        ("87", "Europe/Paris"),
        ("2A", "Europe/Paris"),
        ("57", "Europe/Paris"),
        ("", "Europe/Paris"),
        (None, "Europe/Paris"),
    ],
)
def test_each_departement_has_its_time_zone(code, zone):
    assert time_zone_for(code) == ZoneInfo(zone)


def test_labels_and_holiday_subdivisions():
    assert zone_label(NOUMEA) == "heure de Nouméa" and zone_label(ZoneInfo("Europe/Paris")) == ""
    assert zone_label(GUADELOUPE) == "heure de la Guadeloupe"
    assert [holiday_subdivision(code) for code in ("57", "67", "68", "974", "988", "87")] == [
        "57", "6AE", "6AE", "974", "NC", None,
    ]  # fmt: skip


def test_the_departement_row_says_its_zone(territories):
    assert Departement.objects.get(code="988").time_zone == NOUMEA
    assert Departement.objects.get(code="87").time_zone == ZoneInfo("Europe/Paris")


# ---- a workshop in Nouméa ---------------------------------------------------------------------------


@pytest.fixture
def noumea(territories):
    return Commune.objects.create(
        code="98818", name="Nouméa", search_name="noumea", departement_id="988", postal_codes="98800",
        latitude=-22.27407, longitude=166.44884,
    )  # fmt: skip


@pytest.fixture
def noumea_place(hired_advisor, noumea):
    return PlaceFactory(
        structure=hired_advisor.structure, advisors=[hired_advisor], name="Case numérique de Nouméa",
        commune_id="98818", postal_code="98800", opening_hours="Mo-Fr 07:30-16:00",
    )  # fmt: skip


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): …` runs what the block queued for the commit (e-mails), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def at_noumea(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=NOUMEA)


def test_a_workshop_typed_at_9_in_noumea_is_9_there_everywhere(client, advisor, noumea_place, commit):
    client.force_login(advisor)
    assert "À l'heure locale du lieu (heure de Nouméa)" in page_text(client.get("/activite/ateliers/nouveau/"))
    day = in_days(5)
    response = client.post(
        "/activite/ateliers/nouveau/", form_data(noumea_place, day, start_time="09:00", end_time="11:00")
    )
    workshop = Workshop.objects.get()
    assert response.url == f"/activite/ateliers/{workshop.pk}/"
    # 09:00 in Nouméa is 22:00 UTC the day before.
    assert workshop.starts_at == at_noumea(day, 9) and workshop.ends_at == at_noumea(day, 11)
    assert workshop.starts_at.astimezone(UTC) == datetime.datetime.combine(
        day - datetime.timedelta(days=1), datetime.time(22), tzinfo=UTC
    )
    assert workshop.time_label == "heure de Nouméa"

    detail = page_text(client.get(response.url))
    assert "de 9\xa0h à 11\xa0h (heure de Nouméa)" in detail
    listing = page_text(client.get("/activite/ateliers/"))
    assert "9\xa0h–11\xa0h" in listing and "heure de Nouméa" in listing
    calendar = page_text(client.get(f"/activite/ateliers/calendrier/?mois={day:%Y-%m}"))
    assert "9\xa0h (heure de Nouméa) Bien utiliser son smartphone" in calendar
    edit = page_text(client.get(f"/activite/ateliers/{workshop.pk}/modifier/"))
    assert 'value="09:00"' in edit and f'value="{day:%Y-%m-%d}"' in edit

    # Saving the edit form as shown keeps 09:00 Nouméa.
    client.post(
        f"/activite/ateliers/{workshop.pk}/modifier/",
        form_data(noumea_place, day, start_time="09:00", end_time="11:00"),
    )
    assert Workshop.objects.get().starts_at == at_noumea(day, 9)

    public = page_text(client.get(f"/aide-numerique/ateliers/{workshop.pk}/"))
    assert "de 9\xa0h à 11\xa0h (heure de Nouméa)" in public
    with commit():
        registered = client.post(
            f"/aide-numerique/ateliers/{workshop.pk}/inscription/",
            {"first_name": "Jeanne", "last_name": "M.", "email": "jeanne@exemple.nc", "phone": "", "consent": "on"},
        )
    assert registered.status_code == 302
    confirmation = page_text(client.get(registered.url))
    assert "de 9\xa0h à 11\xa0h (heure de Nouméa)" in confirmation
    (email,) = mail.outbox
    assert "de 9\xa0h à 11\xa0h (heure de Nouméa)" in email.body

    ics = client.get(f"{registered.url}atelier.ics").content
    assert f"DTSTART;TZID=Pacific/Noumea:{day:%Y%m%d}T090000".encode() in ics
    assert f"DTEND;TZID=Pacific/Noumea:{day:%Y%m%d}T110000".encode() in ics
    calendar_file = icalendar.Calendar.from_ical(ics)
    (event,) = calendar_file.walk("VEVENT")
    assert event.start == workshop.starts_at and event.start.tzinfo.key == "Pacific/Noumea"
    assert [str(zone["TZID"]) for zone in calendar_file.walk("VTIMEZONE")] == ["Pacific/Noumea"]


def test_messages_about_a_noumea_session_give_noumea_time(hired_advisor, noumea_place):
    day = in_days(4)
    opens = at_noumea(day - datetime.timedelta(days=1), 8)
    workshop = WorkshopFactory(
        advisor=hired_advisor, place=noumea_place, starts_at=at_noumea(day, 9), ends_at=at_noumea(day, 11),
        registration_opens_at=opens, registration_closes_at=at_noumea(day, 9),
    )  # fmt: skip
    with pytest.raises(RuleViolation, match=rf"ouvriront le {day - datetime.timedelta(days=1):%d/%m/%Y} à 8\xa0h\.$"):
        registrations.register(workshop, "Jeanne", "M.", email="jeanne@exemple.nc")


def test_a_weekly_series_in_noumea_stays_at_9_there_across_paris_clock_changes(hired_advisor, noumea_place):
    """Thirty weeks always cross a change of Paris's clock; Nouméa has none: each session stays at 09:00."""
    day = in_days(3)
    session = parse_session(
        {
            "title": "Bien utiliser son smartphone",
            "description": "Installer une application, régler son téléphone.",
            "themes": ["prendre_en_main_du_materiel"],
            "level": "debutant",
            "place": noumea_place.pk,
            "starts_at": datetime.datetime.combine(day, datetime.time(9)),  # naive: the place's time
            "ends_at": datetime.datetime.combine(day, datetime.time(11)),
            "capacity": 8,
            "repeat": Repeat.WEEKLY,
            "occurrences": 30,
        },
        advisor=hired_advisor,
    )
    sessions = workshops.create_sessions(hired_advisor.user, session)
    assert [s.starts_at for s in sessions] == [at_noumea(day + datetime.timedelta(weeks=i), 9) for i in range(30)]
    paris_hours = {s.starts_at.astimezone(ZoneInfo("Europe/Paris")).hour for s in sessions}
    assert paris_hours == {23, 0}  # what a Paris clock would have kept, wrongly


def test_reminders_go_the_day_before_by_the_place_s_clock(hired_advisor, noumea_place, territories, commit):
    """The place's "tomorrow": in Nouméa (ahead of Paris) a session at midnight after tomorrow is not reminded
    yet, though it is still tomorrow in Paris; in Guadeloupe (behind) a session tomorrow evening is, though it is
    the day after tomorrow in Paris."""
    Commune.objects.create(code="97105", name="Basse-Terre", search_name="basse-terre", departement_id="971",
                           postal_codes="97100", latitude=16.00046, longitude=-61.7281)  # fmt: skip
    basse_terre = PlaceFactory(structure=hired_advisor.structure, advisors=[hired_advisor], commune_id="97105",
                               postal_code="97100", name="Médiathèque de Basse-Terre")  # fmt: skip
    now = timezone.now()
    guadeloupe_tomorrow = now.astimezone(GUADELOUPE).date() + datetime.timedelta(days=1)
    evening = datetime.datetime.combine(guadeloupe_tomorrow, datetime.time(20), tzinfo=GUADELOUPE)
    antilles = WorkshopFactory(
        advisor=hired_advisor, place=basse_terre, starts_at=evening, ends_at=evening + datetime.timedelta(hours=1),
        registration_closes_at=evening,
    )  # fmt: skip
    noumea_today = now.astimezone(NOUMEA).date()
    workshop = WorkshopFactory(
        advisor=hired_advisor, place=noumea_place,
        starts_at=at_noumea(noumea_today + datetime.timedelta(days=1), 9),
        ends_at=at_noumea(noumea_today + datetime.timedelta(days=1), 11),
        registration_closes_at=at_noumea(noumea_today + datetime.timedelta(days=1), 9),
    )  # fmt: skip
    later = WorkshopFactory(
        advisor=hired_advisor, place=noumea_place,
        starts_at=at_noumea(noumea_today + datetime.timedelta(days=2), 0),
        ends_at=at_noumea(noumea_today + datetime.timedelta(days=2), 2),
        registration_closes_at=at_noumea(noumea_today + datetime.timedelta(days=1), 12),
    )  # fmt: skip
    registrations.register(workshop, "Jeanne", "M.", email="jeanne@exemple.nc")
    registrations.register(later, "Paul", "K.", email="paul@exemple.nc")
    registrations.register(antilles, "Lucie", "B.", email="lucie@exemple.gp")
    mail.outbox.clear()
    with commit():
        assert registrations.send_due_reminders(now) == 2
    reminder, antilles_reminder = sorted(mail.outbox, key=lambda message: message.to != ["jeanne@exemple.nc"])
    assert reminder.to == ["jeanne@exemple.nc"] and antilles_reminder.to == ["lucie@exemple.gp"]
    assert "de 20 h à 21 h (heure de la Guadeloupe)" in antilles_reminder.body
    assert re.match(r"^Rappel : atelier « .+ » le \w+ \d+ \w+ à 9\xa0h$", reminder.subject)
    assert "de 9\xa0h à 11\xa0h (heure de Nouméa)" in reminder.body
    assert Registration.objects.get(email="paul@exemple.nc").reminder_sent_at is None


def test_a_remote_session_takes_its_structure_s_time(hired_advisor):
    workshop = WorkshopFactory(advisor=hired_advisor, place=None, remote_link="https://visio.exemple.fr/a")
    assert workshop.time_zone == ZoneInfo("Europe/Paris") and workshop.time_label == ""


def test_workshops_near_me_filter_on_the_place_s_weekday(hired_advisor, noumea_place):
    day = in_days(2)
    monday = day + datetime.timedelta(days=(7 - day.weekday()) % 7)
    workshop = WorkshopFactory(
        advisor=hired_advisor, place=noumea_place, starts_at=at_noumea(monday, 9), ends_at=at_noumea(monday, 11),
        registration_closes_at=at_noumea(monday, 9),
    )  # fmt: skip
    center = Point(noumea_place.latitude, noumea_place.longitude)
    assert [pk for pk, _ in find_workshops(center, 10, WorkshopFilters(weekday=0))] == [workshop.pk]
    assert find_workshops(center, 10, WorkshopFilters(weekday=6)) == []  # Sunday 23:00 in Paris, not there


def test_an_appointment_in_noumea_shows_noumea_time_to_its_advisor(client, advisor, hired_advisor, noumea_place):
    day = timezone.localdate() + datetime.timedelta(days=5)
    appointment = appointment_at(hired_advisor, noumea_place, at_noumea(day, 9))
    client.force_login(advisor)
    page = page_text(client.get(f"/activite/agenda/rendez-vous/{appointment.pk}/"))
    assert "de 9 h à 9 h 45" in re.sub(r"\s", " ", page)  # the clock's spaces are non-breaking


def test_the_agenda_of_an_advisor_in_noumea_is_on_noumea_s_clock(client, advisor, hired_advisor, noumea_place):
    """Late on a Noumea Monday is still Sunday in Paris: the appointment is in Monday's list, at 8 h."""
    type(hired_advisor.structure).objects.filter(pk=hired_advisor.structure_id).update(departement_id="988")
    monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    appointment_at(hired_advisor, noumea_place, at_noumea(monday, 8), first_name="Kanak")
    client.force_login(advisor)
    page = re.sub(r"\s+", " ", page_text(client.get(f"/activite/agenda/?semaine={monday:%Y-%m-%d}")))
    monday_list = page[page.index("Lundi") : page.index("Mardi")]
    assert "Kanak" in monday_list and "8 h" in monday_list
