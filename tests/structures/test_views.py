from decimal import Decimal

import pytest

from conum.structures import workflow
from conum.structures.enums import ApplicationStatus, Verdict
from conum.structures.models import HostStructure, StructureApplication
from tests.factories import ApplicationFactory, HostStructureFactory
from tests.helpers import page_text

from .conftest import COMMITTEE


def test_prefecture_gives_an_opinion_from_the_application_page(client, application, prefecture_agent):
    client.force_login(prefecture_agent)
    url = f"/structures/candidatures/{application.pk}/"
    assert "Pas encore d'avis" in page_text(client.get(url))
    data = {
        "action": "opinion",
        "verdict": "favourable",
        "posts_recommended": "2",
        "comment": "Projet porté par la médiathèque.",
    }
    assert client.post(url, data).status_code == 302
    assert application.opinions.get().posts_recommended == 2


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"verdict": "favourable", "posts_recommended": "", "comment": "Bon projet, à soutenir."},
            "Un avis favorable recommande au moins 1 poste.",
        ),
        ({"verdict": "favourable", "posts_recommended": "2", "comment": "court"}, "au moins 10 caractères"),
        ({"verdict": "favourable", "posts_recommended": "2", "comment": "x" * 1001}, "1 000 au plus"),
        (
            {"verdict": "peut-être", "posts_recommended": "2", "comment": "Bon projet, à soutenir."},
            "Sélectionnez un choix valide",
        ),
        (
            {"verdict": "favourable", "posts_recommended": "31", "comment": "Bon projet, à soutenir."},
            "30 postes au plus.",
        ),
    ],
)
def test_bad_opinion_is_refused(client, application, prefecture_agent, data, message):
    client.force_login(prefecture_agent)
    response = client.post(f"/structures/candidatures/{application.pk}/", {"action": "opinion"} | data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not application.opinions.exists()


def test_national_staff_decides_from_the_application_page(client, application, national_staff):
    client.force_login(national_staff)
    url = f"/structures/candidatures/{application.pk}/"
    data = {
        "action": "decision",
        "outcome": "validated",
        "posts": "2",
        "committee_number": "C-7",
        "committee_date": "2026-11-20",
    }
    assert client.post(url, data).status_code == 302
    application.refresh_from_db()
    assert application.posts_granted == 2
    page = page_text(client.get(url))
    assert "100 000,00 €" in page.replace("\xa0", " ").replace("\u202f", " ")


def test_decision_refused_by_the_quota_shows_why(client, application, national_staff):
    from conum.programme.models import DepartementQuota

    DepartementQuota.objects.filter(departement="87").update(posts=1)
    client.force_login(national_staff)
    data = {
        "action": "decision",
        "outcome": "validated",
        "posts": "2",
        "committee_number": "C-7",
        "committee_date": "2026-11-20",
    }
    response = client.post(f"/structures/candidatures/{application.pk}/", data)
    assert "Dotation de la Haute-Vienne dépassée" in page_text(response)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_prefecture_cannot_post_a_decision(client, application, prefecture_agent):
    client.force_login(prefecture_agent)
    data = {
        "action": "decision",
        "outcome": "validated",
        "posts": "2",
        "committee_number": "C-7",
        "committee_date": "2026-11-20",
    }
    client.post(f"/structures/candidatures/{application.pk}/", data)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_batch_decision_from_the_committee_queue(client, programme, national_staff):
    applications = [ApplicationFactory(posts_requested=1) for _ in range(3)]
    client.force_login(national_staff)
    data = {
        "outcome": "validated",
        "committee_number": "C-8",
        "committee_date": "2026-11-20",
        "applications": [a.pk for a in applications[:2]],
    }
    assert client.post("/structures/comite/", data).status_code == 302
    assert StructureApplication.objects.filter(status="validated").count() == 2
    response = client.post("/structures/comite/", data)  # the same ones again: no longer awaiting a decision
    assert "n'est plus en attente de décision" in page_text(response)


def test_structure_space_shows_posts_and_subsidy(client, application, national_staff, structure_manager):
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    client.force_login(structure_manager)
    page = page_text(client.get("/structures/ma-structure/")).replace("\xa0", " ").replace("\u202f", " ")
    assert application.structure.name in page
    assert "100 000,00 €" in page
    assert "Comité n° COSELEC-12" in page


def test_structure_requests_an_amendment(client, application, national_staff, structure_manager):
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    client.force_login(structure_manager)
    url = f"/structures/ma-structure/candidatures/{application.pk}/avenant/"
    client.post(url, {"kind": "give_back", "posts": "1", "reason": ""})
    assert not application.amendments.exists()
    client.post(url, {"kind": "add", "posts": "2"})
    assert application.amendments.get().posts == 2
    assert "Avenant en cours" in page_text(client.get("/structures/ma-structure/"))


def test_payment_form(client, application, national_staff):
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    client.force_login(national_staff)
    url = f"/structures/candidatures/{application.pk}/"
    data = {"action": "payment", "paid_on": "2026-11-21", "amount_eur": "60000,50", "reference": "MANDAT-1"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"amount_eur": "40000"})
    assert "Ce versement dépasserait la convention" in page_text(response)
    assert application.agreement.payments.get().amount_eur == Decimal("60000.50")


