"""Issue 14, item 3: the public application form never hands an existing structure to a new person.

Posting /structures/candidater/ with the SIRET of a structure that already applied (refused, abandoned, or still
live) changes nothing of that structure (name, contact, members, applications) and gives the submitter nothing:
no account, no membership, a 404 on the old application. The structure's members are told by e-mail; the
submitter sees the same confirmation page as for a brand-new SIRET. Members apply again from their space.
"""

import re

import pytest
from django.core import mail
from django.forms.models import model_to_dict

from conum.accounts.models import User
from conum.structures.models import HostStructure, StructureApplication, StructureMembership
from tests.factories import ApplicationFactory, valid_siret
from tests.helpers import page_text
from tests.structures.builders import form_data

APPLY_URL = "/structures/candidater/"
ATTACKER = {
    "name": "Structure Reprise",
    "contact_first_name": "Eve",
    "contact_last_name": "Intruse",
    "contact_email": "eve@intrus.example",
}


@pytest.fixture
def old_structure(programme, structure_manager):
    """A structure whose application the committee refused (COSELEC-7), managed by `structure_manager`."""
    application = ApplicationFactory(status="refused", committee_number="COSELEC-7")
    StructureMembership.objects.create(structure=application.structure, user=structure_manager)
    return application.structure


def _state(structure):
    """Everything of the structure that a takeover would change."""
    return (
        model_to_dict(HostStructure.objects.get(pk=structure.pk)),
        sorted(structure.memberships.values_list("user__email", flat=True)),
        sorted(structure.applications.values_list("pk", "status")),
    )


def _main(response) -> str:
    """The page's main content, without the per-request tokens."""
    text = page_text(response)
    text = re.search(r"<main.*</main>", text, re.S).group(0)
    return re.sub(r'(nonce|value)="[^"]*"', "", text)


@pytest.mark.parametrize("status", ["refused", "abandoned", "submitted"])
def test_a_new_contact_gets_nothing_of_an_existing_structure(
    client, old_structure, status, structure_manager, django_capture_on_commit_callbacks
):
    old_structure.applications.update(status=status)
    before = _state(old_structure)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY_URL, form_data(siret=old_structure.siret, **ATTACKER))
    assert response.status_code == 302 and response.url == "/structures/candidater/envoyee/"
    assert _state(old_structure) == before
    assert not User.objects.filter(email="eve@intrus.example").exists()
    page = page_text(client.get(response.url))
    assert old_structure.name not in page and "COSELEC-7" not in page
    # The members are told, with the contact submitted, so that they can invite the person if legitimate.
    told = [message for message in mail.outbox if structure_manager.email in message.to]
    assert len(told) == 1 and "eve@intrus.example" in told[0].body and "Eve Intruse" in told[0].body
    # The submitter's own e-mail tells nothing of the structure.
    to_submitter = [message for message in mail.outbox if "eve@intrus.example" in message.to]
    assert len(to_submitter) == 1
    assert old_structure.name not in to_submitter[0].body and structure_manager.email not in to_submitter[0].body


def test_an_existing_account_used_as_contact_gets_no_access(
    client, old_structure, other_structure_manager, django_capture_on_commit_callbacks
):
    old_application = old_structure.applications.get()
    before = _state(old_structure)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY_URL, form_data(siret=old_structure.siret, contact_email=other_structure_manager.email))
    assert _state(old_structure) == before
    assert not StructureMembership.objects.filter(user=other_structure_manager).exists()
    client.force_login(other_structure_manager)
    space = page_text(client.get("/structures/ma-structure/"))
    assert old_structure.name not in space and "COSELEC-7" not in space
    assert client.get(f"/recrutement/structures/{old_application.pk}/candidats/").status_code == 404
    invite = client.post(
        f"/structures/ma-structure/{old_structure.pk}/collegues/", {"email": "complice@intrus.example"}
    )
    assert invite.status_code == 404
    assert client.get(f"/structures/ma-structure/{old_structure.pk}/nouvelle-candidature/").status_code == 404
    assert _state(old_structure) == before


def test_the_submitter_cannot_tell_an_existing_siret_from_a_new_one(client, old_structure):
    known = client.post(APPLY_URL, form_data(siret=old_structure.siret, **ATTACKER))
    known_page = client.get(known.url)
    fresh = client.post(APPLY_URL, form_data(siret=valid_siret(21370555), **ATTACKER))
    fresh_page = client.get(fresh.url)
    assert (known.status_code, known.url) == (fresh.status_code, fresh.url)
    assert [t.name for t in known_page.templates] == [t.name for t in fresh_page.templates]
    assert _main(known_page) == _main(fresh_page)


def test_a_member_applies_again_from_the_structure_space(
    client, old_structure, structure_manager, django_capture_on_commit_callbacks
):
    client.force_login(structure_manager)
    url = f"/structures/ma-structure/{old_structure.pk}/nouvelle-candidature/"
    assert url in client.get("/structures/ma-structure/").content.decode()
    structure_before = model_to_dict(HostStructure.objects.get(pk=old_structure.pk))
    data = {key: form_data()[key] for key in ("posts_requested", "mission_start", "motivation")}
    data |= {key: "on" for key in form_data() if key.startswith("commitment_")}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302 and response.url == "/structures/ma-structure/"
    new = old_structure.applications.get(status="submitted")
    assert new.posts_requested == 2
    assert model_to_dict(HostStructure.objects.get(pk=old_structure.pk)) == structure_before
    assert mail.outbox[-1].to == [structure_manager.email]
    # One live application at a time: the form says so and stores nothing.
    again = client.post(url, data, follow=True)
    assert "Une candidature est déjà en cours pour cette structure" in page_text(again)
    assert StructureApplication.objects.filter(structure=old_structure).count() == 2
