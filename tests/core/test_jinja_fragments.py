"""The Jinja2 fragments of the busiest lists (conum/core/jinja.py): the same links as Django's `reverse`, one CSRF
input per response that the site accepts, escaping kept."""

import re

import pytest
from django.template import engines
from django.test import Client
from django.urls import NoReverseMatch, reverse

from conum.core.jinja import url
from conum.recruitment import matching
from conum.recruitment.models import Match
from conum.structures.models import StructureApplication, StructureMembership
from tests.factories import ApplicationFactory, CandidateFactory


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("public:place", (3,)),
        ("recruitment:transition", (12, "shortlist")),
        ("recruitment:cv", (7,)),
        ("public:search", ()),
        ("recruitment:transition", (12, "a b é")),  # to be quoted: reversed the plain way
    ],
)
def test_url_is_what_reverse_gives(name, args):
    assert url(name, *args) == reverse(name, args=args)


def test_url_refuses_what_reverse_refuses():
    with pytest.raises(NoReverseMatch):
        url("public:nowhere", 1)
    with pytest.raises(NoReverseMatch):
        url("public:place", 1, 2)


def test_fragment_escapes_what_it_writes():
    card = engines["jinja2"].from_string("{{ name }}").render({"name": "<script>alert(1)</script>"})
    assert card == "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def candidate_list(territories, structure_manager):
    application = ApplicationFactory(structure__commune_id="87085")
    StructureApplication.objects.filter(pk=application.pk).update(status="validated", posts_granted=2)
    StructureMembership.objects.create(structure=application.structure, user=structure_manager)
    for _ in range(3):
        CandidateFactory(commune_id="87085")
    matching.run()
    return f"/recrutement/structures/{application.pk}/candidats/"


def test_rows_share_one_csrf_input_that_the_site_accepts(candidate_list, structure_manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(structure_manager)
    page = client.get(candidate_list).content.decode()
    row_form = r'<form method="post" action="/recrutement/mises-en-relation/[^"]+">\s*<input [^>]*value="([^"]+)"'
    tokens = re.findall(row_form, page)
    assert len(tokens) >= 3 and len(set(tokens)) == 1  # one per action form, masked once for the page
    assert re.findall(row_form, client.get(candidate_list).content.decode())[0] != tokens[0]  # a new mask each time
    action = re.search(r'<form method="post" action="(/recrutement/mises-en-relation/(\d+)/shortlist/)"', page)
    assert client.post(action[1], {"csrfmiddlewaretoken": tokens[0]}).status_code == 302
    assert Match.objects.get(pk=action[2]).status == "shortlisted"
    refused = Client(enforce_csrf_checks=True)
    refused.force_login(structure_manager)
    assert refused.post(action[1], {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
