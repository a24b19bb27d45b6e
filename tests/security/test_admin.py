"""Issue 14, low item: Django's admin was exposed at /admin/ although nobody used it. It is gone."""

import pytest

from tests.helpers import PERSONAS, statuses_by_persona


@pytest.mark.parametrize("url", ["/admin/", "/admin/login/", "/admin/accounts/user/"])
def test_admin_urls_are_not_found_for_anyone(client, request, programme, url):
    assert statuses_by_persona(client, request, url) == dict.fromkeys(PERSONAS, 404)


def test_a_superuser_finds_no_admin_either(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 404
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 404
