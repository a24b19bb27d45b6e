from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conum.core.models import Journal
from conum.recruitment import matching
from conum.recruitment.enums import MatchOrigin, MatchStatus
from conum.recruitment.models import Candidate, Match
from conum.structures.models import StructureApplication, StructureMembership
from conum.territories.models import Commune
from tests.factories import ApplicationFactory, CandidateFactory
from tests.helpers import PERSONAS, page_text, statuses_by_persona
from tests.recruitment.builders import validated

LIMOGES, NIEUL, SAINT_JUNIEN, TULLE = "87085", "87107", "87154", "19272"  # Nieul 9.2, Saint-Junien 28.4, Tulle 76 km


@pytest.fixture
def limoges(territories, structure_manager):
    application = validated(LIMOGES, posts=2)
    StructureMembership.objects.create(structure=application.structure, user=structure_manager)
    return application


def url(application):
    return f"/recrutement/structures/{application.pk}/rechercher/"


def listed_names(page):
    """The search results' names, in page order."""
    return [line.split("</th>")[0].split(">")[-1] for line in page.split('<th scope="row">')[1:]]


def test_available_people_within_the_radius_whose_mobility_covers_the_structure(client, limoges, structure_manager):
    CandidateFactory(last_name="Tulle", commune_id=TULLE, mobility_km=100)
    CandidateFactory(last_name="Junien", commune_id=SAINT_JUNIEN, mobility_km=40)
    CandidateFactory(last_name="Nieul", commune_id=NIEUL, mobility_km=10)
    CandidateFactory(last_name="Casanier", commune_id=NIEUL, mobility_km=5)  # 9.2 km: beyond what they accept
    CandidateFactory(last_name="Indisponible", commune_id=LIMOGES, available=False)
    CandidateFactory(last_name="Nonconfirme", commune_id=LIMOGES, email_confirmed_at=None)
    CandidateFactory(last_name="Efface", commune_id=LIMOGES, erased_at=timezone.now())
    overseas = CandidateFactory(last_name="Outremer", commune_id=LIMOGES)
    Candidate.objects.filter(pk=overseas.pk).update(territory="971")  # the territory rule, not the distance
    client.force_login(structure_manager)
    page = page_text(client.get(url(limoges), {"rayon": "40"}))
    assert listed_names(page) == ["Sam Nieul", "Sam Junien"]
    assert "9,2 km" in page and "28,4 km" in page and "2 personnes disponibles à 40 km au plus" in page
    assert listed_names(page_text(client.get(url(limoges), {"rayon": "100"}))) == [
        "Sam Nieul",
        "Sam Junien",
        "Sam Tulle",
    ]
    assert listed_names(page_text(client.get(url(limoges)))) == ["Sam Nieul"]  # 20 km by default


def test_people_already_in_the_list_are_left_out_unless_withdrawn(client, limoges, structure_manager):
    CandidateFactory(last_name="Propose", commune_id=NIEUL, mobility_km=40)
    withdrawn = CandidateFactory(last_name="Retire", commune_id=NIEUL, mobility_km=40)
    matching.run()
    Match.objects.filter(candidate=withdrawn).update(status=MatchStatus.WITHDRAWN)
    client.force_login(structure_manager)
    assert listed_names(page_text(client.get(url(limoges)))) == ["Sam Retire"]


def test_adding_a_person_creates_a_manual_match(client, limoges, structure_manager):
    far = CandidateFactory(last_name="Tulle", commune_id=TULLE, mobility_km=100)
    client.force_login(structure_manager)
    response = client.post(url(limoges) + "?rayon=100&page=1", {"candidate": far.pk})
    assert response.status_code == 302 and response.url == url(limoges) + "?rayon=100&page=1"
    match = Match.objects.get(candidate=far, application=limoges)
    assert (match.origin, match.status) == (MatchOrigin.MANUAL, MatchStatus.NEW)
    assert match.distance_km == Decimal("76.0")
    entry = Journal.objects.get(action="recruitment.match_added")
    assert entry.actor == structure_manager and entry.after["origin"] == "manual" and "Tulle" not in entry.object_repr
    page = page_text(client.get(response.url))
    assert "Sam Tulle est ajouté(e) à vos candidats." in page and "Sam Tulle</th>" not in page
    page = page_text(client.get(f"/recrutement/structures/{limoges.pk}/candidats/"))
    assert "Sam Tulle" in page and "Ajouté(e) par votre structure" in page and "76,0 km" in page


