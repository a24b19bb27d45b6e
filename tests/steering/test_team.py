"""The coordinator's space (/equipe/): its own advisors only, their places, workshops and reports, who has reported
nothing for a month, links to the statistics it may open, its to-dos; queries that do not grow with the team."""

# ruff: noqa: F811  (the activity fixtures, imported to be used as fixtures here)

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from conum.activity.models import Workshop
from conum.core.dates import month_start
from conum.core.formatting import clock
from conum.core.navigation import items_for
from conum.core.worklist import worklist_for
from conum.recruitment.models import Advisor
from tests.activity.builders import bulk_reports, individual_data
from tests.activity.conftest import advisor, hired_advisor, limoges_application, other_advisor  # noqa: F401
from tests.activity.factories import PlaceFactory, WorkshopFactory
from tests.factories import UserFactory
from tests.helpers import page_text
from tests.recruitment.hiring import in_post

URL = "/equipe/"


@pytest.fixture
def other_coordinator(db):
    return UserFactory(coordinator=True, email="autre-coordinateur@exemple.fr", first_name="Lou", last_name="Autre")


@pytest.fixture
def team(hired_advisor, limoges_application, structure_manager, national_staff, coordinator, other_advisor,
         other_coordinator):  # fmt: skip
    """The coordinator follows three advisors of Limoges: one who reports (this month, last month, and a deleted
    report), one who has reported nothing for two months, one hired a week ago without any report yet. The other
    coordinator follows the Guéret advisor."""
    today = timezone.localdate()
    quiet = in_post(limoges_application, structure_manager, national_staff, email="silencieux@exemple.fr",
                    first_name="Zoé", last_name="Silence")  # fmt: skip
    newcomer = in_post(limoges_application, structure_manager, national_staff, email="nouveau@exemple.fr",
                       start=today - timedelta(days=7), first_name="Noé", last_name="Nouveau")  # fmt: skip
    Advisor.objects.filter(pk__in=[hired_advisor.pk, quiet.pk, newcomer.pk]).update(coordinator=coordinator)
    Advisor.objects.filter(pk=other_advisor.pk).update(coordinator=other_coordinator)
    place = PlaceFactory(
        structure=hired_advisor.structure, advisors=[hired_advisor, quiet], name="Médiathèque Aimé Césaire"
    )
    PlaceFactory(structure=hired_advisor.structure, advisors=[hired_advisor], name="Ancien lieu",
                 archived_at=timezone.now())  # fmt: skip
    this_month, last_month = month_start(today), month_start(today, -1)
    bulk_reports(
        [(hired_advisor, individual_data(place, date=today))] * 2
        + [(hired_advisor, individual_data(place, date=this_month))]
        + [(hired_advisor, individual_data(place, date=last_month))] * 4
        + [(quiet, individual_data(place, date=today - timedelta(days=62)))],
        deleted={0},
    )
    soon = timezone.now() + timedelta(days=2)
    WorkshopFactory(advisor=hired_advisor, place=place, starts_at=soon, ends_at=soon + timedelta(hours=2))
    WorkshopFactory(advisor=hired_advisor, place=place, starts_at=soon + timedelta(days=10),
                    ends_at=soon + timedelta(days=10, hours=2))  # fmt: skip
    WorkshopFactory(advisor=hired_advisor, place=place, starts_at=soon - timedelta(days=1),
                    ends_at=soon - timedelta(days=1) + timedelta(hours=2), cancelled_at=timezone.now())  # fmt: skip
    WorkshopFactory(advisor=other_advisor, place=PlaceFactory(structure=other_advisor.structure, commune_id="23096"))
    for member in (hired_advisor, quiet, newcomer):
        member.refresh_from_db()
    return {"reporting": hired_advisor, "quiet": quiet, "newcomer": newcomer, "soon": soon}


