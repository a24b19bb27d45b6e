"""Every URL, every persona: the expected status, as designed.

Public pages answer everyone; staff pages send anonymous people to the login page
and answer other roles with 403; objects outside a role's scope are 404.
"""

import pytest

from tests.helpers import PERSONAS, statuses_by_persona

PUBLIC = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {persona: (302 if persona == "anonymous" else 200) for persona in PERSONAS}
NATIONAL_ONLY = dict.fromkeys(PERSONAS, 403) | {"anonymous": 302, "national_staff": 200}
QUOTA_READERS = NATIONAL_ONLY | {"prefecture_agent": 200, "other_prefecture_agent": 200}

MATRIX = [
    ("/", PUBLIC),
    ("/mentions-legales/", PUBLIC),
    ("/donnees-personnelles/", PUBLIC),
    ("/accessibilite/", PUBLIC),
    ("/securite/", PUBLIC),
    ("/.well-known/security.txt", PUBLIC),
    ("/territoires/communes/?q=limoges", PUBLIC),
    ("/territoires/communes/87085/", PUBLIC),
    ("/api/v1/communes?q=limoges", PUBLIC),
    ("/donnees-ouvertes/", PUBLIC),
    ("/donnees-ouvertes/lieux-de-mediation-numerique.csv", PUBLIC),
    ("/donnees-ouvertes/lieux-de-mediation-numerique.json", PUBLIC),
    ("/compte/mot-de-passe-oublie/", PUBLIC),
    ("/aide-numerique/", PUBLIC),
    ("/aide-numerique/?commune=Saint-Junien&distance=20", PUBLIC),
    ("/aide-numerique/ateliers/", PUBLIC),
    ("/aide-numerique/ateliers/?commune=87200&commune_choix=87154", PUBLIC),
    ("/aide-numerique/mon-niveau/", PUBLIC),
    ("/chiffres-cles/", PUBLIC),
    ("/chiffres-cles/?departement=87", PUBLIC),
    ("/donnees-ouvertes/activite-par-departement-mois-type-theme.csv", PUBLIC),
    ("/api/clients/", NATIONAL_ONLY),
    ("/compte/", SIGNED_IN),
    ("/compte/mot-de-passe/", SIGNED_IN),
    ("/journal/", NATIONAL_ONLY),
    ("/compte/equipe/", NATIONAL_ONLY),
    ("/compte/equipe/inviter/", NATIONAL_ONLY),
    ("/programme/", NATIONAL_ONLY),
    ("/programme/smic/", NATIONAL_ONLY),
    ("/programme/parcours-de-formation/", NATIONAL_ONLY),
    ("/programme/dotations/", QUOTA_READERS),
    ("/programme/dotations/87/", NATIONAL_ONLY),
    ("/programme/dotations/00/", NATIONAL_ONLY | {"national_staff": 404}),
    ("/admin/", dict.fromkeys(PERSONAS, 404)),  # no Django admin (tests/security/test_admin.py)
]


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
