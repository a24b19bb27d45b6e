"""Every URL of the structures app, every persona (the application is in Haute-Vienne)."""

import pytest

from conum.structures import workflow
from conum.structures.enums import ApplicationStatus
from tests.helpers import PERSONAS, statuses_by_persona

from .conftest import COMMITTEE


def expect(default, **overrides):
    return dict.fromkeys(PERSONAS, default) | overrides


STAFF_OR_PREFECTURE = expect(403, anonymous=302, prefecture_agent=200, other_prefecture_agent=200, national_staff=200)
MATRIX = [
    ("/structures/candidater/", expect(200)),
    ("/structures/ma-structure/", expect(403, anonymous=302, structure_manager=200, other_structure_manager=200)),
    # a new application: the structure's live one comes first (302 to the space); another structure's is 404
    (
        "/structures/ma-structure/{structure_pk}/nouvelle-candidature/",
        expect(403, anonymous=302, structure_manager=302, other_structure_manager=404),
    ),
    ("/structures/prefecture/", expect(403, anonymous=302, prefecture_agent=200, other_prefecture_agent=200)),
    ("/structures/comite/", expect(403, anonymous=302, national_staff=200)),
    ("/structures/enveloppe/", STAFF_OR_PREFECTURE),
    ("/structures/export.csv", STAFF_OR_PREFECTURE),
    ("/structures/export.xlsx", STAFF_OR_PREFECTURE),
    # the application of Haute-Vienne: the Creuse prefecture does not find it
    ("/structures/candidatures/{pk}/", STAFF_OR_PREFECTURE | {"other_prefecture_agent": 404}),
]


@pytest.mark.parametrize("url, expected", MATRIX, ids=[url for url, _ in MATRIX])
def test_structures_permission_matrix(client, request, application, other_application, url, expected):
    assert (
        statuses_by_persona(client, request, url.format(pk=application.pk, structure_pk=application.structure_id))
        == expected
    )


def test_structure_sees_only_its_own_application(client, application, other_application, structure_manager):
    client.force_login(structure_manager)
    page = client.get("/structures/ma-structure/").content.decode()
    assert application.structure.name in page and other_application.structure.name not in page


def test_amendment_on_another_structure_is_404(
    client, application, other_application, national_staff, other_structure_manager
):
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    client.force_login(other_structure_manager)
    response = client.post(
        f"/structures/ma-structure/candidatures/{application.pk}/avenant/", {"kind": "add", "posts": "1"}
    )
    assert response.status_code == 404
    assert not application.amendments.exists()


def test_prefecture_queue_is_scoped(
    client, application, other_application, prefecture_agent, regional_prefecture_agent
):
    client.force_login(prefecture_agent)
    page = client.get("/structures/prefecture/").content.decode()
    assert application.structure.name in page and other_application.structure.name not in page
    client.force_login(regional_prefecture_agent)  # Nouvelle-Aquitaine: both 87 and 23
    page = client.get("/structures/prefecture/").content.decode()
    assert application.structure.name in page and other_application.structure.name in page


def test_opinion_post_outside_the_territory_is_404(client, application, other_prefecture_agent):
    client.force_login(other_prefecture_agent)
    data = {
        "action": "opinion",
        "verdict": "favourable",
        "posts_recommended": "2",
        "comment": "Tentative hors périmètre.",
    }
    assert client.post(f"/structures/candidatures/{application.pk}/", data).status_code == 404
    assert not application.opinions.exists()