def test_a_withdrawn_match_is_added_again(client, limoges, structure_manager):
    person = CandidateFactory(commune_id=NIEUL, mobility_km=40)
    matching.run()
    Match.objects.filter(candidate=person).update(status=MatchStatus.WITHDRAWN)
    client.force_login(structure_manager)
    client.post(url(limoges), {"candidate": person.pk})
    match = Match.objects.get(candidate=person)
    assert (match.status, match.origin) == (MatchStatus.NEW, MatchOrigin.MANUAL)
    assert Journal.objects.get(action="recruitment.match_added").before == {"status": "withdrawn", "origin": "matching"}


@pytest.mark.parametrize(
    "change, message",
    [
        ("unavailable", "Cette personne n'est plus disponible : elle ne peut pas être ajoutée."),
        ("erased", "Cette personne n'est plus disponible : elle ne peut pas être ajoutée."),
        ("overseas", "Cette personne n'est plus disponible : elle ne peut pas être ajoutée."),
        ("listed", "Sam Ajout est déjà dans votre liste de candidats."),
        ("no_post", "Aucun poste n'est ouvert : 2 postes attribués, 2 contrats signés ou proposés."),
    ],
)
def test_additions_refused_with_a_clear_message(client, limoges, structure_manager, change, message):
    person = CandidateFactory(last_name="Ajout", commune_id=NIEUL)
    if change == "unavailable":
        Candidate.objects.filter(pk=person.pk).update(available=False)
    elif change == "erased":
        Candidate.objects.filter(pk=person.pk).update(erased_at=timezone.now())
    elif change == "overseas":
        Candidate.objects.filter(pk=person.pk).update(territory="971")
    elif change == "listed":
        Match.objects.create(candidate=person, application=limoges, status=MatchStatus.DECLINED, distance_km=9)
    else:
        for _ in range(2):
            Match.objects.create(
                candidate=CandidateFactory(), application=limoges, status=MatchStatus.HIRED, distance_km=1
            )
    before = set(Match.objects.values_list("pk", "status", "origin"))
    client.force_login(structure_manager)
    response = client.post(url(limoges), {"candidate": person.pk}, follow=True)
    assert message in page_text(response)
    assert set(Match.objects.values_list("pk", "status", "origin")) == before
    assert not Journal.objects.filter(action="recruitment.match_added").exists()


def test_no_one_beyond_the_largest_radius(client, limoges, structure_manager):
    from conum.territories.loader import load_territories

    load_territories(departements=["06"])
    nice = CandidateFactory(commune_id="06088", mobility_km=0)  # France entière, about 530 km from Limoges
    client.force_login(structure_manager)
    assert "Sam " not in page_text(client.get(url(limoges), {"rayon": "100"}))
    response = client.post(url(limoges), {"candidate": nice.pk}, follow=True)
    assert "Cette personne habite à plus de 100 km de votre structure." in page_text(response)
    assert not Match.objects.exists()


def test_no_add_button_when_every_post_is_taken(client, limoges, structure_manager):
    StructureApplication.objects.filter(pk=limoges.pk).update(posts_granted=1)
    Match.objects.create(candidate=CandidateFactory(), application=limoges, status=MatchStatus.HIRED, distance_km=1)
    CandidateFactory(commune_id=NIEUL)
    client.force_login(structure_manager)
    page = page_text(client.get(url(limoges)))
    assert "Tous vos postes sont pourvus ou proposés" in page and "Ajouter à mes candidats" not in page


@pytest.mark.parametrize("change", [{"available": False}, {"mobility_km": 40}])
def test_matching_keeps_manual_additions_while_the_person_stays_matchable_and_within_reach(
    client, limoges, structure_manager, change
):
    # Available too late for matching to propose Limoges (mission start + 30 days): only the addition holds it.
    later = timezone.localdate() + timedelta(days=90)
    far = CandidateFactory(commune_id=TULLE, mobility_km=100, available_from=later)
    client.force_login(structure_manager)
    client.post(url(limoges), {"candidate": far.pk})
    matching.run()
    matching.run(candidates=Candidate.objects.filter(pk=far.pk))
    matching.run(applications=StructureApplication.objects.filter(pk=limoges.pk))
    assert Match.objects.get(candidate=far).status == MatchStatus.NEW
    Candidate.objects.filter(pk=far.pk).update(**change)  # unavailable, or no longer accepts 76 km
    matching.run()
    assert Match.objects.get(candidate=far).status == MatchStatus.WITHDRAWN