def _cells(response, advisor) -> list[str]:
    """The texts of the advisor's row in the team table: name and contact, structure, places, workshops, reports
    this month, last month, last report, statistics link."""
    html = response.content.decode()
    start = html.index(f'id="conseiller-{advisor.pk}"')
    row = html[start : html.index("</tr>", start)]
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.DOTALL)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells]


def test_the_coordinator_sees_its_team_figures_and_who_is_quiet(client, team, coordinator, other_advisor):
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    text = page_text(response)
    reporting, quiet, newcomer = team["reporting"], team["quiet"], team["newcomer"]
    assert other_advisor.full_name not in text  # another coordinator's advisor

    name, structure, places, workshops, this_month, last_month, last_report, statistics = _cells(response, reporting)
    assert name == f"{reporting.full_name} {reporting.candidate.email} 06 12 34 56 78"
    assert structure.startswith(reporting.structure.name) and structure.endswith("Limoges (87)")
    assert places == "Médiathèque Aimé Césaire"  # the archived place is not active
    # Two upcoming sessions (the cancelled one is not counted), the next one's date.
    next_at = " ".join(clock(team["soon"]).split())  # the cells' spaces, no-break ones included, made plain
    assert workshops == f"2 prochain le {timezone.localtime(team['soon']):%d/%m/%Y} à {next_at}"
    # Today's deleted report is not counted.
    assert (this_month, last_month, last_report) == ("2", "4", f"{timezone.localdate():%d/%m/%Y}")
    assert statistics == "Statistiques"
    assert f'aria-label="Statistiques de {reporting.full_name}"' in response.content.decode()

    name, _structure, places, workshops, this_month, last_month, last_report, _link = _cells(response, quiet)
    assert name.startswith(f"{quiet.full_name} Sans compte rendu depuis un mois")
    assert (places, workshops, this_month, last_month) == ("Médiathèque Aimé Césaire", "0", "0", "0")
    assert last_report == f"{timezone.localdate() - timedelta(days=62):%d/%m/%Y}"
    name, _structure, places, *_figures, last_report, _link = _cells(response, newcomer)
    assert "Sans compte rendu" not in name  # hired a week ago
    assert (places, last_report) == ("Aucun lieu", "Aucun")
    assert "1 conseiller sans compte rendu depuis un mois" in text
    assert (
        f'href="#conseiller-{quiet.pk}">{quiet.full_name}</a> ({quiet.structure.name}), dernier compte rendu le' in text
    )


def test_report_counts_per_month(client, team, coordinator):
    client.force_login(coordinator)
    response = client.get(URL)
    reporting = next(a for a in response.context["team"] if a.pk == team["reporting"].pk)
    assert (reporting.reports_this_month, reporting.reports_last_month, reporting.upcoming_workshops) == (2, 4, 2)
    assert reporting.last_report == timezone.localdate()
    assert [a.pk for a in response.context["quiet"]] == [team["quiet"].pk]
    assert response.context["reports_this_month"] == 2 and response.context["reports_last_month"] == 4


def test_links_to_the_statistics_it_may_open(client, team, coordinator, other_advisor):
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    team_link = f"/statistiques/?perimetre=equipe&amp;code={coordinator.pk}"
    assert team_link in html
    assert client.get(team_link.replace("&amp;", "&")).status_code == 200
    for member in (team["reporting"], team["quiet"], team["newcomer"]):
        link = f"/statistiques/?perimetre=conseiller&amp;code={member.pk}"
        assert link in html
        assert client.get(link.replace("&amp;", "&")).status_code == 200
    # Another coordinator's advisor, wherever its number is taken: not found.
    for url in ("/statistiques/", "/statistiques/export/mois.csv", "/statistiques/export/themes.xlsx"):
        assert client.get(f"{url}?perimetre=conseiller&code={other_advisor.pk}").status_code == 404


def test_the_team_statistics_count_the_team_reports(client, team, coordinator):
    client.force_login(coordinator)
    today = timezone.localdate()
    start = today - timedelta(days=70)
    response = client.get(f"/statistiques/?perimetre=equipe&code={coordinator.pk}&debut={start:%Y-%m-%d}")
    assert response.context["stats"].reports == 2 + 4 + 1  # the deleted one left out


