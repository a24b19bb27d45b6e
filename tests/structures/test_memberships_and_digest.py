from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conum.accounts.models import User
from conum.structures.digest import send_prefecture_digests
from conum.structures.models import StructureApplication, StructureMembership
from tests.factories import UserFactory
from tests.helpers import page_text


def test_manager_invites_a_colleague(client, application, structure_manager, django_capture_on_commit_callbacks):
    client.force_login(structure_manager)
    url = f"/structures/ma-structure/{application.structure.pk}/collegues/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "Collegue@Mairie.example", "first_name": "Noé"})
    assert response.status_code == 302
    colleague = User.objects.get(email="collegue@mairie.example")
    assert colleague.role == "structure_manager"
    assert StructureMembership.objects.filter(structure=application.structure, user=colleague).exists()
    assert "/compte/mot-de-passe-oublie/" in mail.outbox[0].body
    # again: refused, nothing added
    client.post(url, {"email": "collegue@mairie.example"})
    assert StructureMembership.objects.filter(user=colleague).count() == 1
    assert "a déjà accès" in page_text(client.get("/structures/ma-structure/"))


@pytest.mark.parametrize(
    "email, message", [("pas-une-adresse", "Saisissez une adresse e-mail valide"), ("", "Indiquez l'adresse")]
)
def test_bad_colleague_address(client, application, structure_manager, email, message):
    client.force_login(structure_manager)
    client.post(f"/structures/ma-structure/{application.structure.pk}/collegues/", {"email": email})
    assert message in page_text(client.get("/structures/ma-structure/"))
    assert StructureMembership.objects.count() == 1


def test_colleague_with_another_role_is_refused(client, application, structure_manager):
    UserFactory(email="candidat@mairie.example", candidate=True)
    client.force_login(structure_manager)
    client.post(f"/structures/ma-structure/{application.structure.pk}/collegues/", {"email": "candidat@mairie.example"})
    assert StructureMembership.objects.count() == 1


def test_outsider_cannot_invite_into_another_structure(client, application, other_structure_manager):
    client.force_login(other_structure_manager)
    response = client.post(f"/structures/ma-structure/{application.structure.pk}/collegues/", {"email": "x@y.example"})
    assert response.status_code == 404
    assert not User.objects.filter(email="x@y.example").exists()


def test_daily_digest_goes_to_the_prefectures_of_the_territory(
    application,
    other_application,
    prefecture_agent,
    other_prefecture_agent,
    regional_prefecture_agent,
    django_capture_on_commit_callbacks,
):
    StructureApplication.objects.filter(pk=other_application.pk).update(submitted_at=timezone.now() - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_prefecture_digests() == 2  # Haute-Vienne and Nouvelle-Aquitaine; Creuse had nothing new
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([prefecture_agent.email, regional_prefecture_agent.email])
    assert application.structure.name in mail.outbox[0].body
    assert other_application.structure.name not in mail.outbox[0].body
