"""The "Périmètre" list of the statistics page offers, to each role, only the scopes it may open: every offered
scope answers 200 (with the user's own code, or none for its own default kind), every other one a 403."""

# ruff: noqa: F811  (the activity fixtures, imported to be used as fixtures here)

import re

import pytest

from conum.recruitment.models import Advisor
from conum.steering.statistics.scopes import SCOPE_KINDS, kinds_for
from tests.activity.conftest import advisor, hired_advisor, limoges_application, other_advisor  # noqa: F401

URL = "/statistiques/"
OFFERED = {
    "national_staff": list(SCOPE_KINDS),
    "regional_prefecture_agent": ["region", "departement", "commune", "structure", "conseiller"],
    "prefecture_agent": ["departement", "commune", "structure", "conseiller"],
    "other_prefecture_agent": ["departement", "commune", "structure", "conseiller"],
    "structure_manager": ["structure", "conseiller"],
    "other_structure_manager": ["structure", "conseiller"],
    "coordinator": ["conseiller", "equipe"],
    "advisor": ["conseiller"],
}
# The kind each role may open without a code: its own scope.
OWN_WITHOUT_CODE = {
    "national_staff": "national",
    "regional_prefecture_agent": "region",
    "prefecture_agent": "departement",
    "other_prefecture_agent": "departement",
    "structure_manager": "structure",
    "other_structure_manager": "structure",
    "coordinator": "equipe",
    "advisor": "conseiller",
}


@pytest.fixture
def codes(hired_advisor, other_advisor, coordinator):
    """A code of each kind inside each persona's own scope (the Limoges advisor is followed by the coordinator)."""
    Advisor.objects.filter(pk=hired_advisor.pk).update(coordinator=coordinator)
    limoges = {"region": "75", "departement": "87", "commune": "87085",
               "structure": str(hired_advisor.structure_id), "conseiller": str(hired_advisor.pk)}  # fmt: skip
    gueret = {"departement": "23", "commune": "23096", "structure": str(other_advisor.structure_id),
              "conseiller": str(other_advisor.pk)}  # fmt: skip
    everything = limoges | {"national": "", "equipe": str(coordinator.pk)}
    return {
        "national_staff": everything,
        "regional_prefecture_agent": limoges,
        "prefecture_agent": limoges,
        "other_prefecture_agent": gueret,
        "structure_manager": limoges,
        "other_structure_manager": gueret,
        "coordinator": {"conseiller": str(hired_advisor.pk), "equipe": str(coordinator.pk)},
        "advisor": {"conseiller": str(hired_advisor.pk)},
        "any": everything,  # codes that exist, for the kinds that must be refused
    }


def _offered(response) -> list[str]:
    select = re.search(r'<select name="perimetre".*?</select>', response.content.decode(), flags=re.DOTALL)
    return [value for value in re.findall(r'<option value="([^"]*)"', select.group()) if value]


@pytest.mark.parametrize("persona", list(OFFERED))
def test_every_offered_scope_opens_and_no_refused_one_is_offered(client, request, codes, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    offered = _offered(client.get(URL))
    assert offered == kinds_for(user) == [kind for kind in SCOPE_KINDS if kind in OFFERED[persona]]
    for kind in offered:
        response = client.get(URL, {"perimetre": kind, "code": codes[persona][kind]})
        assert response.status_code == 200, (kind, response.status_code)
        assert _offered(response) == offered  # the same list, whatever the scope shown
    for kind in set(SCOPE_KINDS) - set(offered):
        assert client.get(URL, {"perimetre": kind, "code": codes["any"][kind]}).status_code == 403, kind
    own = OWN_WITHOUT_CODE[persona]
    assert client.get(URL, {"perimetre": own}).status_code == 200


def test_a_departement_prefecture_is_not_offered_its_region(client, prefecture_agent, territories):
    client.force_login(prefecture_agent)
    html = client.get(URL).content.decode()
    assert '<option value="national"' not in html and '<option value="region"' not in html
    assert client.get(URL, {"perimetre": "region", "code": "75"}).status_code == 403
    assert client.get(URL, {"perimetre": "national"}).status_code == 403
