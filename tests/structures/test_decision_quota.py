"""The committee's decision form on the application page: the département's quota left is shown before
deciding, a decision past it is refused with the figures, and refusing asks for no number of posts."""

import pytest

from conum.programme.models import DepartementQuota
from conum.structures import workflow
from conum.structures.enums import ApplicationStatus
from conum.structures.forms import DecisionForm
from conum.structures.quota_left import quota_left
from conum.territories.models import Departement
from tests.factories import ApplicationFactory
from tests.helpers import page_text

from .conftest import COMMITTEE

DECISION = {"action": "decision", "committee_number": "C-7", "committee_date": "2026-11-20"}


def _url(application):
    return f"/structures/candidatures/{application.pk}/"


def test_decision_form_shows_the_quota_left_in_the_departement(client, application, national_staff):
    granted = ApplicationFactory(posts_requested=10)
    workflow.decide(granted, national_staff, ApplicationStatus.VALIDATED, posts=10, **COMMITTEE)
    DepartementQuota.objects.filter(departement="87").update(posts=12)
    client.force_login(national_staff)
    page = page_text(client.get(_url(application)))
    assert "Dotation de la Haute-Vienne : 12 postes, 10 attribués, 2 disponibles." in page
    assert page.index("Dotation de la Haute-Vienne") < page.index('value="decision"')


def test_quota_left_agrees_in_number(programme):
    haute_vienne = Departement.objects.get(code="87")
    DepartementQuota.objects.filter(departement="87").update(posts=1)
    assert str(quota_left(haute_vienne)) == "Dotation de la Haute-Vienne : 1 poste, 0 attribué, 1 disponible"


def test_decision_past_the_quota_is_refused_with_the_figures(client, application, national_staff):
    DepartementQuota.objects.filter(departement="87").update(posts=1)
    client.force_login(national_staff)
    response = client.post(_url(application), DECISION | {"outcome": "validated", "posts": "2"})
    page = page_text(response)
    assert response.status_code == 200
    assert "Dotation de Haute-Vienne dépassée" in page or "Dotation de la Haute-Vienne dépassée" in page
    assert "Dotation de la Haute-Vienne : 1 poste, 0 attribué, 1 disponible." in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.posts_granted == 0


@pytest.mark.parametrize("posts", ["0", "", "-3", "beaucoup", "2"])
def test_refusing_asks_for_no_number_of_posts(client, application, national_staff, posts):
    client.force_login(national_staff)
    response = client.post(_url(application), DECISION | {"outcome": "refused", "posts": posts})
    assert response.status_code == 302, page_text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED and application.posts_granted == 0


@pytest.mark.parametrize(
    "posts, message",
    [("0", "Au moins 1 poste."), ("", "Indiquez le nombre de postes attribués."), ("31", "30 postes au plus.")],
)
def test_validating_needs_a_number_of_posts(client, application, national_staff, posts, message):
    client.force_login(national_staff)
    response = client.post(_url(application), DECISION | {"outcome": "validated", "posts": posts})
    assert response.status_code == 200 and message in page_text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_decision_form_ignores_the_posts_unless_validating():
    form = DecisionForm(DECISION | {"outcome": "further_review", "posts": "0"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["posts"] is None


def test_prefecture_sees_no_decision_form_and_other_departements_are_hidden(
    client, application, other_application, prefecture_agent
):
    client.force_login(prefecture_agent)
    page = page_text(client.get(_url(application)))
    assert 'value="decision"' not in page and "Dotation de la Haute-Vienne :" not in page
    assert client.get(_url(other_application)).status_code == 404
