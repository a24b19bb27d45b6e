import re

import pytest
from django.core import mail

from conum.accounts.models import User
from conum.core.models import Journal
from conum.core.roles import Role
from tests.factories import UserFactory
from tests.helpers import page_text


def _invite(client, **data):
    payload = {"email": "agent@haute-vienne.gouv.fr", "first_name": "Inès", "last_name": "Roux", "role": ""} | data
    return client.post("/compte/equipe/inviter/", payload)


def test_invited_prefecture_agent_chooses_a_password_and_signs_in(
    client, territories, national_staff, django_capture_on_commit_callbacks
):
    client.force_login(national_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, email="Agent@Haute-Vienne.gouv.fr", role="prefecture_agent", departement="87")
    assert response.status_code == 302
    agent = User.objects.get(email="agent@haute-vienne.gouv.fr")
    assert (agent.role, agent.departement_id, agent.region_id) == (Role.PREFECTURE_AGENT, "87", None)
    assert Journal.objects.get(action="accounts.opened").actor == national_staff

    message = mail.outbox[0]
    assert message.to == ["agent@haute-vienne.gouv.fr"]
    assert "« Préfecture » pour la Haute-Vienne (87)" in message.body
    link = re.search(r"https?://[^/]+(/compte/mot-de-passe-oublie/\S+/)", message.body).group(1)

    client.logout()
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    password = "une phrase de passe bien longue"
    client.post(form_url, {"new_password1": password, "new_password2": password})
    response = client.post("/compte/connexion/", {"username": "agent@haute-vienne.gouv.fr", "password": password})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "data, message",
    [
        ({"role": "prefecture_agent"}, "soit un département, soit une région"),
        ({"role": "prefecture_agent", "departement": "87", "region": "75"}, "soit un département, soit une région"),
        (
            {"role": "coordinator", "departement": "87"},
            "Seuls les comptes de préfecture sont rattachés à un territoire.",
        ),
        ({"role": "advisor"}, "Choisissez un rôle dans la liste."),
        ({"role": ""}, "Choisissez un rôle."),
        ({"role": "coordinator", "email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide"),
        (
            {"role": "coordinator", "email": "NATIONAL@anct.example"},
            "Un compte existe déjà pour l'adresse national@anct.example.",
        ),
        ({"role": "prefecture_agent", "departement": "999"}, "Choisissez un département dans la liste."),
        ({"role": "coordinator", "last_name": "x" * 151}, "150 caractères"),
    ],
)
def test_bad_invitations_are_refused_and_change_nothing(client, territories, national_staff, data, message):
    client.force_login(national_staff)
    users = User.objects.count()
    response = _invite(client, **data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert User.objects.count() == users
    assert not Journal.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("persona", ["prefecture_agent", "structure_manager", "advisor", "coordinator", "candidate"])
def test_only_national_staff_manages_accounts(client, request, territories, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get("/compte/equipe/").status_code == 403
    assert _invite(client, role="national_staff").status_code == 403
    assert not User.objects.filter(email="agent@haute-vienne.gouv.fr").exists()


def test_deactivated_account_cannot_sign_in(client, national_staff, prefecture_agent):
    client.force_login(national_staff)
    response = client.post(f"/compte/equipe/{prefecture_agent.pk}/activation/", {"active": "0"})
    assert response.status_code == 302
    prefecture_agent.refresh_from_db()
    assert not prefecture_agent.is_active
    assert Journal.objects.get(action="accounts.deactivated").before == {"is_active": True}
    client.logout()
    from tests.factories import PASSWORD

    response = client.post("/compte/connexion/", {"username": prefecture_agent.email, "password": PASSWORD})
    assert response.status_code == 200


def test_staff_cannot_deactivate_themselves_or_reach_other_accounts(client, national_staff, advisor):
    client.force_login(national_staff)
    client.post(f"/compte/equipe/{national_staff.pk}/activation/", {"active": "0"})
    national_staff.refresh_from_db()
    assert national_staff.is_active
    # advisors' accounts are not managed here: 404, not a silent change
    assert client.post(f"/compte/equipe/{advisor.pk}/activation/", {"active": "0"}).status_code == 404
    assert client.get(f"/compte/equipe/{national_staff.pk}/activation/").status_code == 405


def test_team_list_is_paginated_with_bounded_queries(client, national_staff, django_assert_max_num_queries):
    UserFactory.create_batch(60, coordinator=True)
    client.force_login(national_staff)
    with django_assert_max_num_queries(8):
        response = client.get("/compte/equipe/")
    page = page_text(response)
    assert "61 comptes" in page
    assert "1 / 2" in page
    found = page_text(client.get("/compte/equipe/", {"q": "NATIONAL@anct"}))
    assert found.count('<th scope="row">') == 1 and "national@anct.example" in found
