"""« Proposer un entretien »: the structure asks a shortlisted person to meet, once, by e-mail through Conum; the
person answers from "Ma candidature" (and may change their mind); the structure is told and sees the answer."""

import pytest
from django.core import mail

from conum.core.errors import RuleViolation
from conum.core.models import Journal
from conum.recruitment import interviews
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import Match
from conum.structures.models import HostStructure, StructureMembership
from tests.factories import CandidateFactory, UserFactory
from tests.helpers import page_text
from tests.recruitment.hiring import validated_application

MESSAGE = "Nous pouvons vous recevoir mardi ou jeudi matin, à la médiathèque."


@pytest.fixture
def limoges(territories, structure_manager):
    application = validated_application(structure_manager, commune="87085")
    HostStructure.objects.filter(pk=application.structure_id).update(
        name="Mairie de Limoges", address="9 place Léon Betoulle", contact_phone="+33555455000"
    )
    structure_manager.first_name, structure_manager.last_name = "Inès", "Marchand"
    structure_manager.save()
    application.refresh_from_db()
    return application


@pytest.fixture
def person(db):
    return UserFactory(candidate=True, email="lea.dupuis@exemple.fr")


def shortlisted(application, user=None, status=MatchStatus.SHORTLISTED, **candidate):
    email = user.email if user else candidate.pop("email", None) or "personne@exemple.fr"
    fields = {"first_name": "Léa", "last_name": "Dupuis", "email": email, "user": user} | candidate
    return Match.objects.create(
        candidate=CandidateFactory(**fields), application=application, status=status, distance_km=12
    )


def url(match) -> str:
    return f"/recrutement/mises-en-relation/{match.pk}/"


def propose(client, match, message=MESSAGE, token="jeton-1"):
    return client.post(url(match), {"message": message, "submission_token": token})


