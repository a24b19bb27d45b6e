"""Workshops near me, a workshop's page, registration with its confirmation, calendar file and cancellation."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conum.activity.enums import RegistrationStatus, WorkshopLevel
from conum.activity.models import Registration
from conum.core.models import Journal
from tests.activity.factories import WorkshopFactory

WORKSHOPS = "/aide-numerique/ateliers/"


def person(**overrides):
    return {
        "first_name": "Jeanne",
        "last_name": "M.",
        "email": "jeanne@exemple.fr",
        "phone": "",
        "consent": "on",
    } | overrides


def register_url(workshop):
    return f"/aide-numerique/ateliers/{workshop.pk}/inscription/"


def titles(response):
    return re.findall(r'<a href="/aide-numerique/ateliers/\d+/">([^<]+)</a>', response.content.decode())


def test_workshops_near_me_by_date_and_filters(client, network, hired_advisor):
    soon = WorkshopFactory(advisor=hired_advisor, place=network["oradour"], title="Découvrir la tablette")
    later = WorkshopFactory(
        advisor=hired_advisor,
        place=network["saint_junien"],
        title="Mes démarches en ligne",
        themes=["aide_aux_demarches_administratives"],
        level=WorkshopLevel.INTERMEDIATE,
        starts_at=soon.starts_at + datetime.timedelta(days=7),
        ends_at=soon.ends_at + datetime.timedelta(days=7),
    )
    WorkshopFactory(advisor=hired_advisor, place=network["limoges"], title="Trop loin")
    WorkshopFactory(advisor=hired_advisor, place=network["saint_junien"], title="Sur invitation", public=False)
    WorkshopFactory(advisor=hired_advisor, place=network["saint_junien"], title="Annulé", cancelled_at=timezone.now())
    params = {"commune": "Saint-Junien", "distance": "20"}
    assert titles(client.get(WORKSHOPS, params)) == ["Découvrir la tablette", "Mes démarches en ligne"]
    assert titles(client.get(WORKSHOPS, params | {"tri": "distance"})) == [
        "Mes démarches en ligne",
        "Découvrir la tablette",
    ]
    assert titles(client.get(WORKSHOPS, params | {"niveau": "intermediaire"})) == ["Mes démarches en ligne"]
    assert titles(client.get(WORKSHOPS, params | {"theme": "aide_aux_demarches_administratives"})) == [
        "Mes démarches en ligne"
    ]
    weekday = str(timezone.localtime(later.starts_at).weekday())
    other_day = str((int(weekday) + 1) % 7)
    assert len(titles(client.get(WORKSHOPS, params | {"jour": weekday}))) == 2
    assert titles(client.get(WORKSHOPS, params | {"jour": other_day})) == []


@pytest.mark.parametrize(
    "params, message",
    [
        ({"commune": ""}, "Indiquez votre commune ou votre code postal"),
        ({"commune": "Atlantide"}, "Aucune commune ne correspond à « Atlantide »"),
        ({"commune": "Saint-Junien", "distance": "1000"}, "Choisissez une distance parmi 5, 10, 20, 30 et 50 km."),
        ({"commune": "Saint-Junien", "jour": "9"}, "Choisissez un jour de la semaine dans la liste."),
        ({"commune": "Saint-Junien", "niveau": "expert"}, "Choisissez un niveau dans la liste."),
    ],
)
def test_workshop_search_bad_input(client, network, params, message):
    html = client.get(WORKSHOPS, params).content.decode()
    assert message in html and "<title>Erreur — " in html


def test_workshop_page_says_what_one_learns_and_seats_left(client, workshop):
    html = client.get(f"/aide-numerique/ateliers/{workshop.pk}/").content.decode()
    assert html.count("<h1") == 1
    assert "Installer une application" in html and "Débutant" in html and "2 h" in html
    assert "2 places libres sur 2" in html and ">M'inscrire</a>" in html


def test_registration_confirmation_calendar_and_cancellation(client, workshop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(workshop), person())
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == f"/aide-numerique/inscription/{registration.cancellation_token}/"
    assert registration.status == RegistrationStatus.CONFIRMED and registration.consent_at
    page = client.get(response.url).content.decode()
    assert "Votre inscription est confirmée" in page and "Médiathèque de Saint-Junien" in page
    assert f"/activite/ateliers/annulation/{registration.cancellation_token}/" in page

    ics = client.get(f"{response.url}atelier.ics")
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert ics["Content-Disposition"] == f'attachment; filename="atelier-{workshop.pk}.ics"'
    (event,) = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Atelier numérique : Bien utiliser son smartphone"
    assert (event.start, event.end) == (workshop.starts_at, workshop.ends_at)
    place = workshop.place
    assert str(event["LOCATION"]) == f"{place.name}, {place.address}, {place.postal_code} {place.commune.name}"
    assert str(event["URL"]).endswith(f"/activite/ateliers/annulation/{registration.cancellation_token}/")
    assert all(len(line) <= 75 for line in ics.content.split(b"\r\n"))

    (email,) = mail.outbox
    cancel_link = re.search(r"https?://\S+/activite/ateliers/annulation/[\w-]+/", email.body).group(0)
    cancel_path = "/" + cancel_link.split("/", 3)[3]
    assert client.post(cancel_path).status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert "2 places libres sur 2" in client.get(f"/aide-numerique/ateliers/{workshop.pk}/").content.decode()


def test_full_workshop_offers_the_waiting_list(client, workshop):
    for index in range(2):
        client.post(register_url(workshop), person(email=f"p{index}@exemple.fr"))
    html = client.get(register_url(workshop)).content.decode()
    assert "M'inscrire sur la liste d'attente" in html
    response = client.post(register_url(workshop), person(email="third@exemple.fr"))
    page = client.get(response.url).content.decode()
    assert "Vous êtes sur la liste d'attente" in page and "en position 1" in page


@pytest.mark.parametrize(
    "overrides, field_message",
    [
        ({"email": "jeanne@exemple"}, "Cette adresse e-mail n&#x27;est pas valide"),
        ({"email": "pas une adresse"}, "Cette adresse e-mail n&#x27;est pas valide"),
        ({"first_name": ""}, "Indiquez votre prénom."),
        ({"first_name": "x" * 101}, "Le prénom fait 100 caractères au plus."),
        ({"consent": ""}, "Cochez la case d&#x27;accord"),
        ({"phone": "12"}, "Ce numéro de téléphone n&#x27;est pas valide"),
    ],
)
def test_bad_registration_changes_nothing(client, workshop, overrides, field_message):
    journal = Journal.objects.count()
    response = client.post(register_url(workshop), person(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert field_message in html and "<title>Erreur — " in html
    assert not Registration.objects.exists() and Journal.objects.count() == journal and not mail.outbox


def test_double_registration_is_refused(client, workshop):
    client.post(register_url(workshop), person())
    response = client.post(register_url(workshop), person(email="JEANNE@exemple.fr"))
    assert response.status_code == 400
    assert "Cette adresse e-mail est déjà inscrite à cette séance" in response.content.decode()
    assert Registration.objects.count() == 1


def test_registration_after_closing_is_refused(client, workshop):
    workshop.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    workshop.save()
    page = client.get(register_url(workshop)).content.decode()
    assert "Les inscriptions sont closes" in page and "Confirmer mon inscription" not in page
    response = client.post(register_url(workshop), person())
    assert response.status_code == 400
    assert "Les inscriptions à cette séance sont closes depuis le" in response.content.decode()
    assert not Registration.objects.exists()


def test_honeypot_registers_nobody(client, workshop):
    response = client.post(register_url(workshop), person(website="http://spam.example"))
    assert response.status_code == 400
    assert "Votre inscription n&#x27;a pas pu être enregistrée" in response.content.decode()
    assert not Registration.objects.exists()


def test_rate_limit_per_ip(client, workshop, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    for index in range(3):
        client.post(register_url(workshop), person(email=f"p{index}@exemple.fr"), REMOTE_ADDR="203.0.113.7")
    response = client.post(register_url(workshop), person(email="p9@exemple.fr"), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert Registration.objects.count() == 3
    other = client.post(register_url(workshop), person(email="p8@exemple.fr"), REMOTE_ADDR="203.0.113.8")
    assert other.status_code == 302


def test_forged_forwarded_for_does_not_escape_the_limit(client, workshop, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    client.post(register_url(workshop), person(email="a@exemple.fr"), HTTP_X_FORWARDED_FOR="198.51.100.1")
    response = client.post(register_url(workshop), person(email="b@exemple.fr"), HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert response.status_code == 429


def test_private_past_and_unknown_workshops_are_404(client, workshop, hired_advisor, network):
    private = WorkshopFactory(advisor=hired_advisor, place=network["saint_junien"], public=False)
    assert client.get(f"/aide-numerique/ateliers/{private.pk}/").status_code == 404
    assert client.post(register_url(private), person()).status_code == 404
    assert client.get("/aide-numerique/ateliers/999999/").status_code == 404
    assert client.get("/aide-numerique/inscription/pas-un-jeton/").status_code == 404
    assert client.get("/aide-numerique/inscription/pas-un-jeton/atelier.ics").status_code == 404
    assert not Registration.objects.exists()


JUNK = ["\x00", "a\x00b", "x" * 5000, "'; DROP TABLE activity_place; --", "💥", "%", "_", "87200\x00"]


@pytest.mark.parametrize("junk", JUNK)
def test_public_pages_survive_junk_and_register_nobody(client, workshop, junk):
    for url in ("/aide-numerique/", WORKSHOPS):
        names = ["commune", "commune_choix", "distance", "lat", "lon", "service", "public", "accueil", "gratuit"]
        response = client.get(url, dict.fromkeys(names + ["samedi", "theme", "niveau", "jour", "tri", "page"], junk))
        assert response.status_code == 200, (url, junk)
    response = client.post(register_url(workshop), dict.fromkeys([*person(), "website"], junk))
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_workshop_search_and_place_page_queries_do_not_grow(client, workshop, network, hired_advisor):
    def count(url, params=None):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        return len(queries)

    place_url = f"/aide-numerique/lieux/{network['saint_junien'].pk}/"
    params = {"commune": "Saint-Junien", "distance": "30"}
    # Three sessions to begin with: fewer would be a sparse result, which also counts those up to 50 km.
    WorkshopFactory.create_batch(2, advisor=hired_advisor, place=network["saint_junien"])
    before = count(WORKSHOPS, params), count(place_url)
    WorkshopFactory.create_batch(45, advisor=hired_advisor, place=network["saint_junien"])
    WorkshopFactory.create_batch(15, advisor=hired_advisor, place=network["oradour"])
    assert (count(WORKSHOPS, params), count(place_url)) == before
    assert len(titles(client.get(WORKSHOPS, params))) == 20  # one page of 20
