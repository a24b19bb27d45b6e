"""API clients of the activity tests' advisors in post, whose fixtures are shared here."""

import pytest

from conum.api.clients import services as clients
from tests.activity import conftest as activity

# The activity tests' advisors in post (tests/activity/conftest.py).
limoges_application = activity.limoges_application
hired_advisor = activity.hired_advisor
advisor = activity.advisor
other_advisor = activity.other_advisor
place = activity.place

READ, WRITE = "reports:read", "reports:write"


def make_token(national_staff, owner, scopes=(READ, WRITE), name="Logiciel de saisie") -> str:
    _client, token = clients.create_client(national_staff, name, owner, list(scopes))
    return token


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def token(national_staff, advisor):
    return make_token(national_staff, advisor)


@pytest.fixture
def read_token(national_staff, advisor):
    return make_token(national_staff, advisor, scopes=[READ])