def test_the_request_emails_the_person_once_with_the_structure_contact(
    client, limoges, structure_manager, person, django_capture_on_commit_callbacks
):
    match = shortlisted(limoges, person)
    client.force_login(structure_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = propose(client, match)
    assert response.status_code == 302 and response.url == url(match)
    (email,) = mail.outbox
    assert email.to == ["lea.dupuis@exemple.fr"]
    assert email.subject == "Mairie de Limoges souhaite vous rencontrer"
    for shown in [
        "Bonjour Léa,",
        MESSAGE,
        f"Inès Marchand : {structure_manager.email}",
        "téléphone de la structure : 05 55 45 50 00",
        "adresse de la structure : 9 place Léon Betoulle, Limoges",
        "/recrutement/ma-candidature/",
    ]:
        assert shown in email.body, shown
    assert "&#x27;" not in email.body and "&amp;" not in email.body
    match.refresh_from_db()
    assert match.interview_requested_at is not None and match.interview_requested_by == structure_manager
    assert (match.interview_message, match.candidate_reply) == (MESSAGE, "")
    (entry,) = Journal.objects.filter(action="recruitment.interview_requested")
    assert entry.actor == structure_manager and entry.after["message"] is True
    assert MESSAGE not in str(entry.after)  # the journal is never erased: no free text in it
    page = page_text(client.get(url(match)))
    assert "Proposition d'entretien envoyée à Léa Dupuis par e-mail." in page
    assert "En attente de sa réponse." in page and "Entretien proposé par la structure" in page
    assert "Proposer un entretien</button>" not in page  # one pending at a time: no form
    listing = page_text(client.get(f"/recrutement/structures/{limoges.pk}/candidats/"))
    assert "Entretien proposé : en attente de réponse" in listing


def test_a_second_request_while_one_is_pending_is_refused(
    client, limoges, structure_manager, person, django_capture_on_commit_callbacks
):
    match = shortlisted(limoges, person)
    client.force_login(structure_manager)
    with django_capture_on_commit_callbacks(execute=True):
        propose(client, match, token="jeton-1")
        response = propose(client, match, message="Autre message", token="jeton-2")
    assert response.status_code == 302
    page = page_text(client.get(response.url))
    assert "Un entretien a déjà été proposé à Léa Dupuis le" in page and "attendez sa réponse" in page
    assert len(mail.outbox) == 1
    match.refresh_from_db()
    assert match.interview_message == MESSAGE
    assert Journal.objects.filter(action="recruitment.interview_requested").count() == 1
    with pytest.raises(RuleViolation, match="déjà été proposé"):
        interviews.request_interview(match, structure_manager, "Encore")


def test_a_double_submit_sends_one_email_and_shows_the_same_result(
    client, limoges, structure_manager, person, django_capture_on_commit_callbacks
):
    match = shortlisted(limoges, person)
    client.force_login(structure_manager)
    with django_capture_on_commit_callbacks(execute=True):
        first = propose(client, match, token="meme-jeton")
        second = propose(client, match, token="meme-jeton")
    assert first.url == second.url == url(match)
    assert len(mail.outbox) == 1
    page = page_text(client.get(url(match)))
    assert "Proposition d'entretien envoyée" in page and "déjà été proposé" not in page


@pytest.mark.parametrize("status", [MatchStatus.NEW, MatchStatus.DECLINED])
def test_a_request_is_refused_unless_the_person_is_shortlisted(
    client, limoges, structure_manager, person, status, django_capture_on_commit_callbacks
):
    match = shortlisted(limoges, person, status=status)
    client.force_login(structure_manager)
    assert "Proposer un entretien</button>" not in page_text(client.get(url(match)))
    with django_capture_on_commit_callbacks(execute=True):
        response = propose(client, match)
    assert "Présélectionnez d'abord la personne" in page_text(client.get(response.url))
    assert mail.outbox == []
    match.refresh_from_db()
    assert match.interview_requested_at is None
    with pytest.raises(RuleViolation, match="Présélectionnez d'abord"):
        interviews.request_interview(match, structure_manager, "")


def test_a_too_long_message_is_refused_with_its_length(client, limoges, structure_manager, person):
    match = shortlisted(limoges, person)
    client.force_login(structure_manager)
    response = propose(client, match, message="x" * 1001)
    assert response.status_code == 400
    assert "Votre message fait 1001 caractères : 1 000 au plus." in page_text(response)
    match.refresh_from_db()
    assert match.interview_requested_at is None and mail.outbox == []


def test_only_the_structures_managers_may_ask(client, limoges, other_structure_manager, national_staff, person):
    match = shortlisted(limoges, person)
    client.force_login(other_structure_manager)
    assert propose(client, match).status_code == 404
    client.force_login(person)
    assert propose(client, match).status_code == 403
    with pytest.raises(RuleViolation, match="pas celle de votre structure"):
        interviews.request_interview(match, other_structure_manager, "")
    with pytest.raises(RuleViolation, match="Votre rôle"):
        interviews.request_interview(match, national_staff, "")
    match.refresh_from_db()
    assert match.interview_requested_at is None


def reply_url(match) -> str:
    return f"/recrutement/ma-candidature/entretiens/{match.pk}/"


@pytest.fixture
def requested(limoges, structure_manager, person):
    match = shortlisted(limoges, person)
    interviews.request_interview(match, structure_manager, MESSAGE)
    mail.outbox.clear()
    return match


def test_the_person_sees_the_request_answers_and_may_change_their_mind(
    client, limoges, structure_manager, person, requested, django_capture_on_commit_callbacks
):
    colleague = UserFactory(structure_manager=True, email="collegue@exemple.fr")
    StructureMembership.objects.create(structure=limoges.structure, user=colleague)
    client.force_login(person)
    space = page_text(client.get("/compte/"))
    assert "Structures qui souhaitent vous rencontrer" in space
    assert 'href="/recrutement/ma-candidature/">Structures qui souhaitent vous rencontrer' in space
    page = page_text(client.get("/recrutement/ma-candidature/"))
    for shown in [
        "Structures qui souhaitent vous rencontrer",
        "Mairie de Limoges",
        MESSAGE,
        f'Inès Marchand : <a class="fr-link fr-text--sm" href="mailto:{structure_manager.email}"',
        "05 55 45 50 00",
        "9 place Léon Betoulle, Limoges",
        "Je suis intéressé(e)",
        "Je ne suis pas disponible",
    ]:
        assert shown in page, shown

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reply_url(requested), {"reponse": "accepted"})
    assert response.url == "/recrutement/ma-candidature/"
    assert "Réponse envoyée à « Mairie de Limoges » : intéressé(e)." in page_text(client.get(response.url))
    requested.refresh_from_db()
    assert requested.candidate_reply == "accepted" and requested.candidate_replied_at is not None
    (told,) = mail.outbox
    assert told.to == sorted(["collegue@exemple.fr", structure_manager.email])
    assert told.subject == "Léa Dupuis est intéressé(e) par votre proposition d'entretien"
    assert f"/recrutement/mises-en-relation/{requested.pk}/" in told.body
    assert "Structures qui souhaitent vous rencontrer" not in page_text(client.get("/compte/"))  # answered

    with django_capture_on_commit_callbacks(execute=True):  # the same answer again: nothing new
        client.post(reply_url(requested), {"reponse": "accepted"})
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):  # a change of mind is told
        client.post(reply_url(requested), {"reponse": "declined"})
    assert len(mail.outbox) == 2 and "n'est pas disponible" in mail.outbox[1].subject
    replies = Journal.objects.filter(action="recruitment.interview_answered").order_by("pk")
    assert [entry.after["candidate_reply"] for entry in replies] == ["accepted", "declined"]
    assert all(entry.actor == person for entry in replies)

    client.force_login(structure_manager)
    page = page_text(client.get(url(requested)))
    assert "pas disponible</strong>" in page
    assert "Réponse du candidat à la proposition d'entretien (la personne)" in page
    assert "Réponse : pas disponible" in page
    assert "Proposer un autre entretien" in page
    listing = page_text(client.get(f"/recrutement/structures/{limoges.pk}/candidats/"))
    assert "Entretien proposé : pas disponible" in listing


