"""Registrations: the rules of registrations.register/cancel/mark_attendance called directly (as the citizen pages
will), the advisor's pages, the public cancellation page, reminders; e-mails and a journal without personal data."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import formats, timezone, translation

from conum.activity import tasks
from conum.activity.models import Registration, Workshop
from conum.activity.workshops import registrations
from conum.core.errors import RuleViolation
from conum.core.models import Journal
from tests.activity.builders import in_days, local
from tests.activity.factories import WorkshopFactory
from tests.helpers import page_text


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): …` runs what the block queued for the commit (e-mails), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def workshop(hired_advisor, place):
    """Tomorrow 14:00–16:00 at the Médiathèque de Limoges, 3 seats, registrations open."""
    return WorkshopFactory(advisor=hired_advisor, place=place, capacity=3, what_to_bring="Votre smartphone chargé")


def started_workshop(hired_advisor, place, **kwargs):
    now = timezone.now()
    values = {
        "starts_at": now - datetime.timedelta(minutes=30),
        "ends_at": now + datetime.timedelta(minutes=90),
        "registration_closes_at": now - datetime.timedelta(hours=1),
    }
    return WorkshopFactory(advisor=hired_advisor, place=place, **(values | kwargs))


def person(workshop, n, **kwargs):
    return registrations.register(workshop, f"Prénom{n}", f"N{n}", email=f"personne{n}@exemple.fr", **kwargs)


def statuses(workshop):
    return list(workshop.registrations.order_by("pk").values_list("status", flat=True))


# ---- registering ----------------------------------------------------------------------------------


def test_seats_are_confirmed_up_to_capacity_then_people_wait_in_order(workshop, commit):
    with commit():
        people = [person(workshop, n) for n in range(5)]
    assert [p.status for p in people] == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert [p.position for p in people] == [None, None, None, 1, 2]
    assert registrations.summary(people[4]).startswith(
        "La séance est complète : Prénom4 N4 est inscrit(e) sur la liste"
    )
    confirmation = mail.outbox[0]
    assert confirmation.to == ["personne0@exemple.fr"] and "est confirmée" in confirmation.subject
    with translation.override("fr"):
        day = formats.date_format(timezone.localtime(workshop.starts_at), "l j F Y").capitalize()
    for text in (
        f"Quand : {day}, de 14\xa0h à 16\xa0h",
        "Où : Médiathèque de Limoges, 2 place Aimé Césaire, 87000 Limoges",
        "À apporter : Votre smartphone chargé",
        f"/activite/ateliers/annulation/{people[0].cancellation_token}/",
    ):
        assert text in confirmation.body, text
    assert "liste d'attente" in mail.outbox[3].subject and mail.outbox[3].to == ["personne3@exemple.fr"]
    assert len(mail.outbox) == 5


def test_the_confirmation_of_a_remote_session_gives_its_link(hired_advisor, commit):
    remote = WorkshopFactory(advisor=hired_advisor, place=None, remote_link="https://visio.exemple.fr/atelier-42")
    with commit():
        person(remote, 1)
    assert "À distance, par ce lien : https://visio.exemple.fr/atelier-42" in mail.outbox[0].body


def test_no_email_no_message_and_the_phone_is_normalised(workshop, commit):
    with commit():
        registration = registrations.register(workshop, " Jeanne ", " D. ", phone="05 55 12 34 56")
    assert (registration.first_name, registration.last_name, registration.phone) == ("Jeanne", "D.", "+33555123456")
    assert registration.email == "" and registration.consent_at and mail.outbox == []
    assert len(registration.cancellation_token) >= 32


PERSON_RULES = [
    ({"first_name": ""}, "first_name", "Indiquez le prénom"),
    ({"first_name": "x" * 101}, "first_name", "Le prénom fait 101 caractères : 100 au plus"),
    ({"first_name": "Jean\x00"}, "first_name", "non imprimables"),
    ({"last_name": "  "}, "last_name", "Indiquez le nom, ou au moins son initiale"),
    ({"last_name": "x" * 101}, "last_name", "Le nom fait 101 caractères"),
    ({"email": "jeanne.exemple.fr"}, "email", "Cette adresse e-mail n'est pas valide"),
    ({"email": "jeanne@"}, "email", "Cette adresse e-mail n'est pas valide"),
    ({"email": "a" * 250 + "@exemple.fr"}, "email", "Cette adresse e-mail n'est pas valide"),
    ({"phone": "12"}, "phone", "Ce numéro de téléphone n'est pas valide"),
    ({"phone": "05 55 12 34 5x"}, "phone", "Ce numéro de téléphone n'est pas valide"),
    ({"consent": False}, "consent", "Cochez la case d'accord"),
]


@pytest.mark.parametrize("overrides, field, message", PERSON_RULES, ids=[r[2] for r in PERSON_RULES])
def test_each_rule_on_the_person_refuses_with_a_clear_message_and_stores_nothing(workshop, overrides, field, message):
    values = {"first_name": "Jeanne", "last_name": "D.", "email": "jeanne@exemple.fr", "phone": "", "consent": True}
    with pytest.raises(RuleViolation, match=message) as refusal:
        registrations.register(workshop, **(values | overrides))
    assert refusal.value.field == field
    assert not Registration.objects.exists() and not Journal.objects.filter(action__startswith="activity.").exists()


def test_registrations_are_refused_outside_the_window_and_on_cancelled_sessions(workshop, hired_advisor, place):
    not_yet = WorkshopFactory(
        advisor=hired_advisor, place=place, registration_opens_at=timezone.now() + datetime.timedelta(hours=1)
    )
    with pytest.raises(RuleViolation, match="Les inscriptions à cette séance ouvriront le "):
        person(not_yet, 1)
    closed = WorkshopFactory(
        advisor=hired_advisor, place=place, registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(RuleViolation, match="Les inscriptions à cette séance sont closes depuis le "):
        person(closed, 1)
    Workshop.objects.filter(pk=workshop.pk).update(cancelled_at=timezone.now(), cancellation_reason="Travaux")
    with pytest.raises(RuleViolation, match="Cette séance est annulée"):
        person(workshop, 1)
    assert not Registration.objects.exists()


def test_an_invitation_only_session_takes_people_only_from_its_advisor(
    hired_advisor, place, advisor, other_advisor, structure_manager
):
    private = WorkshopFactory(advisor=hired_advisor, place=place, public=False)
    with pytest.raises(RuleViolation, match="réservée aux personnes invitées"):
        person(private, 1)
    with pytest.raises(RuleViolation, match="pas le vôtre"):
        person(private, 1, by=other_advisor.user)
    assert not Registration.objects.exists()
    assert person(private, 1, by=advisor).status == "confirmed"


def test_the_advisor_adds_people_after_closing_time_walk_ins_included(hired_advisor, place, advisor):
    session = started_workshop(hired_advisor, place)
    with pytest.raises(RuleViolation, match="closes depuis"):
        person(session, 1)
    walk_in = registrations.register(session, "Paul", "V.", walk_in=True, by=advisor)
    assert (walk_in.status, walk_in.walk_in) == ("confirmed", True)


def test_the_same_email_registers_once_per_session_whatever_its_case(workshop, hired_advisor, place):
    first = registrations.register(workshop, "Jeanne", "D.", email="Jeanne@Exemple.fr")
    with pytest.raises(RuleViolation, match="déjà inscrite à cette séance") as refusal:
        registrations.register(workshop, "Jeanne", "Dupont", email="jeanne@exemple.FR ")
    assert refusal.value.field == "email"
    # Another session, or after cancelling, the address is free again.
    other = WorkshopFactory(advisor=hired_advisor, place=place)
    registrations.register(other, "Jeanne", "D.", email="jeanne@exemple.fr")
    registrations.cancel(first.cancellation_token)
    assert registrations.register(workshop, "Jeanne", "D.", email="jeanne@exemple.fr").status == "confirmed"


def test_a_racing_twin_caught_by_the_unique_constraint_gets_the_same_message(workshop, monkeypatch):
    registrations.register(workshop, "Jeanne", "D.", email="jeanne@exemple.fr")
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)  # as if both checked before either saved
    with pytest.raises(RuleViolation, match="déjà inscrite à cette séance") as refusal:
        registrations.register(workshop, "Jeanne", "D.", email="JEANNE@exemple.fr")
    monkeypatch.undo()
    assert refusal.value.field == "email" and Registration.objects.count() == 1
    assert person(workshop, 2).status == "confirmed"  # the transaction is still usable


# ---- cancelling -----------------------------------------------------------------------------------


def test_a_cancellation_gives_the_seat_to_the_first_person_waiting(workshop, commit):
    people = [person(workshop, n) for n in range(5)]
    with commit():
        cancelled = registrations.cancel(people[1].cancellation_token)
    assert [p.pk for p in cancelled.promoted] == [people[3].pk]
    assert statuses(workshop) == ["confirmed", "cancelled", "confirmed", "confirmed", "waitlisted"]
    [message] = mail.outbox
    assert message.to == ["personne3@exemple.fr"] and "Une place s'est libérée" in message.subject
    assert people[3].cancellation_token in message.body
    # Cancelling again changes nothing; a waiting person who leaves frees no seat.
    assert registrations.cancel(people[1].cancellation_token).already_cancelled
    with commit():
        assert registrations.cancel(people[4].cancellation_token).promoted == []
    assert statuses(workshop) == ["confirmed", "cancelled", "confirmed", "confirmed", "cancelled"]
    assert len(mail.outbox) == 1


def test_promotion_follows_the_order_of_registration_not_of_rows(workshop):
    people = [person(workshop, n) for n in range(5)]
    # The later row registered first (created_at decides).
    Registration.objects.filter(pk=people[4].pk).update(created_at=people[3].created_at - datetime.timedelta(seconds=1))
    promoted = registrations.cancel(people[0].cancellation_token).promoted
    assert [p.pk for p in promoted] == [people[4].pk]


def test_a_bad_or_late_cancellation_is_refused(workshop, hired_advisor, place, advisor):
    for token in ("", "inconnu", None):
        with pytest.raises(RuleViolation, match="Ce lien d'annulation n'est pas valide"):
            registrations.cancel(token)
    session = started_workshop(hired_advisor, place)
    late = registrations.register(session, "Paul", "V.", by=advisor)
    with pytest.raises(RuleViolation, match="La séance a déjà commencé"):
        registrations.cancel(late.cancellation_token)
    registrations.mark_attendance(session, advisor, {late.pk: "attended"})
    with pytest.raises(RuleViolation, match="la présence est notée"):
        registrations.cancel(late.cancellation_token)
    assert Registration.objects.get(pk=late.pk).status == "attended"


def test_only_the_sessions_advisor_cancels_for_someone_else(workshop, other_advisor, advisor, commit):
    registration = person(workshop, 1)
    with pytest.raises(RuleViolation, match="pas le vôtre"):
        registrations.cancel(registration.cancellation_token, by=other_advisor.user)
    with commit():
        registrations.cancel(registration.cancellation_token, by=advisor)
    assert Registration.objects.get(pk=registration.pk).status == "cancelled"
    [message] = mail.outbox
    assert "est annulée" in message.subject and message.to == ["personne1@exemple.fr"]


# ---- attendance -----------------------------------------------------------------------------------


def test_attendance_is_noted_after_the_start_for_people_holding_a_seat(hired_advisor, place, advisor, workshop):
    with pytest.raises(RuleViolation, match="à partir du début de la séance"):
        registrations.mark_attendance(workshop, advisor, {})
    session = started_workshop(hired_advisor, place, capacity=2)
    a, b, waiting = (registrations.register(session, f"P{n}", "X", by=advisor) for n in range(3))
    assert waiting.status == "waitlisted"
    totals = registrations.mark_attendance(session, advisor, {a.pk: "attended", b.pk: "absent"})
    assert totals == {"attended": 1, "absent": 1, "not_marked": 0}
    totals = registrations.mark_attendance(session, advisor, {b.pk: "attended", a.pk: ""})
    assert totals == {"attended": 2, "absent": 0, "not_marked": 0}
    with pytest.raises(RuleViolation, match="n'a pas de place"):
        registrations.mark_attendance(session, advisor, {waiting.pk: "attended"})
    with pytest.raises(RuleViolation, match="présent\\(e\\) » ou « absent\\(e\\)"):
        registrations.mark_attendance(session, advisor, {a.pk: "cancelled"})
    assert statuses(session) == ["attended", "attended", "waitlisted"]


def test_only_its_advisor_notes_attendance(hired_advisor, place, other_advisor, structure_manager):
    session = started_workshop(hired_advisor, place)
    for user in (other_advisor.user, structure_manager):
        with pytest.raises(RuleViolation, match="pas le vôtre"):
            registrations.mark_attendance(session, user, {})


def test_the_journal_keeps_statuses_and_counts_never_names_emails_or_phones(hired_advisor, place, advisor, workshop):
    people = [
        registrations.register(workshop, f"Prénom{n}", f"Nom{n}", email=f"mail{n}@exemple.fr", phone="0555123456")
        for n in range(4)
    ]
    registrations.cancel(people[0].cancellation_token)
    session = started_workshop(hired_advisor, place)
    walk_in = registrations.register(session, "Prénom9", "Nom9", email="mail9@exemple.fr", walk_in=True, by=advisor)
    registrations.mark_attendance(session, advisor, {walk_in.pk: "attended"})
    entries = Journal.objects.filter(action__startswith="activity.")
    assert {e.action for e in entries} == {
        "activity.registration_created",
        "activity.registration_cancelled",
        "activity.registration_promoted",
        "activity.attendance_marked",
    }
    text = str(list(entries.values_list("object_repr", "before", "after", "comment")))
    for secret in ("Prénom", "Nom", "mail", "exemple.fr", "555123456"):
        assert secret not in text, secret
    assert entries.filter(object_repr=f"Inscription n° {people[0].pk} (atelier n° {workshop.pk})").exists()


# ---- the advisor's pages --------------------------------------------------------------------------


def test_the_advisor_adds_a_walk_in_through_the_page(client, advisor, hired_advisor, place):
    session = started_workshop(hired_advisor, place, capacity=1)
    client.force_login(advisor)
    page = page_text(client.get(f"/activite/ateliers/{session.pk}/inscrire/"))
    assert page.count("<h1") == 1 and 'id="id_walk_in" checked' in page
    for field in ("first_name", "last_name", "email", "phone", "walk_in", "consent"):
        assert f'for="id_{field}"' in page, field
    data = {"first_name": "Paul", "last_name": "V.", "phone": "06 12 34 56 78", "walk_in": "on", "consent": "on"}
    response = client.post(f"/activite/ateliers/{session.pk}/inscrire/", data)
    assert response.url == f"/activite/ateliers/{session.pk}/"
    assert "Paul V. est inscrit(e) à la séance." in page_text(client.get(response.url))
    response = client.post(f"/activite/ateliers/{session.pk}/inscrire/", data | {"first_name": "Rita"}, follow=True)
    assert "La séance est complète : Rita V. est inscrit(e) sur la liste d'attente, en position 1" in page_text(
        response
    )
    assert statuses(session) == ["confirmed", "waitlisted"]


VIEW_RULES = [
    ({"first_name": ""}, "Indiquez le prénom."),
    ({"last_name": ""}, "Indiquez le nom, ou au moins son initiale."),
    ({"first_name": "x" * 101}, "Le prénom fait 101 caractères : 100 au plus."),
    ({"email": "jeanne.exemple.fr"}, "Cette adresse e-mail n'est pas valide"),
    ({"phone": "12"}, "Ce numéro de téléphone n'est pas valide"),
    ({"consent": ""}, "Cochez la case d'accord sur l'utilisation des coordonnées"),
    ({"email": "DEJA@exemple.fr"}, "Cette adresse e-mail est déjà inscrite à cette séance"),
]


@pytest.mark.parametrize("overrides, message", VIEW_RULES, ids=[m for _, m in VIEW_RULES])
def test_each_rule_through_the_advisors_page_shows_a_clear_message_and_stores_nothing(
    client, advisor, workshop, overrides, message
):
    registrations.register(workshop, "Déjà", "Là", email="deja@exemple.fr")
    client.force_login(advisor)
    data = {"first_name": "Jeanne", "last_name": "D.", "email": "jeanne@exemple.fr", "phone": "", "consent": "on"}
    response = client.post(f"/activite/ateliers/{workshop.pk}/inscrire/", data | overrides)
    assert response.status_code == 200
    assert message in page_text(response)
    assert Registration.objects.count() == 1


def test_no_one_is_added_to_a_cancelled_session_through_the_page(client, advisor, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(cancelled_at=timezone.now(), cancellation_reason="Travaux")
    client.force_login(advisor)
    data = {"first_name": "Jeanne", "last_name": "D.", "consent": "on"}
    response = client.post(f"/activite/ateliers/{workshop.pk}/inscrire/", data, follow=True)
    assert "Cette séance est annulée : les inscriptions sont fermées." in page_text(response)
    assert not Registration.objects.exists()


def test_the_advisor_cancels_a_registration_and_the_first_waiting_person_gets_the_seat(client, advisor, workshop):
    people = [person(workshop, n) for n in range(4)]
    client.force_login(advisor)
    response = client.post(f"/activite/ateliers/{workshop.pk}/inscriptions/{people[0].pk}/annuler/", follow=True)
    text = page_text(response)
    assert "L'inscription de Prénom0 N0 est annulée. Prénom3 N3 quitte la liste d'attente et obtient la place." in text
    assert statuses(workshop) == ["cancelled", "confirmed", "confirmed", "confirmed"]


def test_attendance_through_the_page_one_row_per_person(client, advisor, hired_advisor, place):
    session = started_workshop(hired_advisor, place)
    a = registrations.register(session, "Anne", "A.", by=advisor)
    b = registrations.register(session, "Bruno", "B.", walk_in=True, by=advisor)
    client.force_login(advisor)
    page = page_text(client.get(f"/activite/ateliers/{session.pk}/presences/"))
    assert page.count("<fieldset") == 2 and "Anne A." in page and "Bruno B. (venu·e sans inscription)" in page
    assert f'name="presence_{b.pk}" value="attended"' in page and "checked" in page  # walk-ins are present
    response = client.post(
        f"/activite/ateliers/{session.pk}/presences/", {f"presence_{a.pk}": "absent", f"presence_{b.pk}": "attended"}
    )
    assert response.url == f"/activite/ateliers/{session.pk}/"
    assert "Présences enregistrées : 1 présent, 1 absent." in page_text(client.get(response.url))
    assert statuses(session) == ["absent", "attended"]
    response = client.post(f"/activite/ateliers/{session.pk}/presences/", {f"presence_{a.pk}": "peut-être"})
    assert "Choisissez « présent(e) » ou « absent(e) »." in page_text(response)
    assert "Indiquez si Bruno B. est présent(e) ou absent(e)." in page_text(response)
    assert statuses(session) == ["absent", "attended"]


def test_attendance_waits_for_the_start(client, advisor, workshop):
    client.force_login(advisor)
    response = client.get(f"/activite/ateliers/{workshop.pk}/presences/", follow=True)
    assert "Les présences se notent à partir du début de la séance" in page_text(response)


# ---- the public cancellation page -----------------------------------------------------------------


def test_the_cancellation_link_works_without_an_account_and_frees_the_seat(client, workshop, commit):
    with commit():
        first, second, third, waiting = (person(workshop, n) for n in range(4))
    link = mail.outbox[0].body.split("http://127.0.0.1:8000")[1].split()[0]
    assert link == f"/activite/ateliers/annulation/{first.cancellation_token}/"
    page = page_text(client.get(link))
    assert page.count("<h1") == 1 and "Bonjour Prénom0" in page and workshop.title in page
    assert "personne0@exemple.fr" not in page and 'name="robots" content="noindex"' in page
    with commit():
        response = client.post(link, follow=True)
    assert "Votre inscription est annulée" in page_text(
        response
    ) and "Annuler mon inscription</button>" not in page_text(response)
    assert statuses(workshop) == ["cancelled", "confirmed", "confirmed", "confirmed"]
    assert mail.outbox[-1].to == ["personne3@exemple.fr"]
    # A second click changes nothing.
    assert client.post(link, follow=True).status_code == 200
    assert statuses(workshop) == ["cancelled", "confirmed", "confirmed", "confirmed"]


@pytest.mark.parametrize("token", ["inconnu", "x" * 64, "%00", "a%20b", "x" * 65])
def test_an_unknown_or_junk_token_is_a_404(client, workshop, token):
    person(workshop, 1)
    assert client.get(f"/activite/ateliers/annulation/{token}/").status_code == 404
    assert client.post(f"/activite/ateliers/annulation/{token}/").status_code == 404


def test_the_cancellation_page_after_the_start_explains_and_offers_nothing(client, hired_advisor, place, advisor):
    session = started_workshop(hired_advisor, place)
    registration = registrations.register(session, "Paul", "V.", by=advisor)
    url = f"/activite/ateliers/annulation/{registration.cancellation_token}/"
    assert "ne peut plus être annulée" in page_text(client.get(url))
    assert "La séance a déjà commencé" in page_text(client.post(url, follow=True))
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"


# ---- reminders ------------------------------------------------------------------------------------


def test_reminders_go_once_the_day_before_to_confirmed_people_with_an_email(hired_advisor, place, commit):
    tomorrow = WorkshopFactory(advisor=hired_advisor, place=place, capacity=1)
    reminded = person(tomorrow, 1)
    person(tomorrow, 2)  # waiting
    registrations.register(tomorrow, "Sans", "Mail")
    day_after = local(in_days(2), 10)
    later = WorkshopFactory(
        advisor=hired_advisor, place=place, starts_at=day_after, ends_at=day_after + datetime.timedelta(hours=2)
    )
    person(later, 3)
    cancelled = WorkshopFactory(advisor=hired_advisor, place=place, cancelled_at=timezone.now())
    Registration.objects.create(
        workshop=cancelled, first_name="A", last_name="B", email="c@exemple.fr", status="confirmed"
    )
    with commit():
        assert registrations.send_due_reminders() == 1
    [message] = mail.outbox
    assert message.to == ["personne1@exemple.fr"] and message.subject.startswith("Rappel : atelier")
    assert "Médiathèque de Limoges" in message.body and reminded.cancellation_token in message.body
    assert Registration.objects.get(pk=reminded.pk).reminder_sent_at is not None
    with commit():
        assert registrations.send_due_reminders() == 0
    # The next day, the later session's turn.
    with commit():
        assert registrations.send_due_reminders(now=timezone.now() + datetime.timedelta(days=1)) == 1
    assert mail.outbox[-1].to == ["personne3@exemple.fr"]


def test_the_reminder_command_and_task(hired_advisor, place, capsys, commit):
    person(WorkshopFactory(advisor=hired_advisor, place=place), 1)
    with commit():
        call_command("send_workshop_reminders")
    assert capsys.readouterr().out.strip() == "1 rappel d'atelier envoyé"
    call_command("send_workshop_reminders")
    assert capsys.readouterr().out.strip() == "Aucun rappel à envoyer."
    person(WorkshopFactory(advisor=hired_advisor, place=place), 2)
    with commit():
        result = tasks.send_workshop_reminders.enqueue()
    assert result.return_value == 1 and len(mail.outbox) == 2
