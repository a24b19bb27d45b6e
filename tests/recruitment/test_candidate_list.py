import pytest

from conum.core.models import Journal
from conum.recruitment import matching
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import Match
from conum.structures.models import StructureApplication, StructureMembership
from tests.factories import ApplicationFactory, CandidateFactory
from tests.helpers import page_text


@pytest.fixture
def limoges(territories, structure_manager):
    application = ApplicationFactory(structure__commune_id="87085", structure__name="Mairie de Limoges")
    StructureApplication.objects.filter(pk=application.pk).update(status="validated", posts_granted=2)
    StructureMembership.objects.create(structure=application.structure, user=structure_manager)
    return application


def test_list_is_nearest_first_with_filters(client, limoges, structure_manager, django_assert_max_num_queries):
    CandidateFactory(first_name="Loin", commune_id="87154", mobility_km=40)  # Saint-Junien, 28.4 km
    CandidateFactory(first_name="Proche", commune_id="87085", mobility_km=5, has_experience=True)  # Limoges
    CandidateFactory(first_name="Moyen", commune_id="87107", mobility_km=10)  # Nieul, 9.2 km
    matching.run()
    client.force_login(structure_manager)
    with django_assert_max_num_queries(10):
        page = page_text(client.get(f"/recrutement/structures/{limoges.pk}/candidats/"))
    assert page.index("Proche") < page.index("Moyen") < page.index("Loin")
    assert "28,4 km" in page
    page = page_text(client.get(f"/recrutement/structures/{limoges.pk}/candidats/", {"distance": "10"}))
    assert "Moyen" in page and "Loin" not in page
    page = page_text(client.get(f"/recrutement/structures/{limoges.pk}/candidats/", {"experience": "on"}))
    assert "Proche" in page and "Moyen" not in page


def test_shortlist_decline_and_reconsider(client, limoges, structure_manager):
    candidate = CandidateFactory()
    matching.run()
    match = Match.objects.get(candidate=candidate)
    client.force_login(structure_manager)
    for name, status in [("shortlist", "shortlisted"), ("decline", "declined"), ("reconsider", "new")]:
        client.post(f"/recrutement/mises-en-relation/{match.pk}/{name}/")
        match.refresh_from_db()
        assert match.status == status
    assert Journal.objects.filter(action__startswith="recruitment.match_").count() == 3
    client.post(f"/recrutement/mises-en-relation/{match.pk}/reconsider/")  # not from "new"
    match.refresh_from_db()
    assert match.status == MatchStatus.NEW
    assert client.post(f"/recrutement/mises-en-relation/{match.pk}/unknown/").status_code == 302
    match.refresh_from_db()
    assert match.status == MatchStatus.NEW


def test_other_structures_and_roles_get_404_or_403(client, limoges, other_structure_manager, prefecture_agent):
    CandidateFactory()
    matching.run()
    match = Match.objects.get()
    client.force_login(other_structure_manager)
    assert client.get(f"/recrutement/structures/{limoges.pk}/candidats/").status_code == 404
    assert client.post(f"/recrutement/mises-en-relation/{match.pk}/shortlist/").status_code == 404
    client.force_login(prefecture_agent)
    assert client.get(f"/recrutement/structures/{limoges.pk}/candidats/").status_code == 403
    client.logout()
    assert client.get(f"/recrutement/structures/{limoges.pk}/candidats/").status_code == 302
    match.refresh_from_db()
    assert match.status == MatchStatus.NEW
