"""Activity statistics for any scope: figures equal a direct count of the reports, scopes are enforced,
bad input gets a message, and the page reads the rollups only, in a fixed number of queries."""

import csv
import io
import random
import re
import zipfile
from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from conum.activity.enums import ReportKind, Theme
from conum.activity.models import ActivityReport
from conum.activity.reports.statistics import activity_statistics
from conum.core.dates import month_start
from conum.core.models import Journal
from conum.recruitment.models import Advisor
from conum.steering.statistics.scopes import resolve_scope
from tests.activity.builders import direct, from_rollups, individual_data, save_report
from tests.activity.factories import PlaceFactory
from tests.factories import UserFactory
from tests.helpers import page_text

URL = "/statistiques/"
NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def xlsx_rows(content: bytes) -> list[list]:
    """The first sheet's rows (strings and numbers), read with the standard library."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    shared = []
    if "xl/sharedStrings.xml" in archive.namelist():
        root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in item.iter(f"{{{NS['x']}}}t")) for item in root.findall("x:si", NS)]
    sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{{{NS['x']}}}row"):
        values = []
        for cell in row.findall("x:c", NS):
            column = re.match(r"[A-Z]+", cell.get("r")).group()
            while len(values) < ord(column) - ord("A"):
                values.append(None)
            kind, value = cell.get("t"), cell.find("x:v", NS)
            if kind == "inlineStr":
                values.append("".join(t.text or "" for t in cell.iter(f"{{{NS['x']}}}t")))
            elif kind == "s":
                values.append(shared[int(value.text)])
            else:
                number = float(value.text) if value is not None else None
                values.append(int(number) if number is not None and number.is_integer() else number)
        rows.append(values)
    return rows


# ---- a random dataset (tests/steering/conftest.py) ---------------------------------------------


def _direct_months(start, end, **scope) -> list[tuple]:
    live = list(ActivityReport.objects.live().filter(date__gte=start, date__lte=end, **scope))
    rows, month = [], date(start.year, start.month, 1)
    while month <= end:
        following = month_start(month, 1)
        mine = [r for r in live if month <= r.date < following]
        rows.append((
            month, len(mine), sum(r.participants for r in mine),
            sum(r.participants - r.returning_participants for r in mine),
            sum(r.kind == ReportKind.WORKSHOP for r in mine), sum(r.duration_minutes for r in mine),
        ))  # fmt: skip
        month = following
    return rows


def test_every_figure_of_random_scopes_equals_a_direct_count(activity_dataset, national_staff, coordinator):
    team = activity_dataset
    rng = random.Random(87)
    today = timezone.localdate()
    communes = sorted(set(ActivityReport.objects.values_list("commune", flat=True)))
    scopes = [
        ("national", "", {}),
        ("region", "75", {"commune__departement__region": "75"}),
        *[("departement", code, {"commune__departement": code}) for code in ("87", "19", "23")],
        *[("commune", code, {"commune": code}) for code in communes],
        *[("structure", str(pk), {"structure": pk}) for pk in {advisor.structure_id for advisor in team}],
        *[("conseiller", str(advisor.pk), {"advisor": advisor.pk}) for advisor in team],
        ("equipe", str(coordinator.pk), {"advisor__coordinator": coordinator}),
    ]
    checked = 0
    for kind, code, lookup in rng.sample(scopes, 20) if len(scopes) > 20 else scopes:
        first = today - timedelta(days=rng.randint(0, 440))
        start, end = sorted([first, today - timedelta(days=rng.randint(0, 440))])
        report_kind = rng.choice(["", *ReportKind.values])
        theme = rng.choice(["", "", *Theme.values])
        scope = resolve_scope(national_staff, kind, code)
        stats = activity_statistics(scope.rollups, start, end, theme=theme, kind=report_kind)
        where = lookup | ({"kind": report_kind} if report_kind else {})
        context = (kind, code, start, end, report_kind, theme)
        assert from_rollups(stats) == direct(start, end, **where), context
        months = [(m.month, m.reports, m.accompaniments, m.people, m.workshops, m.duration_minutes)
                  for m in stats.months]  # fmt: skip
        assert months == _direct_months(start, end, **where), context
        live = ActivityReport.objects.live().filter(date__gte=start, date__lte=end, **where)
        if theme:
            assert stats.theme_reports == sum(theme in r.themes for r in live), context
            assert sum(m.theme_reports for m in stats.months) == stats.theme_reports
        checked += stats.reports
    assert checked > 100  # the scopes were not empty


def test_territory_scopes_count_where_it_took_place_and_the_structure_scope_the_employer(
    activity_dataset, national_staff
):
    limoges = activity_dataset[0]
    start, end = date(2020, 11, 1), timezone.localdate()
    by_place = activity_statistics(resolve_scope(national_staff, "departement", "87").rollups, start, end)
    assert by_place.reports == ActivityReport.objects.live().filter(commune__departement="87").count()
    by_employer = activity_statistics(resolve_scope(national_staff, "structure", str(limoges.structure_id)).rollups,
                                      start, end)  # fmt: skip
    assert by_employer.reports == ActivityReport.objects.live().filter(structure=limoges.structure_id).count()
    # Limoges' advisors also help people at home in other départements: the two views differ.
    assert ActivityReport.objects.live().filter(structure=limoges.structure_id).exclude(
        commune__departement="87").exists()  # fmt: skip


def test_the_page_and_exports_show_the_scope_figures(client, activity_dataset, national_staff):
    client.force_login(national_staff)
    today = timezone.localdate()
    query = f"?perimetre=departement&code=23&debut={today - timedelta(days=400):%Y-%m-%d}&fin={today:%Y-%m-%d}"
    expected = direct(today - timedelta(days=400), today, commune__departement="23")
    response = client.get(URL + query)
    assert response.status_code == 200
    text = page_text(response)
    assert "Département Creuse (23)" in text and "<svg" in text and 'aria-hidden="true"' in text
    assert "en % de" in text  # every percentage states its base
    svgs = re.findall(r"<svg.*?</svg>", response.content.decode(), flags=re.S)
    assert len(svgs) == 1 + 11  # months, and each distribution
    for svg in svgs:
        ElementTree.fromstring(svg)  # well-formed
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get("/statistiques/export/chiffres-cles.csv" + query).streaming_content).decode(
                    "utf-8-sig"
                )
            ),
            delimiter=";",
        )
    )
    assert rows[0] == ["Indicateur", "Valeur"]
    assert rows[3] == ["Comptes rendus", str(expected["reports"])]
    assert rows[2][1] == str(expected["people"])
    themes = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get("/statistiques/export/themes.csv" + query).streaming_content).decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert [int(row[1]) for row in themes[1:]] == expected["themes"]
    values = xlsx_rows(client.get("/statistiques/export/ages.xlsx" + query).content)
    assert [row[1] for row in values[1:]] == expected["ages"]
    month_rows = xlsx_rows(client.get("/statistiques/export/mois.xlsx" + query + "&theme=email").content)
    assert month_rows[0][-1] == "Comptes rendus citant « E-mail »"
    assert sum(row[1] for row in month_rows[1:]) == expected["reports"]


def test_the_theme_filter_says_what_it_does(client, activity_dataset, national_staff):
    client.force_login(national_staff)
    text = page_text(client.get(URL + "?theme=sante"))
    assert "citent cette thématique" in text and "ne peuvent pas isoler" in text


# ---- permissions -----------------------------------------------------------------------------------

PERSONAS = [
    "anonymous", "candidate", "structure_manager", "other_structure_manager", "prefecture_agent",
    "other_prefecture_agent", "regional_prefecture_agent", "national_staff", "advisor", "coordinator",
]  # fmt: skip


def _statuses(client, request, url) -> dict[str, int]:
    answered = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        answered[persona] = client.get(url).status_code
    return answered


def _expect(default=403, **overrides) -> dict[str, int]:
    return {persona: 302 if persona == "anonymous" else overrides.get(persona, default) for persona in PERSONAS}


@pytest.fixture
def followed(hired_advisor, other_advisor, coordinator):
    Advisor.objects.filter(pk=hired_advisor.pk).update(coordinator=coordinator)
    return hired_advisor


@pytest.mark.parametrize("path", ["/statistiques/", "/statistiques/export/themes.csv",
                                  "/statistiques/export/mois.xlsx"])  # fmt: skip
def test_permission_matrix(client, request, path, followed, other_advisor, coordinator):
    everyone = {p: 200 for p in PERSONAS if p not in ("anonymous", "candidate")}
    limoges, limoges_structure = followed.pk, followed.structure_id
    cases = {
        "": _expect(**everyone),
        "?perimetre=national": _expect(national_staff=200),
        "?perimetre=region&code=75": _expect(national_staff=200, regional_prefecture_agent=200),  # not offered
        "?perimetre=departement&code=87": _expect(national_staff=200, regional_prefecture_agent=200,
                                                  prefecture_agent=200, other_prefecture_agent=404),
        "?perimetre=commune&code=87085": _expect(national_staff=200, regional_prefecture_agent=200,
                                                 prefecture_agent=200, other_prefecture_agent=404),
        "?perimetre=commune&code=23096": _expect(national_staff=200, regional_prefecture_agent=200,
                                                 prefecture_agent=404, other_prefecture_agent=200),
        f"?perimetre=structure&code={limoges_structure}": _expect(
            national_staff=200, regional_prefecture_agent=200, prefecture_agent=200, other_prefecture_agent=404,
            structure_manager=200, other_structure_manager=404),
        f"?perimetre=conseiller&code={limoges}": _expect(
            national_staff=200, regional_prefecture_agent=200, prefecture_agent=200, other_prefecture_agent=404,
            structure_manager=200, other_structure_manager=404, advisor=200, coordinator=200),
        f"?perimetre=conseiller&code={other_advisor.pk}": _expect(
            national_staff=200, regional_prefecture_agent=200, prefecture_agent=404, other_prefecture_agent=200,
            structure_manager=404, other_structure_manager=200, advisor=404, coordinator=404),
        f"?perimetre=equipe&code={coordinator.pk}": _expect(national_staff=200, coordinator=200),
        f"?perimetre=equipe&code={coordinator.pk + 1000}": _expect(national_staff=400, coordinator=404),
    }  # fmt: skip
    for query, expected in cases.items():
        assert _statuses(client, request, path + query) == expected, query


def test_the_open_data_file_is_public(client, request, territories):
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        assert client.get("/donnees-ouvertes/activite-par-departement-mois-type-theme.csv").status_code == 200


def test_an_employer_sees_only_the_reports_written_for_it(
    client, hired_advisor, advisor, place, structure_manager, other_structure_manager, other_advisor, national_staff
):
    save_report(hired_advisor, advisor, individual_data(place))
    # The advisor moves to the other structure: its former employer still sees it, without the new reports.
    Advisor.objects.filter(pk=hired_advisor.pk).update(structure=other_advisor.structure)
    hired_advisor.refresh_from_db()
    theirs = PlaceFactory(structure=other_advisor.structure, advisors=[hired_advisor], commune_id="23096")
    save_report(hired_advisor, advisor, individual_data(theirs))
    start, end = date(2020, 11, 1), timezone.localdate()
    seen = activity_statistics(resolve_scope(other_structure_manager, "conseiller", str(hired_advisor.pk)).rollups,
                               start, end)  # fmt: skip
    assert seen.reports == 1
    assert activity_statistics(resolve_scope(national_staff, "conseiller", str(hired_advisor.pk)).rollups,
                               start, end).reports == 2  # fmt: skip


# ---- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?debut=2025-06-01&fin=2025-01-01", "les dates sont inversées"),
        ("?debut=2020-11-01&fin=2025-12-01", "au plus 5 ans"),
        ("?debut=2019-01-01&fin=2025-01-01", "au plus tôt le 01/11/2020"),
        ("?fin=0001-01-15", "au plus tôt le 01/11/2020"),
        ("?debut=0001-01-01", "au plus tôt le 01/11/2020"),
        ("?debut=2024-13-45", "date"),
        ("?fin=2999-01-01", "au plus tard aujourd'hui"),
        ("?perimetre=planete", "Périmètre inconnu"),
        ("?perimetre=departement&code=ZZ", "Département inconnu"),
        ("?perimetre=departement", "Département inconnu"),
        ("?perimetre=region&code=99", "Région inconnue"),
        ("?perimetre=commune&code=<script>", "Commune inconnue"),
        ("?perimetre=structure&code=abc", "un nombre entier"),
        ("?perimetre=conseiller&code=-3", "un nombre entier"),
        ("?perimetre=equipe&code=99999999999", "un nombre entier"),
        ("?type=tout", "Type d'accompagnement inconnu"),
        ("?theme=cuisine", "Thématique inconnue"),
        ("?code=" + "9" * 50, "au plus 20 caractères"),
    ],
)
def test_bad_input_gets_a_clear_message(client, national_staff, territories, query, message):
    client.force_login(national_staff)
    response = client.get(URL + query)
    assert response.status_code == 400
    assert message in page_text(response)
    assert "<script>" not in response.content.decode().split("<main", 1)[-1] or message == "Commune inconnue"
    export = client.get("/statistiques/export/themes.csv" + query)
    assert export.status_code == 400 and message in export.content.decode()


def test_unknown_table_is_not_found(client, national_staff, territories):
    client.force_login(national_staff)
    assert client.get("/statistiques/export/inconnu.csv").status_code == 404
    assert client.get("/statistiques/export/inconnu.xlsx").status_code == 404


def test_a_structure_manager_without_structure_gets_a_404(client, territories):
    client.force_login(UserFactory(structure_manager=True))
    assert client.get(URL).status_code == 404


# ---- query count -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?perimetre=departement&code=87&theme=email&type=individuel",
                                   "?perimetre=region&code=75"])  # fmt: skip
def test_queries_do_not_grow_with_rollup_rows(client, national_staff, hired_advisor, advisor, place, query,
                                              django_assert_max_num_queries):  # fmt: skip
    client.force_login(national_staff)
    save_report(hired_advisor, advisor, individual_data(place))
    with django_assert_max_num_queries(12) as few:
        assert client.get(URL + query).status_code == 200
    today = timezone.localdate()
    for days in range(1, 300, 3):
        save_report(hired_advisor, advisor, individual_data(place, date=today - timedelta(days)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL + query).status_code == 200
    sql = [query["sql"] for query in few.captured_queries]
    # Territory scopes read month rows for the whole months, day rows for the partial month at the end of the
    # default period (none on a month's last day): one query per table.
    assert len([q for q in sql if "activity_departementmonthrollup" in q]) == 1
    assert len([q for q in sql if "activity_activityrollup" in q or "activity_departementrollup" in q]) <= 1
    assert not [q for q in sql if "activity_activityreport" in q]


# ---- the coordinator of an advisor -----------------------------------------------------------------


def test_national_staff_sets_the_coordinator(client, hired_advisor, national_staff, coordinator, prefecture_agent):
    url = f"/conseillers/{hired_advisor.pk}/"
    client.force_login(prefecture_agent)
    response = client.post(url, {"coordinator_form": "1", "coordinator": coordinator.pk}, follow=True)
    assert "Seule l'équipe nationale" in page_text(response)
    hired_advisor.refresh_from_db()
    assert hired_advisor.coordinator is None
    client.force_login(national_staff)
    page = client.get(url)
    assert "Coordinateur qui suit ce conseiller" in page_text(page)
    response = client.post(url, {"coordinator_form": "1", "coordinator": national_staff.pk})
    assert response.status_code == 200 and "Choisissez un coordinateur de la liste" in page_text(response)
    response = client.post(url, {"coordinator_form": "1", "coordinator": coordinator.pk}, follow=True)
    assert "Coordinateur enregistré" in page_text(response)
    hired_advisor.refresh_from_db()
    assert hired_advisor.coordinator == coordinator
    assert Journal.objects.filter(action="recruitment.coordinator_set", object_id=str(hired_advisor.pk)).exists()
    client.post(url, {"coordinator_form": "1", "coordinator": ""})
    hired_advisor.refresh_from_db()
    assert hired_advisor.coordinator is None