def test_another_coordinator_does_not_see_this_team(client, team, other_coordinator, other_advisor):
    client.force_login(other_coordinator)
    text = page_text(client.get(URL))
    assert other_advisor.full_name in text
    assert team["reporting"].full_name not in text
    assert client.get(f"/statistiques/?perimetre=conseiller&code={team['reporting'].pk}").status_code == 404
    assert client.get(f"/statistiques/?perimetre=equipe&code={team['reporting'].coordinator_id}").status_code == 404


def test_former_advisors_are_not_listed(client, team, coordinator):
    Advisor.objects.filter(pk=team["quiet"].pk).update(in_post=False, left_on=timezone.localdate())
    client.force_login(coordinator)
    response = client.get(URL)
    assert team["quiet"].full_name not in page_text(response)
    assert response.context["quiet"] == []
    assert "a écrit un compte rendu depuis le" in page_text(response)


def test_a_coordinator_without_team_is_told_why(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Aucun conseiller en poste ne vous est rattaché" in page_text(response)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("candidate", 403), ("structure_manager", 403), ("prefecture_agent", 403),
     ("national_staff", 403), ("advisor", 403), ("coordinator", 200)],
)  # fmt: skip
def test_only_coordinators_open_the_page(client, request, persona, status):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == status


def test_the_navigation_leads_there(coordinator):
    labels = {item["label"]: item["url"] for item in items_for(coordinator, URL)}
    assert labels["Mon équipe"] == URL
    assert labels["Statistiques"] == "/statistiques/"


# ---- to-dos ----------------------------------------------------------------------------------------


def test_the_coordinator_worklist(client, team, coordinator, other_coordinator):
    worklist = {item.label: item for item in worklist_for(coordinator)}
    quiet = worklist["Conseillers sans compte rendu depuis un mois"]
    assert (quiet.count, quiet.alert) == (1, True)
    week = worklist["Ateliers de l'équipe dans les 7 prochains jours"]
    assert (week.count, week.alert) == (1, False)  # the one in 12 days and the cancelled one are not counted
    assert list(worklist_for(coordinator))[0] == quiet  # alerts first
    client.force_login(coordinator)
    for item in worklist.values():
        assert client.get(item.url).status_code == 200
    # The other coordinator counts its own advisor only: in post since 2024 without any report, a session tomorrow.
    others = {item.label: item.count for item in worklist_for(other_coordinator)}
    assert others == {"Conseillers sans compte rendu depuis un mois": 1,
                      "Ateliers de l'équipe dans les 7 prochains jours": 1}  # fmt: skip


def test_no_alert_when_everyone_reports(coordinator, db):
    worklist = worklist_for(coordinator)
    assert [(item.count, item.alert) for item in worklist] == [(0, False), (0, False)]


# ---- queries ---------------------------------------------------------------------------------------


def test_queries_do_not_grow_with_the_team(client, team, coordinator, limoges_application, structure_manager,
                                           national_staff, django_assert_max_num_queries):  # fmt: skip
    client.force_login(coordinator)
    with django_assert_max_num_queries(12) as few:
        assert client.get(URL).status_code == 200
    place = PlaceFactory(structure=team["reporting"].structure, name="Tiers-lieu")
    for number in range(6):
        member = in_post(limoges_application, structure_manager, national_staff, email=f"renfort{number}@exemple.fr")
        Advisor.objects.filter(pk=member.pk).update(coordinator=coordinator)
        place.advisors.add(member)
        bulk_reports([(member, individual_data(place, date=timezone.localdate()))])
        WorkshopFactory(advisor=member, place=place)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["team"]) == 9
    assert Workshop.objects.filter(advisor__coordinator=coordinator).count() == 9
    with django_assert_max_num_queries(2):
        worklist_for(coordinator)
