"""Issue 14, item 4: the public application forms never tell who has an account, nor with which role.

Whatever the address given (a national staff account, a candidate's, or nobody's), both forms answer the same:
the same redirect, then the same confirmation page. The owner of an address that already has an account is told
by e-mail instead, and nothing is created for them. Both forms are rate limited per client (429, nothing stored).
"""

import re

import pytest
from django.core import mail

from conum.accounts.models import User
from conum.core.roles import Role
from conum.recruitment.models import Candidate
from conum.structures.models import HostStructure, StructureMembership
from tests.factories import UserFactory, valid_siret
from tests.helpers import page_text
from tests.recruitment.builders import form_data as candidate_form
from tests.structures.builders import form_data as structure_form

STAFF = "national@anct.example"
CANDIDATE = "candidat@exemple.fr"
FRESH = "personne@exemple.fr"
PLACEHOLDER = "adresse@placeholder"


@pytest.fixture
def accounts(programme):
    UserFactory(email=STAFF, national_staff=True)
    UserFactory(email=CANDIDATE, candidate=True)


def _answer(client, url, data, email):
    """What the person who submitted sees: the POST's answer, then the page it leads to (address masked)."""
    response = client.post(url, data)
    shown = client.get(response.url) if response.status_code == 302 else response
    text = page_text(shown).replace(email, PLACEHOLDER)
    main = re.sub(r'(nonce|value)="[^"]*"', "", re.search(r"<main.*</main>", text, re.S).group(0))
    return (response.status_code, response.get("Location"), [t.name for t in shown.templates], main)


def _assert_no_role_named(answer):
    main = answer[3]
    for label in Role.labels:
        assert f"« {label} »" not in main
    assert "déjà" not in main


def test_structure_form_answers_the_same_whatever_account_exists(client, accounts, django_capture_on_commit_callbacks):
    answers = []
    for number, email in enumerate([STAFF, CANDIDATE, FRESH]):
        data = structure_form(siret=valid_siret(21370600 + number), contact_email=email)
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(_answer(client, "/structures/candidater/", data, email))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 302
    _assert_no_role_named(answers[0])
    # Nothing for the addresses of another role; their owners are told by e-mail.
    assert HostStructure.objects.count() == 1 and StructureMembership.objects.get().user.email == FRESH
    assert User.objects.get(email=STAFF).role == Role.NATIONAL_STAFF
    for email in (STAFF, CANDIDATE):
        (message,) = [message for message in mail.outbox if message.to == [email]]
        assert "/compte/mot-de-passe-oublie/" in message.body and "/compte/connexion/" in message.body


def test_candidate_form_answers_the_same_whatever_account_exists(client, accounts, django_capture_on_commit_callbacks):
    answers = []
    for email in [STAFF, CANDIDATE, FRESH]:
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(_answer(client, "/recrutement/candidater/", candidate_form(email=email), email))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 302
    _assert_no_role_named(answers[0])
    assert list(Candidate.objects.values_list("email", flat=True)) == [FRESH]
    assert User.objects.get(email=STAFF).role == Role.NATIONAL_STAFF
    for email in (STAFF, CANDIDATE):
        (message,) = [message for message in mail.outbox if message.to == [email]]
        assert "/compte/mot-de-passe-oublie/" in message.body and "/compte/connexion/" in message.body


@pytest.mark.parametrize(
    "url, data, count",
    [
        (
            "/structures/candidater/",
            lambda n: structure_form(siret=valid_siret(21370700 + n)),
            HostStructure.objects.count,
        ),
        ("/recrutement/candidater/", lambda n: candidate_form(email=f"p{n}@exemple.fr"), Candidate.objects.count),
    ],
    ids=["structure", "candidate"],
)
def test_both_forms_are_rate_limited_per_client(client, programme, settings, url, data, count):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    for number in range(2):
        assert client.post(url, data(number), REMOTE_ADDR="203.0.113.9").status_code == 302
    refused = client.post(url, data(2), REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert "Trop de demandes" in page_text(refused)
    assert count() == 2
    assert client.post(url, data(3), REMOTE_ADDR="203.0.113.10").status_code == 302


def test_colleague_invitation_names_no_role(client, programme, structure_manager):
    from tests.factories import ApplicationFactory

    structure = ApplicationFactory().structure
    StructureMembership.objects.create(structure=structure, user=structure_manager)
    UserFactory(email=STAFF, national_staff=True)
    client.force_login(structure_manager)
    response = client.post(f"/structures/ma-structure/{structure.pk}/collegues/", {"email": STAFF}, follow=True)
    page = page_text(response)
    assert "Équipe nationale" not in page
    assert not structure.memberships.filter(user__email=STAFF).exists()
