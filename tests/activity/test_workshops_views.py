"""The workshop pages: who may open them, the forms' messages, lists and calendar with a bounded number of queries."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from conum.activity.models import Registration, Workshop
from conum.activity.workshops import registrations
from conum.activity.workshops import services as workshops
from conum.activity.workshops import views as workshop_views
from conum.core.dates import add_months
from conum.core.models import Journal
from tests.activity.builders import in_days, local
from tests.activity.factories import PlaceFactory, WorkshopFactory
from tests.helpers import PERSONAS, page_text, statuses_by_persona


def expect(default, **overrides):
    return dict.fromkeys(PERSONAS, default) | overrides


VIEWERS = expect(403, anonymous=302, advisor=200, structure_manager=200, other_structure_manager=200)
ADVISOR_ONLY = expect(403, anonymous=302, advisor=200)
MATRIX = [
    ("/activite/ateliers/", VIEWERS),
    ("/activite/ateliers/?periode=passees", VIEWERS),
    ("/activite/ateliers/calendrier/", VIEWERS),
    ("/activite/ateliers/calendrier/?mois=2027-02", VIEWERS),
    ("/activite/ateliers/nouveau/", ADVISOR_ONLY),
    ("/activite/ateliers/{pk}/", VIEWERS | {"other_structure_manager": 404}),
    ("/activite/ateliers/{pk}/modifier/", ADVISOR_ONLY),
    ("/activite/ateliers/{pk}/annuler/", ADVISOR_ONLY),
    ("/activite/ateliers/{pk}/inscrire/", ADVISOR_ONLY),
    ("/activite/ateliers/{started}/presences/", ADVISOR_ONLY),
    ("/activite/ateliers/{pk}/inscriptions/{registration}/annuler/", ADVISOR_ONLY | {"advisor": 405}),
    ("/activite/ateliers/annulation/{token}/", expect(200)),
]


@pytest.fixture
def workshop(hired_advisor, place):
    return WorkshopFactory(advisor=hired_advisor, place=place)


@pytest.fixture
def started(hired_advisor, place):
    now = timezone.now()
    return WorkshopFactory(
        advisor=hired_advisor,
        place=place,
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(minutes=90),
        registration_closes_at=now - datetime.timedelta(hours=1),
    )


@pytest.fixture
def person(workshop):
    return registrations.register(workshop, "Louise", "Martin", email="louise@exemple.fr", phone="0555123456")


def _url(template, workshop, started, person):
    return template.format(pk=workshop.pk, started=started.pk, registration=person.pk, token=person.cancellation_token)


@pytest.mark.parametrize("url, expected", MATRIX, ids=[url for url, _ in MATRIX])
def test_workshops_permission_matrix(client, request, workshop, started, person, url, expected):
    assert statuses_by_persona(client, request, _url(url, workshop, started, person)) == expected


@pytest.mark.parametrize("url", [url for url, _ in MATRIX if "{" in url and "annulation" not in url])
def test_another_advisor_gets_404_on_each_session_page(client, other_advisor, workshop, started, person, url):
    client.force_login(other_advisor.user)
    if "inscriptions" not in url:  # that one answers POST only
        assert client.get(_url(url, workshop, started, person)).status_code == 404
    assert client.post(_url(url, workshop, started, person), {"reason": "Salle indisponible"}).status_code == 404
    assert Workshop.objects.get(pk=workshop.pk).cancelled_at is None
    assert Registration.objects.get(pk=person.pk).status == "confirmed"


def test_the_structure_manager_reads_without_contacts_nor_actions(client, structure_manager, workshop, person):
    client.force_login(structure_manager)
    page = page_text(client.get(f"/activite/ateliers/{workshop.pk}/"))
    assert "Louise Martin" in page and workshop.advisor.full_name in page
    assert "louise@exemple.fr" not in page and "+33555123456" not in page
    assert "Modifier" not in page and "Annuler l'inscription" not in page and "Inscrire une personne" not in page
    for url in ("modifier", "annuler", "inscrire"):
        assert client.post(f"/activite/ateliers/{workshop.pk}/{url}/", {"reason": "Salle"}).status_code == 403
    assert Workshop.objects.get(pk=workshop.pk).cancelled_at is None


# ---- creating through the page ---------------------------------------------------------------------


def form_data(place, day=None, **overrides) -> dict:
    day = day or in_days(3)
    data = {
        "title": "Bien utiliser son smartphone",
        "description": "Installer une application, régler son téléphone, envoyer une photo.",
        "themes": ["prendre_en_main_du_materiel", "email"],
        "level": "debutant",
        "date": day.isoformat(),
        "start_time": "14:00",
        "end_time": "16:00",
        "place": place.pk if place else "",
        "remote_link": "",
        "capacity": "8",
        "public": "on",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "what_to_bring": "Votre smartphone chargé",
        "repeat": "none",
        "occurrences": "1",
    }
    return data | overrides


def test_an_advisor_schedules_a_series_of_four_through_the_page(client, advisor, place):
    client.force_login(advisor)
    page = page_text(client.get("/activite/ateliers/nouveau/"))
    assert page.count("<h1") == 1 and "Médiathèque de Limoges" in page
    for field in ("title", "description", "date", "start_time", "end_time", "capacity", "occurrences"):
        assert f'for="id_{field}"' in page, field
    response = client.post("/activite/ateliers/nouveau/", form_data(place, repeat="weekly", occurrences="4"))
    sessions = list(Workshop.objects.order_by("starts_at"))
    assert len(sessions) == 4 and len({s.series for s in sessions}) == 1
    assert response.url == f"/activite/ateliers/{sessions[0].pk}/"
    assert sessions[0].themes == ["prendre_en_main_du_materiel", "email"] and sessions[0].public
    assert [workshops.local_day(s.starts_at) for s in sessions] == [in_days(3 + 7 * i) for i in range(4)]
    page = page_text(client.get(response.url))
    assert "4 séances programmées" in page and "Série de 4 séances" in page


def test_the_registration_window_and_an_invitation_only_session_through_the_page(client, advisor, place):
    client.force_login(advisor)
    day = in_days(10)
    data = form_data(
        place,
        day=day,
        public="",
        registration_opens_at=f"{in_days(2).isoformat()}T09:00",
        registration_closes_at=f"{in_days(9):%d/%m/%Y} 18:00",
    )
    assert client.post("/activite/ateliers/nouveau/", data).status_code == 302
    session = Workshop.objects.get()
    assert not session.public
    assert timezone.localtime(session.registration_opens_at) == local(in_days(2), 9)
    assert timezone.localtime(session.registration_closes_at) == local(in_days(9), 18)


VIEW_RULES = [
    ({"end_time": "13:00"}, "L'heure de fin doit être après l'heure de début"),
    ({"capacity": "0"}, "Le nombre de places est compris entre 1 et 100"),
    ({"capacity": "101"}, "Le nombre de places est compris entre 1 et 100"),
    ({"capacity": "huit"}, "Indiquez un nombre entier de places"),
    ({"registration_closes_at": "{day}T15:00"}, "au plus tard au début de la séance"),
    ({"registration_opens_at": "{day}T12:00", "registration_closes_at": "{day}T11:00"}, "ouvrir avant leur clôture"),
    ({"place": "", "remote_link": ""}, "ou indiquez un lien de connexion"),
    ({"place": "other"}, "Choisissez l'un de vos lieux d'activité"),
    ({"place": "", "remote_link": "visio chez moi"}, "adresse web complète"),
    ({"themes": []}, "Choisissez au moins un thème"),
    ({"themes": ["cuisine"]}, "Choisissez les thèmes dans la liste"),
    ({"level": ""}, "Choisissez le niveau"),
    ({"title": ""}, "Indiquez le titre de l'atelier"),
    ({"title": "Web"}, "Le titre fait 3 caractères : de 5 à 150"),
    ({"title": "x" * 151}, "Le titre fait 151 caractères : de 5 à 150"),
    ({"description": "Trop court"}, "La description fait 10 caractères : de 20 à 3 000"),
    ({"description": "x" * 3001}, "La description fait 3001 caractères"),
    ({"date": "{past}"}, "est déjà passé : choisissez un moment à venir"),
    ({"date": "31/02/2027"}, "Indiquez une date valide"),
    ({"start_time": "25:00"}, "Indiquez une heure valide"),
    ({"registration_opens_at": "demain"}, "Indiquez une date et une heure valides"),
    ({"repeat": "weekly", "occurrences": "53"}, "Le nombre de séances est compris entre 1 et 52"),
    ({"repeat": "none", "occurrences": "3"}, "Choisissez « chaque semaine » ou « chaque mois »"),
    ({"what_to_bring": "x" * 301}, "« À apporter » fait 301 caractères : 300 au plus"),
]


@pytest.mark.parametrize("overrides, message", VIEW_RULES, ids=[m for _, m in VIEW_RULES])
def test_each_rule_through_the_page_shows_a_clear_message_and_stores_nothing(
    client, advisor, place, other_advisor, overrides, message
):
    client.force_login(advisor)
    day = in_days(3).isoformat()
    values = {
        k: v.format(day=day, past=in_days(-1).isoformat()) if isinstance(v, str) else v for k, v in overrides.items()
    }
    if values.get("place") == "other":
        values["place"] = PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor]).pk
    response = client.post("/activite/ateliers/nouveau/", form_data(place) | values)
    assert response.status_code == 200
    page = page_text(response)
    assert message in page, page[page.find("fr-error-text") - 200 : page.find("fr-error-text") + 400]
    assert "<title>Erreur — " in page
    assert not Workshop.objects.exists()


@pytest.mark.parametrize("junk", ["\x00", "x" * 5000, "💥", "'; DROP TABLE activity_workshop; --"])
def test_junk_in_the_forms_never_fails(client, advisor, place, workshop, person, junk):
    client.force_login(advisor)
    fields = [*form_data(place), "scope", "first_name", "last_name", "email", "phone", "consent", "walk_in", "reason"]
    for url in ("nouveau/", f"{workshop.pk}/modifier/", f"{workshop.pk}/inscrire/", f"{workshop.pk}/annuler/"):
        # (the last junk is a valid cancellation reason: that one cancels the session)
        assert client.post(f"/activite/ateliers/{url}", dict.fromkeys(fields, junk)).status_code in (200, 302), url
    for query in ({"periode": junk, "page": junk}, {"mois": junk}):
        assert client.get("/activite/ateliers/", query).status_code == 200
        assert client.get("/activite/ateliers/calendrier/", query).status_code == 200
    assert Workshop.objects.count() == 1 and Registration.objects.count() == 1


# ---- editing and cancelling through the pages ------------------------------------------------------


def test_editing_this_and_the_following_sessions_through_the_page(client, advisor, place):
    client.force_login(advisor)
    client.post("/activite/ateliers/nouveau/", form_data(place, day=in_days(7), repeat="weekly", occurrences="3"))
    first, second, third = Workshop.objects.order_by("starts_at")
    page = page_text(client.get(f"/activite/ateliers/{second.pk}/modifier/"))
    assert 'value="Bien utiliser son smartphone"' in page and 'value="14:00"' in page
    assert "Cette séance et la suivante de la série" in page
    data = form_data(place, day=in_days(14), start_time="10:00", end_time="12:00", title="Smartphone, la suite")
    response = client.post(f"/activite/ateliers/{second.pk}/modifier/", data | {"scope": "following"})
    assert response.url == f"/activite/ateliers/{second.pk}/"
    first, second, third = Workshop.objects.order_by("pk")
    assert [timezone.localtime(s.starts_at).hour for s in (first, second, third)] == [14, 10, 10]
    assert [s.title for s in (first, second, third)][1:] == ["Smartphone, la suite"] * 2
    assert "2 séances modifiées" in page_text(client.get(response.url))


def test_editing_below_the_people_registered_is_refused_on_the_page(client, advisor, workshop, person, place):
    registrations.register(workshop, "Jean", "D.")
    client.force_login(advisor)
    data = form_data(place, capacity="1")
    data |= {"date": f"{workshop.starts_at:%Y-%m-%d}", "registration_closes_at": ""}
    response = client.post(f"/activite/ateliers/{workshop.pk}/modifier/", data)
    assert "2 personnes sont déjà inscrites : le nombre de places ne peut pas descendre en dessous de 2" in page_text(
        response
    )
    assert Workshop.objects.get(pk=workshop.pk).capacity == 8


def test_cancelling_through_the_page_needs_a_reason(client, advisor, workshop, person):
    client.force_login(advisor)
    page = page_text(client.get(f"/activite/ateliers/{workshop.pk}/annuler/"))
    assert "1 personne inscrite ou en attente : 1 recevra un e-mail avec le motif" in page
    response = client.post(f"/activite/ateliers/{workshop.pk}/annuler/", {"reason": ""})
    assert "Indiquez le motif de l'annulation" in page_text(response)
    assert Workshop.objects.get(pk=workshop.pk).cancelled_at is None
    response = client.post(f"/activite/ateliers/{workshop.pk}/annuler/", {"reason": "Salle indisponible"})
    assert response.url == f"/activite/ateliers/{workshop.pk}/"
    page = page_text(client.get(response.url))
    assert "Séance annulée le" in page and "Motif : Salle indisponible" in page and "Modifier" not in page
    assert "Annulée" in page_text(client.get("/activite/ateliers/"))
    # No second cancellation, no edit of a cancelled session.
    assert client.get(f"/activite/ateliers/{workshop.pk}/modifier/").url == f"/activite/ateliers/{workshop.pk}/"


# ---- the session page ------------------------------------------------------------------------------


def _report_link(pk):
    try:
        return f"{reverse('reports:create')}?atelier={pk}"
    except NoReverseMatch:
        return None


def test_the_session_page_links_to_its_report_once_started(client, advisor, workshop, started, monkeypatch):
    client.force_login(advisor)
    assert "Créer le compte rendu" not in page_text(client.get(f"/activite/ateliers/{workshop.pk}/"))
    page = page_text(client.get(f"/activite/ateliers/{started.pk}/"))
    link = _report_link(started.pk)
    assert (f'href="{link}"' in page) if link else ("Créer le compte rendu" not in page)
    monkeypatch.setattr(workshop_views, "reverse", lambda name: "/activite/comptes-rendus/nouveau/")
    page = page_text(client.get(f"/activite/ateliers/{started.pk}/"))
    assert f'href="/activite/comptes-rendus/nouveau/?atelier={started.pk}">Créer le compte rendu de cet atelier' in page


def test_the_session_page_lists_seats_waiting_list_and_cancellations(client, advisor, hired_advisor, place):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place, capacity=2)
    people = [registrations.register(workshop, f"Personne{n}", "X", email=f"p{n}@exemple.fr") for n in range(4)]
    registrations.cancel(people[3].cancellation_token)
    client.force_login(advisor)
    page = page_text(client.get(f"/activite/ateliers/{workshop.pk}/"))
    assert page.count("<h1") == 1
    assert "Personnes inscrites : 2 sur 2 places" in page and "Liste d'attente : 1 personne" in page
    assert "Inscriptions annulées : 1" in page and "p0@exemple.fr" in page and "Complet" in page


# ---- lists -----------------------------------------------------------------------------------------


def _many_sessions(hired_advisor, place, count):
    for n in range(count):
        starts = local(in_days(1 + n % 20), 9 + n % 8)
        workshop = WorkshopFactory(
            advisor=hired_advisor,
            place=place,
            capacity=2,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            registration_closes_at=starts,
        )
        for i in range(3):
            registrations.register(workshop, "A", "B", email=f"{n}-{i}@exemple.fr")


@pytest.mark.parametrize("persona", ["advisor", "structure_manager"])
def test_list_and_calendar_queries_do_not_grow_with_sessions(
    client, request, hired_advisor, place, persona, django_assert_max_num_queries
):
    _many_sessions(hired_advisor, place, 25)
    client.force_login(request.getfixturevalue(persona))
    with django_assert_max_num_queries(6):
        page = page_text(client.get("/activite/ateliers/"))
    assert page.count("2 / 2 <span") == 25 and "25 séances à venir" in page
    with django_assert_max_num_queries(6):
        client.get("/activite/ateliers/calendrier/")
    with django_assert_max_num_queries(6):
        client.get("/activite/ateliers/calendrier/", {"mois": f"{in_days(20):%Y-%m}"})


def test_upcoming_and_past_sessions(client, advisor, hired_advisor, place, workshop, person):
    past = WorkshopFactory(
        advisor=hired_advisor,
        place=place,
        title="Atelier de la semaine dernière",
        starts_at=local(in_days(-7), 10),
        ends_at=local(in_days(-7), 12),
        registration_opens_at=local(in_days(-20), 10),
        registration_closes_at=local(in_days(-7), 10),
    )
    client.force_login(advisor)
    upcoming = page_text(client.get("/activite/ateliers/"))
    assert workshop.title in upcoming and past.title not in upcoming and "1 / 8" in upcoming
    passed = page_text(client.get("/activite/ateliers/", {"periode": "passees"}))
    assert past.title in passed and workshop.title not in passed
    assert 'aria-current="page">Passés' in passed


def test_the_month_calendar_places_each_session_on_its_day(client, advisor, hired_advisor, place):
    day = in_days(40)
    WorkshopFactory(
        advisor=hired_advisor,
        place=place,
        title="Atelier e-mail",
        starts_at=local(day, 10),
        ends_at=local(day, 12),
        registration_closes_at=local(day, 10),
    )
    client.force_login(advisor)
    page = page_text(client.get("/activite/ateliers/calendrier/", {"mois": f"{day:%Y-%m}"}))
    assert page.count("<h1") == 1 and "<caption>" in page and 'scope="col">Lundi' in page
    assert "10\xa0h Atelier e-mail" in page and "(0/8 places)" in page
    cell = page[: page.index("Atelier e-mail")]
    assert cell.rsplit("<td", 1)[1].count(f">{day.day}</span>") == 1  # in the cell of its day
    other_month = add_months(day, 1)
    assert "Atelier e-mail" not in page_text(
        client.get("/activite/ateliers/calendrier/", {"mois": f"{other_month:%Y-%m}"})
    )
    today = page_text(client.get("/activite/ateliers/calendrier/", {"mois": "2027-13"}))
    assert 'aria-current="date"' in today


def test_the_journal_records_edits_without_personal_data(client, advisor, workshop, person):
    client.force_login(advisor)
    client.post(f"/activite/ateliers/{workshop.pk}/annuler/", {"reason": "Salle indisponible"})
    text = str(list(Journal.objects.values_list("object_repr", "before", "after", "comment")))
    assert "Louise" not in text and "Martin" not in text and "louise@exemple.fr" not in text


def test_the_session_and_attendance_pages_queries_do_not_grow_with_registrations(
    client, advisor, hired_advisor, place, django_assert_max_num_queries
):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place, capacity=20)
    for n in range(30):
        registrations.register(workshop, f"Prénom{n}", "X", email=f"{n}@exemple.fr", phone="0555123456")
    client.force_login(advisor)
    with django_assert_max_num_queries(6):
        page = page_text(client.get(f"/activite/ateliers/{workshop.pk}/"))
    assert page.count("Annuler l'inscription<span") == 30 and "Liste d'attente : 10 personnes" in page
    Workshop.objects.filter(pk=workshop.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_assert_max_num_queries(6):
        page = page_text(client.get(f"/activite/ateliers/{workshop.pk}/presences/"))
    assert page.count("<fieldset") == 20
