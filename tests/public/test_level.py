"""« Trouver mon niveau » : the scoring, and the page (errors, recommendations nearby, nothing stored)."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conum.activity.enums import Theme, WorkshopLevel
from conum.activity.models import Registration
from conum.core.models import Journal
from conum.public import level
from conum.public.level_views import ANSWER_MISSING
from tests.activity.factories import PlaceFactory, WorkshopFactory
from tests.helpers import page_text
from tests.recruitment.hiring import hire, validated_application

URL = "/aide-numerique/mon-niveau/"
KEYS = [question.key for question in level.QUESTIONS]


def points(*values) -> dict[str, int]:
    """Answers to the ten questions, in order."""
    return dict(zip(KEYS, values, strict=True))


def posted(*values, **extra) -> dict[str, str]:
    return {key: str(value) for key, value in points(*values).items()} | extra


def levels(results) -> dict[Theme, WorkshopLevel]:
    return {result.theme: result.level for result in results}


ALL_NEVER = (0,) * 10
ALL_ALONE = (2,) * 10
# Devices 2+2+1 (5/3), internet 1+1+0 (2/3), procedures 1+1 (1), scams 2+1 (3/2).
MIXED = (2, 2, 1, 1, 1, 0, 1, 1, 2, 1)


# Scoring


def test_ten_questions_in_four_areas_each_a_workshop_theme():
    assert len(level.QUESTIONS) == 10
    assert len(set(KEYS)) == 10
    assert [area.theme for area in level.AREAS] == [Theme.EQUIPMENT, Theme.EMAIL, Theme.ADMINISTRATIVE, Theme.SECURITY]
    for question in level.QUESTIONS:
        assert [value for value, _ in question.choices()] == [2, 1, 0]
    for area in level.AREAS:
        assert set(area.explanations) == set(WorkshopLevel)


def test_never_everywhere_is_beginner_everywhere():
    results = level.assess(points(*ALL_NEVER))
    assert [result.level for result in results] == [WorkshopLevel.BEGINNER] * 4
    assert results[0].level_label == "Débutant"
    assert results[0].explanation.startswith("Vous débutez")
    assert results[0].title == "Se servir d'un smartphone, d'une tablette ou d'un ordinateur"


def test_alone_everywhere_is_advanced_everywhere():
    assert [result.level for result in level.assess(points(*ALL_ALONE))] == [WorkshopLevel.ADVANCED] * 4


def test_mixed_answers_give_a_level_per_area():
    results = level.assess(points(*MIXED))
    assert levels(results) == {
        Theme.EQUIPMENT: WorkshopLevel.ADVANCED,
        Theme.EMAIL: WorkshopLevel.BEGINNER,
        Theme.ADMINISTRATIVE: WorkshopLevel.INTERMEDIATE,
        Theme.SECURITY: WorkshopLevel.ADVANCED,
    }
    assert [(result.points, result.out_of) for result in results] == [(5, 6), (2, 6), (2, 4), (3, 4)]


@pytest.mark.parametrize(
    "earned, count, expected",
    [
        (0, 3, WorkshopLevel.BEGINNER),
        (2, 3, WorkshopLevel.BEGINNER),  # 0.67
        (1, 2, WorkshopLevel.BEGINNER),  # 0.5
        (3, 4, WorkshopLevel.INTERMEDIATE),  # exactly 0.75
        (1, 1, WorkshopLevel.INTERMEDIATE),
        (4, 3, WorkshopLevel.INTERMEDIATE),  # 1.33
        (3, 2, WorkshopLevel.ADVANCED),  # exactly 1.5
        (5, 3, WorkshopLevel.ADVANCED),  # 1.67
        (6, 3, WorkshopLevel.ADVANCED),
    ],
)
def test_level_thresholds(earned, count, expected):
    assert level.level_for(earned, count) == expected


@pytest.mark.parametrize("wrong", [None, 3, -1, "2", True])
def test_missing_or_wrong_answer_is_refused(wrong):
    answers = points(*ALL_NEVER) | {"q5": wrong}
    with pytest.raises(ValueError, match="q5"):
        level.assess(answers)
    with pytest.raises(ValueError):
        level.assess({})


# The page


def test_page_asks_every_question_with_a_label(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = page_text(response)
    assert page.count("<h1") == 1
    assert "<title>Trouver mon niveau — Conum</title>" in page
    assert "Vos réponses ne sont pas enregistrées." in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    for area in level.AREAS:
        assert f"{area.title}</h2></legend>" in page
    for question in level.QUESTIONS:
        assert question.text in page
        for index, (_, answer) in enumerate(question.choices()):
            label = rf'<label class="fr-label"\s+for="id_{question.key}_{index}">\s*{re.escape(answer)}\s*</label>'
            assert re.search(label, page)
    assert '<label for="id_commune"' in page and '<label for="id_distance"' in page
    assert 'type="submit"' in page


def test_answers_in_the_address_give_no_result(client):
    response = client.get(URL, posted(*ALL_ALONE, commune="87154"))
    assert response.status_code == 200
    assert "Votre niveau" not in page_text(response)


def test_missing_answer_says_which_question(client):
    data = posted(*MIXED)
    del data["q4"]
    response = client.post(URL, data)
    assert response.status_code == 400
    page = page_text(response)
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Erreur — Trouver mon niveau — Conum</title>" in page
    assert ANSWER_MISSING == "Répondez à cette question : choisissez une des trois réponses."
    assert page.count(ANSWER_MISSING) == 1
    assert '<a href="#id_q4_0">' in page  # the summary leads to the question
    assert 'aria-invalid="true"' in page
    assert re.search(r'name="q1" value="2"[^>]*checked', page)  # the other answers are kept
    assert "Votre niveau" not in page


def test_nothing_answered_lists_every_question(client):
    response = client.post(URL, {})
    assert response.status_code == 400
    page = page_text(response)
    assert page.count(ANSWER_MISSING) == 10
    assert "10 choses à corriger pour voir votre niveau" in page


@pytest.mark.parametrize("forged", ["3", "-1", "oui", "", "2" * 1000, "1\x00"])
def test_forged_answer_is_refused_with_the_same_message(client, forged):
    response = client.post(URL, posted(*MIXED) | {"q9": forged})
    assert response.status_code == 400
    assert ANSWER_MISSING in page_text(response)


def test_unknown_commune(client, territories):
    response = client.post(URL, posted(*MIXED, commune="Atlantide"))
    assert response.status_code == 400
    page = page_text(response)
    assert "Aucune commune ne correspond à « Atlantide »" in page
    assert '<a href="#id_commune">' in page
    assert "Une chose à corriger pour voir votre niveau" in page


def test_ambiguous_postal_code_offers_the_communes(client, territories):
    response = client.post(URL, posted(*MIXED, commune="87200"))
    assert response.status_code == 400
    assert 'name="commune_choix" value="87154"' in page_text(response)
    chosen = client.post(URL, posted(*MIXED, commune="87200", commune_choix="87154"))
    assert chosen.status_code == 200
    assert "près de Saint-Junien (87)" in page_text(chosen)


def test_wrong_distance(client, territories):
    response = client.post(URL, posted(*MIXED, commune="Saint-Junien", distance="5000"))
    assert response.status_code == 400
    assert "Choisissez une distance parmi 5, 10, 20, 30 et 50 km." in page_text(response)


def test_results_without_commune(client, db):
    response = client.post(URL, posted(*MIXED))
    assert response.status_code == 200
    page = page_text(response)
    assert "<title>Vos résultats — Trouver mon niveau — Conum</title>" in page
    assert page.count("<h1") == 1
    assert 'aria-label="Vos résultats"' in page
    for area in level.AREAS:
        assert f'<h2 class="fr-h3">{area.title}</h2>' in page
    assert page.count("Votre niveau : <strong>avancé</strong>") == 2
    assert page.count("Votre niveau : <strong>débutant</strong>") == 1
    assert page.count("Votre niveau : <strong>intermédiaire</strong>") == 1
    assert "Vos réponses ne sont pas enregistrées" in page
    assert "Vous n'avez pas indiqué votre commune" in page
    assert 'href="/aide-numerique/ateliers/"' in page
    assert 'name="q1"' not in page  # the results replace the questions


# Recommendations


@pytest.fixture
def advisor_87(programme, structure_manager, national_staff):
    return hire(validated_application(structure_manager, commune="87085"), structure_manager, national_staff)


@pytest.fixture
def sessions(advisor_87):
    """Around Saint-Junien (87154): sessions of every kind; one at the right level far away, in Brive."""
    structure = advisor_87.structure
    here = PlaceFactory(
        structure=structure, commune_id="87154", postal_code="87200", name="Médiathèque de Saint-Junien"
    )
    brive = PlaceFactory(structure=structure, commune_id="19031", postal_code="19100", name="Espace numérique de Brive")

    def session(title, themes, level_, place=here, **kwargs):
        return WorkshopFactory(advisor=advisor_87, place=place, title=title, themes=themes, level=level_, **kwargs)

    return {
        "email_beginner": session("Mon premier e-mail", [Theme.EMAIL], WorkshopLevel.BEGINNER),
        "email_advanced": session("Les e-mails sans secret", [Theme.EMAIL], WorkshopLevel.ADVANCED),
        "email_far": session("Premiers e-mails à Brive", [Theme.EMAIL], WorkshopLevel.BEGINNER, place=brive),
        "health_beginner": session("Mon espace santé", [Theme.HEALTH], WorkshopLevel.BEGINNER),
        "procedures": session("Les démarches pas à pas", [Theme.ADMINISTRATIVE], WorkshopLevel.INTERMEDIATE),
        "scams": session("Déjouer les arnaques", [Theme.SECURITY, Theme.EMAIL], WorkshopLevel.ADVANCED),
        "private": session("Atelier réservé", [Theme.EMAIL], WorkshopLevel.BEGINNER, public=False),
        "cancelled": session("Atelier annulé", [Theme.EMAIL], WorkshopLevel.BEGINNER, cancelled_at=timezone.now()),
    }


def area_section(page: str, title: str) -> str:
    start = page.index(f'<h2 class="fr-h3">{title}</h2>')
    end = page.find('<h2 class="fr-h3">', start + 1)
    return page[start : end if end != -1 else len(page)]


def test_recommends_workshops_nearby_at_the_level_and_theme(client, sessions):
    response = client.post(URL, posted(*MIXED, commune="Saint-Junien", distance="20"))
    assert response.status_code == 200
    page = page_text(response)
    email = area_section(page, "Internet et e-mail")  # beginner
    assert "Ateliers de niveau « débutant » près de Saint-Junien (87)" in email
    assert f'href="/aide-numerique/ateliers/{sessions["email_beginner"].pk}/"' in email
    assert (
        "Mon premier e-mail" in email and "Médiathèque de Saint-Junien, Saint-Junien — à moins d'un kilomètre" in email
    )
    assert "8 places libres" in email
    for other in ("email_advanced", "email_far", "health_beginner", "private", "cancelled"):
        assert f'href="/aide-numerique/ateliers/{sessions[other].pk}/"' not in page
    assert f'href="/aide-numerique/ateliers/{sessions["scams"].pk}/"' not in email  # e-mail, but advanced
    assert "theme=email" in email and "niveau=debutant" in email and "commune_choix=87154" in email
    procedures = area_section(page, "Démarches en ligne")  # intermediate
    assert "Les démarches pas à pas" in procedures
    scams = area_section(page, "Se protéger des arnaques")  # advanced
    assert "Déjouer les arnaques" in scams
    devices = area_section(page, "Se servir d'un smartphone, d'une tablette ou d'un ordinateur")  # advanced
    assert (
        "Pas d'atelier de niveau « avancé » sur ce thème à moins de 20 km de Saint-Junien (87) pour l'instant."
        in devices
    )
    assert "prendre_en_main_du_materiel" in devices  # the link to search further


def test_search_link_opens_the_prefilled_workshop_search(client, sessions):
    page = page_text(client.post(URL, posted(*MIXED, commune="Saint-Junien", distance="20")))
    link = re.search(r'href="(/aide-numerique/ateliers/\?[^"]*theme=email[^"]*)"', page)[1]
    assert "distance=20" in link
    assert client.get(link).status_code == 200


def test_far_workshop_is_recommended_with_a_wider_distance_only_if_near_enough(client, sessions, advisor_87):
    # Brive is about 100 km from Saint-Junien: beyond the largest distance offered (50 km).
    page = page_text(client.post(URL, posted(*ALL_NEVER, commune="Saint-Junien", distance="50")))
    assert "Mon premier e-mail" in page
    assert "Premiers e-mails à Brive" not in page
    WorkshopFactory(
        advisor=advisor_87,
        place=PlaceFactory(structure=advisor_87.structure),
        title="E-mails à Limoges",
        themes=["email"],
    )
    wider = page_text(client.post(URL, posted(*ALL_NEVER, commune="Saint-Junien", distance="50")))
    assert re.search(r"Limoges — à \d\d,\d km", wider)  # Limoges is about 30 km away
    near_brive = page_text(client.post(URL, posted(*ALL_NEVER, commune="Brive-la-Gaillarde", distance="5")))
    assert "Premiers e-mails à Brive" in near_brive
    assert "Mon premier e-mail" not in near_brive


def test_at_most_three_workshops_per_area(client, sessions, advisor_87):
    here = sessions["email_beginner"].place
    for day in range(2, 7):
        starts = sessions["email_beginner"].starts_at + datetime.timedelta(days=day)
        WorkshopFactory(
            advisor=advisor_87,
            place=here,
            title=f"Séance e-mail {day}",
            themes=[Theme.EMAIL],
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
        )
    email = area_section(page_text(client.post(URL, posted(*ALL_NEVER, commune="Saint-Junien"))), "Internet et e-mail")
    assert email.count('class="fr-card ') == 3
    assert "Mon premier e-mail" in email  # soonest first
    assert "Séance e-mail 2" in email and "Séance e-mail 3" in email and "Séance e-mail 4" not in email


def test_nothing_is_stored_and_queries_are_bounded(client, sessions, django_assert_max_num_queries):
    counts = Registration.objects.count(), Journal.objects.count(), Session.objects.count()
    data = posted(*ALL_NEVER, commune="Saint-Junien", distance="30")
    with django_assert_max_num_queries(12):
        response = client.post(URL, data)
    assert response.status_code == 200
    assert "Mon premier e-mail" in page_text(response)
    assert (Registration.objects.count(), Journal.objects.count(), Session.objects.count()) == counts
    assert "sessionid" not in response.cookies
    with CaptureQueriesContext(connection) as queries:
        client.post(URL, data)
    # Writes would show as INSERT/UPDATE/DELETE, whatever the table.
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].split()[0].upper() != "SELECT"]


def test_queries_do_not_grow_with_the_workshops_found(client, sessions, advisor_87):
    data = posted(*ALL_NEVER, commune="Saint-Junien", distance="30")
    with CaptureQueriesContext(connection) as before:
        client.post(URL, data)
    here = sessions["email_beginner"].place
    for theme in (Theme.EQUIPMENT, Theme.EMAIL, Theme.ADMINISTRATIVE, Theme.SECURITY):
        for _ in range(4):
            WorkshopFactory(advisor=advisor_87, place=here, themes=[theme], level=WorkshopLevel.BEGINNER)
    with CaptureQueriesContext(connection) as after:
        response = client.post(URL, data)
    assert page_text(response).count('class="fr-card ') == 12
    assert len(after.captured_queries) == len(before.captured_queries)


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405
    assert client.head(URL).status_code == 200
