"""The candidate's page for the structure (/recrutement/mises-en-relation/<pk>/): what the person wrote, the
history of the proposal, the actions, and the contact details only when disclosure allows them."""

from datetime import date, timedelta

import pytest

from conum.core import journal
from conum.core.models import Journal
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import Match
from tests.factories import CandidateFactory
from tests.helpers import page_text, statuses_by_persona
from tests.recruitment.hiring import validated_application

LIMOGES = "87085"


@pytest.fixture
def limoges(territories, structure_manager):
    return validated_application(structure_manager, commune=LIMOGES)


def proposal(application, status=MatchStatus.NEW, distance=28.4, **candidate):
    fields = {
        "first_name": "Léa",
        "last_name": "Dupuis",
        "email": "lea.dupuis@exemple.fr",
        "phone": "+33612345678",
        "motivation": "J'aide déjà mes voisins à faire leurs démarches en ligne.",
        "mobility_km": 40,
        "available_from": date.today() + timedelta(days=10),
        "job_seeker": True,
        "in_training": True,
        "has_experience": True,
        "mediation_diploma": True,
        "diploma_name": "Titre professionnel REMN",
        "pix_level_1": 2,
        "pix_level_3": 3,
    } | candidate
    person = CandidateFactory(**fields)
    return Match.objects.create(candidate=person, application=application, status=status, distance_km=distance)


def url(match) -> str:
    return f"/recrutement/mises-en-relation/{match.pk}/"


def test_the_list_links_each_name_to_the_page(client, limoges, structure_manager):
    match = proposal(limoges)
    client.force_login(structure_manager)
    page = client.get(f"/recrutement/structures/{limoges.pk}/candidats/").content.decode()
    assert f'<a href="{url(match)}">Léa Dupuis</a>' in page


def test_the_page_shows_what_the_person_wrote_but_no_contact_before_shortlisting(
    client, limoges, structure_manager, django_assert_max_num_queries
):
    match = proposal(limoges)
    client.force_login(structure_manager)
    with django_assert_max_num_queries(12):
        response = client.get(url(match))
    assert response.status_code == 200
    page = page_text(response)
    available = (date.today() + timedelta(days=10)).strftime("%d/%m/%Y")
    for shown in [
        "<h1>Léa Dupuis</h1>",
        "J'aide déjà mes voisins à faire leurs démarches en ligne.",
        "28,4 km de votre structure",
        "jusqu'à 40 km",
        available,
        "Demandeur ou demandeuse d'emploi, en formation",
        "Oui : Titre professionnel REMN",
        "Utiliser un ordinateur : niveau 2",
        "Communiquer et collaborer : non renseigné",
        "Protéger et sécuriser : niveau 3",
        "Proposé(e) à votre structure par Conum",
        "Présélectionnez la personne pour lui proposer un entretien.",
    ]:
        assert shown in page, shown
    assert "lea.dupuis@exemple.fr" not in page and "06 12 34 56 78" not in page and "/cv/" not in page
    assert 'value="shortlist"' not in page  # the actions are forms to the transition URLs
    assert f'action="{url(match)}shortlist/"' in page and f'action="{url(match)}decline/"' in page
    assert "Enregistrer le contrat" not in page
    assert not Journal.objects.filter(action="recruitment.contacts_viewed").exists()


def test_once_shortlisted_the_page_shows_the_contact_and_journals_it(client, limoges, structure_manager):
    match = proposal(limoges, status=MatchStatus.SHORTLISTED, cv="cv/exemple.pdf")
    client.force_login(structure_manager)
    page = page_text(client.get(url(match)))
    assert "mailto:lea.dupuis@exemple.fr" in page and "06 12 34 56 78" in page
    assert f'href="/recrutement/candidats/{match.candidate_id}/cv/"' in page
    assert f'href="{url(match)}contrat/"' in page
    assert "Proposer un entretien" in page
    (entry,) = Journal.objects.filter(action="recruitment.contacts_viewed")
    assert entry.object_id == str(limoges.pk)
    assert entry.after == {"people": 1, "candidates": [match.candidate_id]}


def test_actions_from_the_page_come_back_to_it_and_fill_its_history(client, limoges, structure_manager):
    match = proposal(limoges)
    client.force_login(structure_manager)
    for name in ("shortlist", "decline", "reconsider"):
        response = client.post(f"{url(match)}{name}/", {"retour": "fiche"})
        assert response.status_code == 302 and response.url == url(match)
    # From the list (no "retour"), back to the list.
    response = client.post(f"{url(match)}shortlist/")
    assert response.url == f"/recrutement/structures/{limoges.pk}/candidats/"
    page = page_text(client.get(url(match)))
    history = page[page.index("Historique de la proposition") : page.index("Coordonnées")]
    steps = [
        "Proposé(e) à votre structure par Conum",
        "Candidat présélectionné",
        "Candidat écarté",
        "Candidat reconsidéré",
        "Candidat présélectionné",
    ]
    positions = []
    start = 0
    for step in steps:
        start = history.index(step, start)
        positions.append(start)
    assert positions == sorted(positions)
    assert f"({structure_manager.get_full_name()})" in history
    assert Match.objects.get(pk=match.pk).status == MatchStatus.SHORTLISTED


def test_a_manual_addition_starts_the_history(client, limoges, structure_manager):
    match = proposal(limoges)
    Match.objects.filter(pk=match.pk).update(origin="manual")
    journal.record(structure_manager, "recruitment.match_added", match, None, {"status": "new"})
    client.force_login(structure_manager)
    page = page_text(client.get(url(match)))
    assert "Candidat ajouté par la structure" in page and "Proposé(e) à votre structure par Conum" not in page


def test_each_role_sees_only_its_own_scope(client, request, limoges):
    match = proposal(limoges)
    assert statuses_by_persona(client, request, url(match)) == {
        "anonymous": 302,
        "candidate": 403,
        "structure_manager": 200,
        "other_structure_manager": 404,  # another structure's match
        "prefecture_agent": 403,
        "other_prefecture_agent": 403,
        "national_staff": 403,
        "advisor": 403,
        "coordinator": 403,
    }


@pytest.mark.parametrize(
    "status, candidate",
    [
        (MatchStatus.WITHDRAWN, {}),
        (MatchStatus.NEW, {"available": False}),  # the person said they are not available
        (MatchStatus.SHORTLISTED, {"mobility_km": 10}),  # their mobility no longer reaches the structure
        (MatchStatus.NEW, {"email_confirmed_at": None}),
    ],
    ids=["withdrawn", "unavailable", "out-of-reach", "unconfirmed"],
)
def test_a_match_the_structure_may_not_see_is_404(client, limoges, structure_manager, status, candidate):
    match = proposal(limoges, status=status, **candidate)
    client.force_login(structure_manager)
    assert client.get(url(match)).status_code == 404
    assert client.post(url(match), {"message": "Bonjour"}).status_code == 404
    assert client.get("/recrutement/mises-en-relation/999999/").status_code == 404


def test_a_hired_person_stays_visible_with_contact(client, limoges, structure_manager):
    match = proposal(limoges, status=MatchStatus.HIRED, available=False)
    client.force_login(structure_manager)
    page = page_text(client.get(url(match)))
    assert "Recruté" in page and "lea.dupuis@exemple.fr" in page
    assert "Aucune action : recruté." in page
