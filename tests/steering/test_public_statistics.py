"""The public statistics page: anyone sees France or one département, figures from the deployment tables and
the activity rollups, a CSV of the same figures, cached, in a bounded number of queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.activity.builders import individual_data, save_report
from tests.activity.factories import PlaceFactory

URL = "/chiffres-cles/"


@pytest.fixture
def activity(hired_advisor, advisor, other_advisor, place):
    """Three reports in Limoges (87) and one in Guéret (23)."""
    for _ in range(3):
        save_report(hired_advisor, advisor, individual_data(place))
    gueret = PlaceFactory(
        structure=other_advisor.structure, advisors=[other_advisor], commune_id="23096", postal_code="23000"
    )
    save_report(other_advisor, other_advisor.user, individual_data(gueret))


def figure(html: str, label: str) -> str:
    start = html.index(f'<th scope="row">{label}</th>')
    cell = html[start:].split("<td>", 1)[1]
    return cell.split("</td>", 1)[0]


def test_anyone_sees_france_then_a_departement(client, programme, activity):
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1
    assert figure(html, "Objectif national de postes") == "4\u202f000"
    assert figure(html, "Conseillers numériques en poste") == "2"
    assert figure(html, "Comptes rendus") == "4"

    haute_vienne = client.get(URL, {"departement": "87"}).content.decode()
    assert "Haute-Vienne (87)" in haute_vienne
    assert figure(haute_vienne, "Dotation de postes du département") == "36"
    assert figure(haute_vienne, "Conseillers numériques en poste") == "1"
    assert figure(haute_vienne, "Comptes rendus") == "3"
    assert figure(haute_vienne, "Lieux d&#x27;accompagnement ouverts au public") == "1"


def test_csv_holds_the_same_figures(client, programme, activity):
    response = client.get(f"{URL}chiffres.csv", {"departement": "23"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Rubrique", "Indicateur", "Valeur", "Part (%)", "Base du pourcentage"]
    values = {(row[0], row[1]): row for row in rows[1:]}
    assert values[("Déploiement", "Dotation de postes du département")][2] == "14"
    assert values[("Activité", "Comptes rendus")][2] == "1"
    assert values[("Tranches d'âge", "60–69 ans")][2:] == ["1", "100,0", "1 participant"]
    assert "@" not in text  # no e-mail, no personal data


@pytest.mark.parametrize("junk", ["zz", "999", "\x00", "💥", "87' OR 1=1"])
def test_unknown_departement_gets_a_message(client, programme, junk):
    response = client.get(URL, {"departement": junk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Erreur — " in html
    assert "Choisissez un département dans la liste." in html or "Le caractère nul n’est pas autorisé." in html
    assert client.get(f"{URL}chiffres.csv", {"departement": junk}).status_code == 200  # France, as the page


def test_figures_are_cached_and_queries_bounded(client, programme, activity, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        client.get(URL, {"departement": "87"})
    with CaptureQueriesContext(connection) as cached:
        client.get(URL, {"departement": "87"})
    assert len(cached) <= 2  # the form's département lookup (and the session); figures come from the cache
    assert not [q for q in cached.captured_queries if "activity_activityreport" in q["sql"]]


def test_the_page_never_reads_raw_reports(client, programme, activity):
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert not [q for q in queries.captured_queries if "activity_activityreport" in q["sql"]]
