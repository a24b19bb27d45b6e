"""Deployment dashboard: figures, scopes by role, sorting, exports, query counts."""

import csv
import io
import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conum.recruitment import breaks
from conum.recruitment.models import Advisor
from conum.steering.deployment import figures as deployment
from conum.structures.models import Payment, SubsidyAgreement
from conum.territories.models import Departement
from tests.factories import ApplicationFactory, UserFactory
from tests.helpers import close_streamed, page_text, statuses_by_persona
from tests.recruitment.hiring import hire, validated_application

FRANCE = "/pilotage/"
REGION_75 = "/pilotage/regions/75/"  # Nouvelle-Aquitaine: 87, 19, 23 …
REGION_84 = "/pilotage/regions/84/"  # Auvergne-Rhône-Alpes
DEP_87 = "/pilotage/departements/87/"
DEP_23 = "/pilotage/departements/23/"


def _manager():
    return UserFactory(structure_manager=True)


@pytest.fixture
def deployment_data(programme, national_staff):
    """In 87: two validated applications (3 and 2 posts), one hired advisor, one submitted application,
    an agreement of 150,000 € with 50,000 € paid. In 23: one validated application of 4 posts."""
    manager = _manager()
    limoges = validated_application(manager, commune="87085", posts=3)
    saint_junien = validated_application(_manager(), commune="87154", posts=2)
    ApplicationFactory(structure__commune_id="87085", structure__name="Médiathèque en attente")
    gueret = validated_application(_manager(), commune="23096", posts=4)
    advisor = hire(limoges, manager, national_staff)
    agreement = SubsidyAgreement.objects.create(
        application=limoges, rate_eur=Decimal("50000"), amount_eur=Decimal("150000")
    )
    Payment.objects.create(
        agreement=agreement, paid_on=date(2024, 2, 1), amount_eur=Decimal("50000"), reference="V1",
        recorded_by=national_staff,
    )  # fmt: skip
    return {"limoges": limoges, "saint_junien": saint_junien, "gueret": gueret, "advisor": advisor, "manager": manager}


def _row(rows, code):
    return next(row for row in rows if row.code == code)


# --- Figures ------------------------------------------------------------------------------------------


def test_departement_figures(deployment_data):
    rows = deployment.departement_rows(Departement.objects.all())
    assert len(rows) == 109
    haute_vienne = _row(rows, "87").figures
    assert (haute_vienne.quota, haute_vienne.granted, haute_vienne.in_post, haute_vienne.open_posts) == (36, 5, 1, 4)
    assert (haute_vienne.in_training, haute_vienne.certified, haute_vienne.breaks) == (1, 0, 0)
    assert haute_vienne.applications == {"validated": 2, "submitted": 1}
    assert (haute_vienne.committed, haute_vienne.paid, haute_vienne.remaining) == (150000, 50000, 100000)
    assert haute_vienne.progress == Decimal("13.9")
    creuse = _row(rows, "23").figures
    assert (creuse.quota, creuse.granted, creuse.in_post, creuse.open_posts) == (14, 4, 0, 4)
    ain = _row(rows, "01").figures
    assert (ain.quota, ain.granted, ain.progress, ain.applications) == (0, 0, None, {})
    france = deployment.total(rows)
    assert (france.quota, france.granted, france.in_post, france.open_posts) == (72, 9, 1, 8)


def test_training_certification_and_breaks(deployment_data, national_staff):
    limoges, manager = deployment_data["limoges"], deployment_data["manager"]
    certified = deployment_data["advisor"]
    Advisor.objects.filter(pk=certified.pk).update(training_completed=True, ccp1_certified_on=date(2024, 6, 1))
    leaving = hire(limoges, manager, national_staff)
    contract_break = breaks.declare_break(leaving.match, manager, timezone.localdate() + timedelta(days=3), "demission")
    breaks.decide_break(contract_break, national_staff, validate=True)
    figures = _row(deployment.departement_rows(Departement.objects.filter(code="87")), "87").figures
    # The leaving advisor is still in post until the break date; its post is free again at once.
    assert (figures.in_post, figures.in_training, figures.certified, figures.breaks) == (2, 1, 1, 1)
    assert figures.open_posts == 4


def test_structure_rows(deployment_data):
    rows = deployment.structure_rows(Departement.objects.get(code="87"))
    assert len(rows) == 3
    limoges = _row(rows, str(deployment_data["limoges"].structure_id))
    assert (limoges.figures.granted, limoges.figures.in_post, limoges.figures.open_posts) == (3, 1, 2)
    assert (limoges.figures.committed, limoges.figures.paid) == (150000, 50000)
    assert limoges.link_id == deployment_data["limoges"].pk and limoges.parent == "Limoges"
    assert deployment.total(rows).granted == 5