def test_after_an_answer_the_structure_may_ask_again(limoges, structure_manager, person, requested):
    interviews.reply(requested, person, "declined")
    match = interviews.request_interview(requested, structure_manager, "Un autre jour ?")
    assert (match.candidate_reply, match.candidate_replied_at, match.interview_message) == ("", None, "Un autre jour ?")


def test_answers_are_the_persons_own(client, limoges, person, requested, structure_manager):
    someone = UserFactory(candidate=True, email="autre@exemple.fr")
    CandidateFactory(user=someone, email=someone.email)
    client.force_login(someone)
    assert client.post(reply_url(requested), {"reponse": "accepted"}).status_code == 404
    assert "Mairie de Limoges" not in page_text(client.get("/recrutement/ma-candidature/"))
    client.force_login(structure_manager)
    assert client.post(reply_url(requested), {"reponse": "accepted"}).status_code == 403
    client.force_login(person)
    assert client.get(reply_url(requested)).status_code == 405
    response = client.post(reply_url(requested), {"reponse": "peut-être"})
    assert "Choisissez « Je suis intéressé(e) » ou « Je ne suis pas disponible »." in page_text(
        client.get(response.url)
    )
    with pytest.raises(RuleViolation, match="ne vous est pas adressée"):
        interviews.reply(requested, someone, "accepted")
    requested.refresh_from_db()
    assert requested.candidate_reply == ""
    assert mail.outbox == []


def test_a_match_without_request_or_declined_since_is_404(client, limoges, person, requested):
    elsewhere = validated_application(UserFactory(structure_manager=True), commune="87154")
    without = Match.objects.create(
        candidate=requested.candidate, application=elsewhere, status=MatchStatus.SHORTLISTED, distance_km=3
    )
    client.force_login(person)
    assert client.post(reply_url(without), {"reponse": "accepted"}).status_code == 404
    Match.objects.filter(pk=requested.pk).update(status=MatchStatus.DECLINED)
    assert client.post(reply_url(requested), {"reponse": "accepted"}).status_code == 404
    assert "Structures qui souhaitent vous rencontrer" not in page_text(client.get("/recrutement/ma-candidature/"))
