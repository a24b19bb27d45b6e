"""The aggregated activity open data file: its columns, its figures (a direct count of the live reports),
no personal data, and its place on the open data page."""

import csv
import io
from collections import defaultdict

from conum.activity.enums import Theme
from conum.activity.models import ActivityReport
from conum.steering import activity_opendata
from tests.helpers import page_text

URL = "/donnees-ouvertes/activite-par-departement-mois-type-theme.csv"
HEADER = [
    "departement_code", "departement_nom", "mois", "type_accompagnement", "thematique", "thematique_libelle",
    "comptes_rendus_thematique", "comptes_rendus", "participants", "personnes_accompagnees", "duree_minutes",
    "heures",
]  # fmt: skip


def download(client) -> tuple[bytes, list[list[str]]]:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="conum_activite-par-departement-mois-type-theme.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    return body, list(csv.reader(io.StringIO(body.decode("utf-8"))))


def direct_rows() -> list[list[str]]:
    """The expected rows, counted in Python from the live reports (no rollup)."""
    groups = defaultdict(list)
    for report in ActivityReport.objects.live().select_related("commune__departement"):
        departement = report.commune.departement
        groups[(departement.code, departement.name, f"{report.date:%Y-%m}", report.kind)].append(report)
    rows = []
    for (code, name, month, kind), members in sorted(groups.items()):
        participants = sum(r.participants for r in members)
        people = participants - sum(r.returning_participants for r in members)
        minutes = sum(r.duration_minutes for r in members)
        hours = f"{minutes / 60 + 1e-9:.1f}"
        for value, label in Theme.choices:
            count = sum(value in r.themes for r in members)
            if count:
                rows.append([code, name, month, kind, value, label, str(count), str(len(members)),
                             str(participants), str(people), str(minutes), hours])  # fmt: skip
    return rows


def test_the_file_equals_a_direct_count_of_the_live_reports(client, activity_dataset):
    body, rows = download(client)
    assert not body.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    assert rows[0] == HEADER == activity_opendata.HEADER
    assert rows[1:] == direct_rows()
    assert {row[0] for row in rows[1:]} == {"87", "19", "23"} and len(rows) > 100
    # Per-theme rows count reports listing the theme: a group's rows may sum past its reports.
    assert any(sum(int(r[6]) for r in rows[1:] if r[:4] == row[:4]) > int(row[7]) for row in rows[1:])


def test_no_personal_data_in_the_file(client, activity_dataset):
    body, rows = download(client)
    for column in rows[0]:
        assert not any(word in column for word in ("conseiller", "advisor", "nom_", "email", "structure",
                                                   "commune", "note", "lieu", "siret", "date"))  # fmt: skip
    text = body.decode()
    advisor = activity_dataset[0]
    assert advisor.candidate.last_name not in text and advisor.candidate.email not in text
    assert advisor.structure.name not in text


def test_an_empty_programme_has_a_header_only(client, territories):
    _body, rows = download(client)
    assert rows == [HEADER]


def test_the_open_data_page_lists_the_file_and_its_dictionary(client, territories):
    text = page_text(client.get("/donnees-ouvertes/"))
    assert URL in text and "Dictionnaire des données du fichier d'activité agrégée" in text
    for column in HEADER:
        assert f"<code>{column}</code>" in text


def test_the_file_reads_the_rollups_in_one_query(client, activity_dataset, django_assert_num_queries):
    # Two: "SELECT 1" before the 200 goes out (core.availability.started), then the rollups.
    with django_assert_num_queries(2) as queries:
        download(client)
    assert queries.captured_queries[0]["sql"] == "SELECT 1"
    assert "activity_departementmonthrollup" in queries.captured_queries[1]["sql"]
