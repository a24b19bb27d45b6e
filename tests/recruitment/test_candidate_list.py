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


def _csv(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_export_follows_the_filters_and_gives_contact_details_once_shortlisted(client, limoges, structure_manager):
    loin = CandidateFactory(
        first_name="Loin", last_name="Dupont", commune_id="87154", mobility_km=40, phone="+33555123456",
        email="loin@exemple.fr", mediation_diploma=True, diploma_name="DU", pix_level_1=2, pix_level_2=3,
        pix_level_3=2,
    )  # fmt: skip
    CandidateFactory(first_name="Proche", commune_id="87085", mobility_km=5, has_experience=True)
    declined = CandidateFactory(first_name="Ecarte", commune_id="87085", mobility_km=5)
    matching.run()
    Match.objects.filter(candidate=declined).update(status=MatchStatus.DECLINED)
    Match.objects.filter(candidate=loin).update(status=MatchStatus.SHORTLISTED)
    client.force_login(structure_manager)
    page = page_text(client.get(f"/recrutement/structures/{limoges.pk}/candidats/", {"distance": "40"}))
    assert f'href="/recrutement/structures/{limoges.pk}/candidats/export.csv?distance=40"' in page
    response = client.get(f"/recrutement/structures/{limoges.pk}/candidats/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="candidats-{limoges.pk}-')
    lines = _csv(response).strip().splitlines()
    assert lines[0] == (
        "\ufeffPrénom;Nom;Commune;Code INSEE;Distance (km);Statut;Disponible le;Expérience en médiation numérique;"
        "Diplômé(e) de la médiation numérique;Nom du diplôme;Niveau Pix;Téléphone;Adresse e-mail"
    )
    assert [line.split(";")[0] for line in lines[1:]] == ["Proche", "Loin"]  # nearest first, declined left out
    assert lines[1].split(";")[-2:] == ["", ""]  # not shortlisted: no contact details
    loin = lines[2].split(";")
    assert loin[1:6] == ["Dupont", "Saint-Junien", "87154", "28,40", "Présélectionnée"]
    assert loin[7:] == ["non", "oui", "DU", "2", "'+33555123456", "loin@exemple.fr"]  # "+…" neutralised
    only_experienced = _csv(client.get(f"/recrutement/structures/{limoges.pk}/candidats/export.csv?experience=on"))
    assert "Proche" in only_experienced and "Loin" not in only_experienced
    declined_only = _csv(client.get(f"/recrutement/structures/{limoges.pk}/candidats/export.csv?status=declined"))
    assert "Ecarte" in declined_only and "Proche" not in declined_only


def test_xlsx_export(client, limoges, structure_manager):
    import io
    import zipfile

    CandidateFactory(first_name="Loin", commune_id="87154", email="loin@exemple.fr")
    matching.run()
    Match.objects.update(status=MatchStatus.SHORTLISTED)
    client.force_login(structure_manager)
    response = client.get(f"/recrutement/structures/{limoges.pk}/candidats/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode()
    assert "loin@exemple.fr" in strings and "Adresse e-mail" in strings


@pytest.mark.parametrize("export", ["export.csv", "export.xlsx"])
def test_who_may_export(client, request, limoges, export):
    from tests.helpers import PERSONAS, statuses_by_persona

    CandidateFactory(email="secret@exemple.fr")
    matching.run()
    url = f"/recrutement/structures/{limoges.pk}/candidats/{export}"
    expected = dict.fromkeys(PERSONAS, 403) | {
        "anonymous": 302, "structure_manager": 200, "other_structure_manager": 404,
    }  # fmt: skip
    assert statuses_by_persona(client, request, url) == expected
    client.logout()
    assert client.get(url).url.startswith("/compte/connexion/?next=")


@pytest.mark.parametrize("junk", ["\x00", "abc", "x" * 5000, "💥", "-1"])
def test_export_survives_junk_filters(client, limoges, structure_manager, junk):
    CandidateFactory(first_name="Loin")
    matching.run()
    client.force_login(structure_manager)
    params = dict.fromkeys(["status", "distance", "available_by", "experience", "page"], junk)
    response = client.get(f"/recrutement/structures/{limoges.pk}/candidats/export.csv", params)
    assert response.status_code == 200 and "Loin" in _csv(response)  # bad filters are ignored, as on the list


def test_pages_count_from_the_status_counts_unless_another_filter(
    client, limoges, structure_manager, django_assert_num_queries
):
    """Without a filter beyond the status, the list's length is the counts' sum: no count query; the pages agree."""
    for index in range(23):
        CandidateFactory(first_name=f"Personne{index:02d}", commune_id="87085", mobility_km=30)
    CandidateFactory(first_name="Lointaine", commune_id="87154", mobility_km=40)
    matching.run()
    Match.objects.filter(candidate__first_name="Personne00").update(status=MatchStatus.DECLINED)
    client.force_login(structure_manager)
    url = f"/recrutement/structures/{limoges.pk}/candidats/"
    with django_assert_num_queries(6):  # session, user, application, counts by status, page ids, page rows
        first = page_text(client.get(url))
    assert "23 candidats, le plus proche d'abord" in first and "Personne00" not in first
    assert all(f"Personne{index:02d}" in first for index in range(1, 23)) and "Lointaine" in first
    declined = page_text(client.get(url, {"status": "declined"}))
    assert "1 candidat, le plus proche d'abord" in declined and "Personne00" in declined
    near = page_text(client.get(url, {"distance": "5"}))  # another filter: counted by the database
    assert "22 candidats, le plus proche d'abord" in near and "Lointaine" not in near