def test_regional_scope(deployment_data, regional_prefecture_agent, prefecture_agent):
    codes = set(deployment.visible_departements(regional_prefecture_agent).values_list("code", flat=True))
    assert {"87", "19", "23"} <= codes and "01" not in codes
    assert list(deployment.visible_departements(prefecture_agent).values_list("code", flat=True)) == ["87"]
    assert not deployment.visible_regions(prefecture_agent).exists()


# --- Pages --------------------------------------------------------------------------------------------


def test_national_page(client, deployment_data, national_staff):
    client.force_login(national_staff)
    response = client.get(FRANCE)
    assert response.status_code == 200
    text = page_text(response)
    assert text.count("<h1") == 1
    assert "9 postes attribués sur 4\u202f000 de l'objectif national (0,2\xa0%)" in text
    assert '<progress class="conum-gauge' in text
    assert "150\u202f000\xa0€" in text and "249\u202f850\u202f000\xa0€" in text  # committed, left to commit
    table = response.context["departements"]
    assert table["count"] == 109
    assert 'href="/pilotage/departements/87/"' in text and 'href="/pilotage/regions/75/"' in text
    haute_vienne = next(cells for cells in table["rows"] if cells[0]["text"] == "Haute-Vienne (87)")
    assert [cell["text"] for cell in haute_vienne[1:4]] == ["36", "5", "13,9\xa0%"]


def test_departement_page(client, deployment_data, prefecture_agent):
    client.force_login(prefecture_agent)
    response = client.get(DEP_87)
    assert response.status_code == 200
    text = page_text(response)
    assert "5 postes attribués sur 36 de la dotation départementale (13,9\xa0%)" in text
    assert "Médiathèque en attente" in text
    assert f'href="/structures/candidatures/{deployment_data["limoges"].pk}/"' in text
    assert "Guéret" not in text
    assert response.context["summary"]["open_posts"] == "4"


def test_region_page(client, deployment_data, regional_prefecture_agent):
    client.force_login(regional_prefecture_agent)
    response = client.get(REGION_75)
    assert response.status_code == 200
    names = [cells[0]["text"] for cells in response.context["departements"]["rows"]]
    assert "Haute-Vienne (87)" in names and "Creuse (23)" in names and "Ain (01)" not in names
    assert response.context["summary"]["granted"] == "9"


def test_prefecture_agents_are_redirected_to_their_territory(
    client, programme, prefecture_agent, regional_prefecture_agent
):
    client.force_login(prefecture_agent)
    assert client.get(FRANCE).url == DEP_87
    client.force_login(regional_prefecture_agent)
    assert client.get(FRANCE).url == REGION_75


@pytest.mark.parametrize(
    "url, expected_prefecture_87",
    [
        (FRANCE, 302),
        (DEP_87, 200),
        (DEP_23, 404),
        (REGION_75, 404),
        ("/pilotage/departements.csv", 200),
        ("/pilotage/departements.xlsx", 200),
        ("/pilotage/regions.csv", 404),
        ("/pilotage/regions.xlsx", 404),
        ("/pilotage/departements/87/structures.csv", 200),
        ("/pilotage/departements/87/structures.xlsx", 200),
        ("/pilotage/departements/23/structures.csv", 404),
    ],
)
def test_permission_matrix(client, request, programme, url, expected_prefecture_87):
    answered = statuses_by_persona(client, request, url)
    assert answered == {
        "anonymous": 302,
        "candidate": 403,
        "structure_manager": 403,
        "other_structure_manager": 403,
        "prefecture_agent": expected_prefecture_87,
        "other_prefecture_agent": 302 if url == FRANCE else (200 if "23" in url or "departements." in url else 404),
        "national_staff": 200,
        "advisor": 403,
        "coordinator": 403,
    }


