"""Every URL, every persona: the expected status, as designed.

Public pages answer everyone; staff pages send anonymous people to the login page
and answer other roles with 403; objects outside a role's scope are 404.
"""

import pytest

from tests.helpers import PERSONAS, statuses_by_persona
from tests.permission_matrix import MATRIX


@pytest.mark.parametrize("url, expected", MATRIX, ids=[url for url, _ in MATRIX])
def test_permission_matrix(client, request, programme, url, expected):
    assert statuses_by_persona(client, request, url) == expected
    if expected["anonymous"] == 302:
        client.logout()
        assert client.get(url).url.startswith("/compte/connexion/?next=")


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in ("anonymous", "national_staff")])
def test_staff_edits_are_refused_to_other_roles(client, request, programme, persona):
    from conum.programme.models import DepartementQuota

    client.force_login(request.getfixturevalue(persona))
    assert client.post("/programme/dotations/87/", {"posts": "1"}).status_code == 403
    assert DepartementQuota.objects.get(departement="87").posts == 36


def test_login_page_redirects_signed_in_people(client, advisor):
    client.force_login(advisor)
    assert client.get("/compte/connexion/").status_code == 302