def test_queues_show_500_applications_with_bounded_queries(
    client, programme, national_staff, prefecture_agent, django_assert_max_num_queries
):
    structures = HostStructure.objects.bulk_create(
        HostStructureFactory.build(commune_id="87154", departement_id="87") for _ in range(500)
    )
    StructureApplication.objects.bulk_create(ApplicationFactory.build(structure=s) for s in structures)
    workflow.give_opinion(
        StructureApplication.objects.first(), prefecture_agent, Verdict.FAVOURABLE, 1, "Projet solide et utile."
    )
    for user, url in [(national_staff, "/structures/comite/"), (prefecture_agent, "/structures/prefecture/")]:
        client.force_login(user)
        with django_assert_max_num_queries(14):
            response = client.get(url)
        page = page_text(response)
        assert "500 candidatures" in page and "1 / 10" in page
        with django_assert_max_num_queries(14):
            assert client.get(url, {"page": "10", "type": "commune", "zrr": "", "q": "Mairie"}).status_code == 200


def test_queue_filters(client, programme, national_staff):
    ApplicationFactory(structure__name="Mairie de Bellac", structure__zrr=True)
    ApplicationFactory(structure__name="Association Lien", structure__private=True)
    client.force_login(national_staff)
    assert "Mairie de Bellac" not in page_text(client.get("/structures/comite/", {"type": "private"}))
    page = page_text(client.get("/structures/comite/", {"zrr": "on"}))
    assert "Mairie de Bellac" in page and "Association Lien" not in page


def test_envelope_page(client, application, national_staff, prefecture_agent, other_prefecture_agent):
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    client.force_login(national_staff)
    assert "Haute-Vienne (87)" in page_text(client.get("/structures/enveloppe/"))
    client.force_login(other_prefecture_agent)
    page = page_text(client.get("/structures/enveloppe/"))
    assert "Haute-Vienne" not in page and "Aucune subvention engagée." in page


def test_decided_application_offers_payments_not_another_decision(client, application, national_staff):
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    client.force_login(national_staff)
    page = page_text(client.get(f"/structures/candidatures/{application.pk}/"))
    assert 'value="decision"' not in page and 'value="payment"' in page
    assert "Décision du comité" in page and "Candidature déposée" not in page  # history labels in French
    assert "structures.decided" not in page


def test_open_amendments_are_listed_in_both_queues(
    client, application, other_application, national_staff, structure_manager, prefecture_agent, other_prefecture_agent
):
    workflow.decide(application, national_staff, ApplicationStatus.VALIDATED, posts=2, **COMMITTEE)
    workflow.request_amendment(application, structure_manager, "add", 3)
    for user, url in [(prefecture_agent, "/structures/prefecture/"), (national_staff, "/structures/comite/")]:
        client.force_login(user)
        page = page_text(client.get(url))
        assert "1 avenant en attente" in page and "Ajout de postes : 3" in page
    client.force_login(other_prefecture_agent)
    assert "avenant en attente" not in page_text(client.get("/structures/prefecture/"))


def test_filter_applications_awaiting_the_prefecture_opinion(client, programme, prefecture_agent):
    with_opinion = ApplicationFactory(structure__name="Mairie avec avis")
    ApplicationFactory(structure__name="Mairie sans avis")
    workflow.give_opinion(with_opinion, prefecture_agent, Verdict.FAVOURABLE, 1, "Avis déjà rendu ici.")
    client.force_login(prefecture_agent)
    page = page_text(client.get("/structures/prefecture/", {"awaiting_opinion": "on"}))
    assert "Mairie sans avis" in page and "Mairie avec avis" not in page


def test_structure_sees_that_the_opinion_was_given_but_not_its_content(
    client, application, prefecture_agent, structure_manager
):
    workflow.give_opinion(application, prefecture_agent, Verdict.UNFAVOURABLE, 0, "Commentaire interne à l'État.")
    client.force_login(structure_manager)
    page = page_text(client.get("/structures/ma-structure/"))
    assert "Avis de la préfecture rendu le" in page and "Commentaire interne" not in page