def test_anonymous_goes_to_login(client, programme):
    for url in (FRANCE, DEP_87, "/pilotage/departements.csv"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/compte/connexion/?next=")


@pytest.mark.parametrize(
    "url, expected",
    [(REGION_75, 200), (REGION_84, 404), (DEP_87, 200), (DEP_23, 200), ("/pilotage/departements/01/", 404)],
)
def test_regional_agent_scope(client, programme, regional_prefecture_agent, url, expected):
    client.force_login(regional_prefecture_agent)
    assert client.get(url).status_code == expected


def test_unknown_territories_are_404(client, programme, national_staff):
    client.force_login(national_staff)
    assert client.get("/pilotage/regions/999/").status_code == 404
    assert client.get("/pilotage/departements/999/").status_code == 404
    assert client.get("/pilotage/regions/abc/").status_code == 404


# --- Sorting ------------------------------------------------------------------------------------------

COLUMNS = [
    "departement", "dotation", "attribues", "avancement", "en_poste", "en_formation", "certifies", "ruptures",
    "vacants", "en_attente", "validees", "engage", "verse", "reste",
]  # fmt: skip


def _first_names(response, count=3):
    return [cells[0]["text"] for cells in response.context["departements"]["rows"][:count]]


@pytest.mark.parametrize("column", COLUMNS)
def test_every_column_sorts_both_ways(client, deployment_data, national_staff, column):
    client.force_login(national_staff)
    ascending = client.get(FRANCE, {"tri": column})
    descending = client.get(FRANCE, {"tri": column, "ordre": "desc"})
    assert ascending.status_code == descending.status_code == 200
    rows_up = [cells[0]["text"] for cells in ascending.context["departements"]["rows"]]
    rows_down = [cells[0]["text"] for cells in descending.context["departements"]["rows"]]
    assert len(rows_up) == len(rows_down) == 109
    assert 'aria-sort="ascending"' in ascending.content.decode()
    assert 'aria-sort="descending"' in descending.content.decode()
    if column not in ("departement", "certifies", "ruptures"):  # those two are 0 everywhere here
        assert "Haute-Vienne (87)" in rows_down[:3]
        assert rows_up[:2] == ["Ain (01)", "Aisne (02)"]  # ties keep the département order


def test_sort_values(client, deployment_data, national_staff):
    client.force_login(national_staff)
    assert _first_names(client.get(FRANCE, {"tri": "dotation", "ordre": "desc"})) == [
        "Haute-Vienne (87)",
        "Corrèze (19)",
        "Creuse (23)",
    ]
    assert _first_names(client.get(FRANCE, {"tri": "attribues", "ordre": "desc"}), 2) == [
        "Haute-Vienne (87)",
        "Creuse (23)",
    ]
    assert _first_names(client.get(FRANCE, {"tri": "departement", "ordre": "desc"}), 1) == ["Île de Clipperton (989)"]
    text = client.get(FRANCE, {"tri": "dotation"}).content.decode()
    assert 'href="?tri=dotation&amp;ordre=desc#departements"' in text


@pytest.mark.parametrize("params", [{"tri": "💥"}, {"tri": "dotation", "ordre": "💥"}, {"tri": ""}, {"ordre": "desc"}])
def test_bad_sort_falls_back_to_default(client, deployment_data, national_staff, params):
    client.force_login(national_staff)
    response = client.get(FRANCE, params)
    assert response.status_code == 200
    assert _first_names(response, 2) == ["Ain (01)", "Aisne (02)"] or params.get("tri") == "dotation"


def test_structures_sort(client, deployment_data, prefecture_agent):
    client.force_login(prefecture_agent)
    for column in ["structure", "commune", "attribues", "en_poste", "vacants", "engage", "verse", "reste"]:
        for order in ("asc", "desc"):
            response = client.get(DEP_87, {"tri": column, "ordre": order})
            assert response.status_code == 200 and response.context["structures"]["count"] == 3
    response = client.get(DEP_87, {"tri": "attribues", "ordre": "desc"})
    assert response.context["structures"]["rows"][0][0]["text"] == deployment_data["limoges"].structure.name


# --- Exports ------------------------------------------------------------------------------------------


def _csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    close_streamed(response)
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))


def _xlsx_text(response):
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        parts = [archive.read(name).decode() for name in names if name.startswith("xl/") and name.endswith(".xml")]
    return "\n".join(parts)


