"""The coordinator's day: it signs in from the home page, opens "Mon équipe", sees the advisors it follows and the
one who has reported nothing for a month flagged, then opens its team's statistics; at 1280 and 375 px, axe clean.
"""

# ruff: noqa: F811  (the activity fixtures, imported to be used as fixtures here)

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conum.core.dates import month_start
from conum.recruitment.models import Advisor
from tests.activity.builders import bulk_reports, individual_data
from tests.activity.conftest import hired_advisor, limoges_application  # noqa: F401
from tests.activity.factories import PlaceFactory, WorkshopFactory
from tests.factories import PASSWORD
from tests.recruitment.hiring import in_post

pytestmark = [pytest.mark.e2e, pytest.mark.system]

DESKTOP, PHONE = 1280, 375
QUIET_ALERT = "Sans compte rendu depuis un mois"
RECENT = (0, 1, 2)  # days ago, the reports of the advisor who reports


@pytest.fixture
def team(hired_advisor, limoges_application, structure_manager, national_staff, coordinator):
    """Two advisors of Limoges followed by the coordinator: one reported this week, the other not for two months."""
    quiet = in_post(limoges_application, structure_manager, national_staff, email="silencieux@exemple.fr",
                    first_name="Zoé", last_name="Silence")  # fmt: skip
    Advisor.objects.filter(pk__in=[hired_advisor.pk, quiet.pk]).update(coordinator=coordinator)
    place = PlaceFactory(structure=hired_advisor.structure, advisors=[hired_advisor, quiet], name="Médiathèque")
    today = timezone.localdate()
    bulk_reports(
        [(hired_advisor, individual_data(place, date=today - timedelta(days=days))) for days in RECENT]
        + [(quiet, individual_data(place, date=today - timedelta(days=65)))]
    )
    WorkshopFactory(advisor=hired_advisor, place=place)
    hired_advisor.refresh_from_db()
    quiet.refresh_from_db()
    return hired_advisor, quiet


def _open_menu_on_a_phone(page, width):
    """On a phone the header's links and the main navigation are in the menu."""
    if width == PHONE:
        page.locator("header.fr-header").get_by_role("button", name="Menu").click()


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_coordinator_follows_its_team_and_opens_its_statistics(
    team, coordinator, new_page, width, screenshot, check_accessibility
):
    reporting, quiet = team
    page = new_page(viewport={"width": width, "height": 900 if width == DESKTOP else 800})

    # Sign in from the home page.
    page.goto("/")
    _open_menu_on_a_phone(page, width)
    page.locator("header.fr-header").get_by_role("link", name="Se connecter").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter à Conum")
    page.locator("#id_username").fill(coordinator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")

    # "Mon équipe", from the main navigation.
    _open_menu_on_a_phone(page, width)
    page.locator("#navigation-principale").get_by_role("link", name="Mon équipe", exact=True).click()
    expect(page).to_have_url("/equipe/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon équipe")
    table = page.locator("table", has=page.locator("caption", has_text="Mon équipe : 2 conseillers en poste"))
    expect(table.locator("tbody tr")).to_have_count(2)
    quiet_row = table.locator("tbody tr", has=page.get_by_role("rowheader", name=re.compile(quiet.full_name)))
    reporting_row = table.locator("tbody tr", has=page.get_by_role("rowheader", name=re.compile(reporting.full_name)))
    expect(quiet_row.get_by_text(QUIET_ALERT)).to_be_visible()
    expect(reporting_row.get_by_text(QUIET_ALERT)).to_have_count(0)
    today = timezone.localdate()
    this_month = sum(1 for days in RECENT if today - timedelta(days=days) >= month_start(today))
    expect(reporting_row.locator("td").nth(3)).to_have_text(str(this_month))  # reports this month
    alert = page.locator("#sans-compte-rendu .fr-alert--warning")
    expect(alert.get_by_role("heading")).to_have_text("1 conseiller sans compte rendu depuis un mois")
    expect(alert.get_by_role("link", name=quiet.full_name)).to_have_attribute("href", f"#conseiller-{quiet.pk}")
    check_accessibility(page, f"coordinator-space-{width}")
    screenshot(page, f"coordinator-space-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"

    # The team's statistics.
    page.get_by_role("link", name="Statistiques de l'équipe").click()
    expect(page).to_have_url(re.compile(rf"/statistiques/\?perimetre=equipe&code={coordinator.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistiques d'activité — équipe d'un coordinateur")
    expect(page.locator("#contenu")).to_contain_text(f"Équipe de {coordinator.get_full_name()}")
    reports = page.locator("#tableau-chiffres-cles tr", has=page.get_by_role("rowheader", name="Comptes rendus"))
    expect(reports.locator("td")).to_have_text(str(len(RECENT) + 1))  # the default period: the last 12 months
    expect(page.locator("#id_perimetre option")).to_have_text(
        ["Mon périmètre", "Conseiller numérique", "Équipe d'un coordinateur"]
    )
    check_accessibility(page, f"team-statistics-{width}")
    screenshot(page, f"team-statistics-{width}")
