"""A session parsed once (workshops/inputs.py), and what the services still check under their locks."""

import pytest
from django.utils import timezone

from conum.activity.models import Workshop
from conum.activity.workshops import registrations
from conum.activity.workshops import services as workshops
from conum.activity.workshops.inputs import Repeat, SessionInput, parse_session
from conum.core.errors import RuleViolation
from conum.core.inputs import InvalidInput
from tests.activity.builders import in_days, local
from tests.activity.factories import WorkshopFactory
from tests.helpers import page_text

TEXTS = {
    "title": "Bien utiliser son smartphone",
    "description": "Installer une application, régler son téléphone, envoyer une photo.",
    "themes": ["prendre_en_main_du_materiel"],
    "level": "debutant",
}


def session_details(place, day=None, **overrides) -> dict:
    """A valid session in three days (or on `day`), 14:00–16:00 at `place`."""
    day = day or in_days(3)
    return TEXTS | {"place": place, "starts_at": local(day, 14), "ends_at": local(day, 16), "capacity": 8} | overrides


def test_the_parser_reads_typed_text_and_gives_every_message_at_once(hired_advisor, place):
    day = in_days(3)
    raw = session_details(place) | {
        "place": str(place.pk),
        "starts_at": f"{day}T14:00",
        "ends_at": f"{day}T16:00",
        "capacity": "12",
        "repeat": "weekly",
        "occurrences": "4",
    }
    session = parse_session(raw, advisor=hired_advisor)
    assert isinstance(session, SessionInput) and session.place == place
    assert (session.starts_at, session.ends_at) == (local(day, 14), local(day, 16))
    assert (session.capacity, session.repeat, session.occurrences) == (12, Repeat.WEEKLY, 4)
    with pytest.raises(InvalidInput) as refusal:
        parse_session(
            raw | {"title": "", "capacity": "douze", "starts_at": "demain", "color": "vert"}, advisor=hired_advisor
        )
    assert refusal.value.errors == {
        None: ["Champ inconnu : color."],
        "title": ["Indiquez le titre de l'atelier."],
        "starts_at": ["Indiquez une date et une heure valides, par exemple 25/12/2026 09:00."],
        "capacity": ["Le nombre de places est compris entre 1 et 100."],
    }


def test_one_session_is_not_a_series(hired_advisor, place):
    with pytest.raises(InvalidInput, match="« chaque semaine » ou « chaque mois »") as refusal:
        parse_session(session_details(place) | {"repeat": "none", "occurrences": 3}, advisor=hired_advisor)
    assert refusal.value.field == "repeat"


def test_a_place_no_longer_the_advisors_is_refused_when_saving(advisor, hired_advisor, place):
    session = parse_session(session_details(place), advisor=hired_advisor)
    place.advisors.remove(hired_advisor)  # between the page's reading and the save
    with pytest.raises(RuleViolation, match="l'un de vos lieux d'activité") as refusal:
        workshops.create_sessions(advisor, session)
    assert refusal.value.field == "place" and not Workshop.objects.exists()


def test_an_archived_place_stays_on_its_own_session_but_is_refused_for_another(advisor, hired_advisor, place):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place)
    details = session_details(place, day=in_days(5))
    session = parse_session(details | {"following": False}, advisor=hired_advisor, workshop=workshop)
    place.archived_at = timezone.now()
    place.save()
    [changed] = workshops.update_sessions(workshop, advisor, session)
    assert changed.place == place
    with pytest.raises(InvalidInput, match="l'un de vos lieux d'activité"):
        parse_session(details, advisor=hired_advisor)


def test_the_seats_taken_are_counted_again_when_saving(advisor, hired_advisor, place):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place)
    details = session_details(place, capacity=2) | {"starts_at": workshop.starts_at, "ends_at": workshop.ends_at}
    details["registration_closes_at"] = workshop.registration_closes_at
    session = parse_session(details, advisor=hired_advisor, workshop=workshop)
    for n in range(3):  # registered between the page's reading and the save
        registrations.register(workshop, f"Prénom{n}", "N")
    with pytest.raises(RuleViolation, match="3 personnes sont déjà inscrites") as refusal:
        workshops.update_sessions(workshop, advisor, session)
    assert refusal.value.field == "capacity"
    assert Workshop.objects.get(pk=workshop.pk).capacity == 8


def test_a_time_the_page_could_not_read_waits_for_it_before_the_session_rules(client, advisor, place):
    client.force_login(advisor)
    data = TEXTS | {"date": in_days(3).isoformat(), "start_time": "25:00", "end_time": "16:00", "place": place.pk}
    data |= {"capacity": "8", "repeat": "none", "occurrences": "1"}
    page = page_text(client.post("/activite/ateliers/nouveau/", data))
    assert "Indiquez une heure valide" in page
    assert "Indiquez la date, l'heure de début et l'heure de fin" not in page
    assert not Workshop.objects.exists()