def test_national_csv_export(client, deployment_data, national_staff):
    client.force_login(national_staff)
    response = client.get("/pilotage/departements.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv_rows(response)
    header, lines = rows[0], rows[1:]
    assert header[:5] == ["Code", "Département", "Code région", "Dotation", "Postes attribués"]
    assert len(lines) == 109
    haute_vienne = dict(zip(header, next(line for line in lines if line[0] == "87"), strict=True))
    assert haute_vienne["Dotation"] == "36" and haute_vienne["Postes attribués"] == "5"
    assert haute_vienne["Postes vacants"] == "4" and haute_vienne["Conseillers en poste"] == "1"
    assert haute_vienne["Candidatures : déposée"] == "1" and haute_vienne["Candidatures : validée"] == "2"
    assert haute_vienne["Subvention engagée (€)"] == "150000,00" and haute_vienne["Versé (€)"] == "50000,00"
    assert haute_vienne["Attribués / dotation (%)"] == "13,90"


def test_exports_are_limited_to_the_scope(client, deployment_data, prefecture_agent, regional_prefecture_agent):
    client.force_login(prefecture_agent)
    lines = _csv_rows(client.get("/pilotage/departements.csv"))[1:]
    assert [line[0] for line in lines] == ["87"]
    structures = _csv_rows(client.get("/pilotage/departements/87/structures.csv"))
    assert len(structures) == 4 and not any("Guéret" in line for line in structures)
    assert structures[0][:4] == ["SIRET", "Structure", "Commune", "Postes attribués"]
    client.force_login(regional_prefecture_agent)
    codes = [line[0] for line in _csv_rows(client.get("/pilotage/departements.csv", {"region": "75"}))[1:]]
    assert {"87", "23", "19"} <= set(codes) and "01" not in codes
    assert client.get("/pilotage/departements.csv", {"region": "84"}).status_code == 404


def test_region_export(client, deployment_data, national_staff):
    client.force_login(national_staff)
    lines = _csv_rows(client.get("/pilotage/regions.csv"))
    nouvelle_aquitaine = next(line for line in lines if line[0] == "75")
    assert nouvelle_aquitaine[1] == "Nouvelle-Aquitaine" and nouvelle_aquitaine[2:4] == ["72", "9"]


def test_xlsx_exports(client, deployment_data, national_staff):
    client.force_login(national_staff)
    for url in ("/pilotage/departements.xlsx", "/pilotage/regions.xlsx", "/pilotage/departements/87/structures.xlsx"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        text = _xlsx_text(response)
        assert "Postes attribués" in text
    structures = _xlsx_text(client.get("/pilotage/departements/87/structures.xlsx"))
    assert deployment_data["limoges"].structure.siret in structures and "Guéret" not in structures


@pytest.mark.parametrize(
    "params", [{"region": "%00"}, {"region": "\x00"}, {"region": "💥"}, {"region": ""}, {"departement": "%00"}]
)
def test_junk_export_params(client, programme, national_staff, params):
    client.force_login(national_staff)
    response = client.get("/pilotage/departements.csv", params)
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        close_streamed(response)


def test_junk_page_params(client, programme, national_staff):
    client.force_login(national_staff)
    for url in (FRANCE, REGION_75, DEP_87):
        assert client.get(url, {"tri": "💥", "ordre": "\x00", "departement": "%00"}).status_code == 200


# --- Query counts -------------------------------------------------------------------------------------


def _spread(national_staff, codes_and_communes):
    for commune in codes_and_communes:
        manager = _manager()
        application = validated_application(manager, commune=commune, posts=2)
        hire(application, manager, national_staff)
        ApplicationFactory(structure__commune_id=commune)


@pytest.mark.parametrize("url", [FRANCE, REGION_75, DEP_87, "/pilotage/departements.xlsx"])
def test_query_count_does_not_grow(client, programme, national_staff, django_assert_max_num_queries, url):
    client.force_login(national_staff)
    _spread(national_staff, ["87085"])
    # 13: django-otp's middleware reads the session's verified device once per request.
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200
    _spread(national_staff, ["87154", "87085", "23096", "19272", "19031"])
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200


def test_heading_and_captions(client, deployment_data, national_staff):
    client.force_login(national_staff)
    text = page_text(client.get(DEP_87))
    assert len(re.findall(r"<h1[ >]", text)) == 1
    assert "<caption>Structures d'accueil, Haute-Vienne" in text


def test_region_page_sorts(client, deployment_data, national_staff):
    client.force_login(national_staff)
    response = client.get(REGION_75, {"tri": "attribues", "ordre": "desc"})
    names = [cells[0]["text"] for cells in response.context["departements"]["rows"]]
    assert names[:2] == ["Haute-Vienne (87)", "Creuse (23)"]
    assert 'href="/pilotage/"' in page_text(response)  # breadcrumb back to France


def test_national_target_comes_from_the_parameters(client, deployment_data, national_staff):
    from conum.programme.models import ProgrammeParameters

    ProgrammeParameters.objects.filter(pk=1).update(national_target_posts=5000)
    client.force_login(national_staff)
    assert "9 postes attribués sur 5\u202f000 de l'objectif national" in page_text(client.get(FRANCE))