def test_who_may_search(client, request, limoges):
    expected = dict.fromkeys(PERSONAS, 403) | {
        "anonymous": 302, "structure_manager": 200, "other_structure_manager": 404,
    }  # fmt: skip
    assert statuses_by_persona(client, request, url(limoges)) == expected
    client.logout()
    assert client.get(url(limoges)).url.startswith("/compte/connexion/?next=")


def test_other_structures_cannot_add_and_unvalidated_applications_are_not_found(
    client, limoges, structure_manager, other_structure_manager, prefecture_agent
):
    person = CandidateFactory(commune_id=NIEUL)
    client.force_login(other_structure_manager)
    assert client.post(url(limoges), {"candidate": person.pk}).status_code == 404
    client.force_login(prefecture_agent)
    assert client.post(url(limoges), {"candidate": person.pk}).status_code == 403
    client.logout()
    assert client.post(url(limoges), {"candidate": person.pk}).status_code == 302
    assert not Match.objects.exists()
    submitted = ApplicationFactory(structure__commune_id=LIMOGES)
    StructureMembership.objects.create(structure=submitted.structure, user=structure_manager)
    client.force_login(structure_manager)
    assert client.get(url(submitted)).status_code == 404
    assert client.post(url(submitted), {"candidate": person.pk}).status_code == 404
    assert client.get("/recrutement/structures/999999/rechercher/").status_code == 404


@pytest.mark.parametrize("radius", ["abc", "1000", "7", "", "-5", "\x00", "x" * 5000, "💥"])
def test_bad_radius_gives_a_message(client, limoges, structure_manager, radius):
    CandidateFactory(commune_id=NIEUL)
    client.force_login(structure_manager)
    response = client.get(url(limoges), {"rayon": radius, "page": radius})
    assert response.status_code == 200
    page = page_text(response)
    assert "Choisissez une distance" in page and "Sam " not in page


@pytest.mark.parametrize("junk", ["abc", "", "0", "-1", "99999999999999999999", "\x00", "1.5"])
def test_bad_candidate_in_the_add_form(client, limoges, structure_manager, junk):
    client.force_login(structure_manager)
    response = client.post(url(limoges), {"candidate": junk}, follow=True)
    assert response.status_code == 200
    assert "Choisissez une personne dans la liste des résultats." in page_text(response)
    assert not Match.objects.exists()


def test_unknown_person_is_refused(client, limoges, structure_manager):
    client.force_login(structure_manager)
    response = client.post(url(limoges), {"candidate": "424242"}, follow=True)
    assert "Cette personne n'est plus disponible" in page_text(response)


def test_a_structure_commune_without_coordinates(client, limoges, structure_manager):
    Commune.objects.filter(pk=LIMOGES).update(latitude=None, longitude=None)
    client.force_login(structure_manager)
    page = page_text(client.get(url(limoges)))
    assert "La commune de votre structure n'a pas de coordonnées connues" in page


def test_queries_do_not_grow_with_rows_and_pages(client, limoges, structure_manager, django_assert_max_num_queries):
    CandidateFactory.create_batch(60, commune_id=NIEUL)
    CandidateFactory.create_batch(10, commune_id=SAINT_JUNIEN)
    client.force_login(structure_manager)
    with django_assert_max_num_queries(6):
        first = page_text(client.get(url(limoges), {"rayon": "40"}))
    with django_assert_max_num_queries(6):
        second = page_text(client.get(url(limoges), {"rayon": "40", "page": "2"}))
    assert "70 personnes disponibles" in first and "1 / 2" in first
    assert first.count("9,2 km") == 50 and second.count("9,2 km") == 10 and second.count("28,4 km") == 10


def test_the_candidate_list_links_to_the_search(client, limoges, structure_manager):
    client.force_login(structure_manager)
    page = page_text(client.get(f"/recrutement/structures/{limoges.pk}/candidats/"))
    assert f'href="{url(limoges)}"' in page
