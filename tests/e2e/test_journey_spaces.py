"""What do I have to do today? Each role signs in from the home page, finds its to-dos first in "Mon espace",
clicks one and lands on the page where it acts; at 1280 and 375 px, axe clean."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conum.recruitment.enums import MatchStatus
from tests.accounts.test_space_worklist import GUERET, application, contract_waiting, proposal, registration, session
from tests.activity.conftest import advisor, hired_advisor, limoges_application  # noqa: F401
from tests.recruitment.hiring import validated_application

pytestmark = [pytest.mark.e2e, pytest.mark.system]

MOBILE = {"width": 375, "height": 800}


def _prefecture(request):
    for _ in range(2):
        application()
    application(commune=GUERET)  # another département's: not counted
    return request.getfixturevalue("prefecture_agent"), "Candidatures en attente de votre avis", "2", (
        "Candidatures de mon territoire", "2 candidatures",
    )  # fmt: skip


def _national(request):
    for commune in ("87154", GUERET, "19272"):
        application(commune=commune)
    contract_waiting(request.getfixturevalue("structure_manager"))
    return request.getfixturevalue("national_staff"), "Candidatures à décider en comité", "3", (
        "Comité de sélection", "3 candidatures",
    )  # fmt: skip


def _structure(request):
    manager = request.getfixturevalue("structure_manager")
    mine = validated_application(manager, commune="87085", posts=2)
    for _ in range(3):
        proposal(mine)
    proposal(mine, status=MatchStatus.SHORTLISTED)
    theirs = validated_application(request.getfixturevalue("other_structure_manager"), commune=GUERET)
    proposal(theirs, commune_id=GUERET)  # another structure's: not counted
    return manager, "Nouveaux candidats proposés, pas encore examinés", "3", (
        f"Candidats proposés à {mine.structure.name}", "3 candidats",
    )  # fmt: skip


def _advisor(request):
    hired = request.getfixturevalue("hired_advisor")
    now = timezone.now()
    session(hired, now - timedelta(days=2), title="Créer sa messagerie")
    registration(session(hired, now + timedelta(minutes=20)))
    return hired.user, "Séances passées sans compte rendu", "1", (
        "Nouveau compte rendu d'activité", "Créer sa messagerie",
    )  # fmt: skip


ROLES = {"prefecture": _prefecture, "national": _national, "structure": _structure, "advisor": _advisor}


def _tile(page, label):
    return page.locator(".fr-tile").filter(has=page.get_by_role("link", name=re.compile(f"^{re.escape(label)}")))


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_finds_its_worklist_first_and_acts_on_one(
    request, programme, role, new_page, log_in, screenshot, check_accessibility
):
    user, label, count, (heading, landed) = ROLES[role](request)

    page = new_page()
    page.goto("/")
    page.locator("header.fr-header").get_by_role("link", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter à Conum")
    log_in(page, user.email)

    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    headings = page.locator("#contenu h2")
    expect(headings.first).to_have_text("À faire")  # before the account and the tools
    tile = _tile(page, label)
    expect(tile).to_contain_text(count)
    expect(page.get_by_text("Rien en attente")).to_have_count(0)
    if role == "advisor":
        expect(tile).to_contain_text("Alerte")
    screenshot(page, f"space-{role}")
    check_accessibility(page, f"space-{role}")

    tile.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#contenu")).to_contain_text(landed)

    # The same space on a phone, signed in with the same session.
    phone = new_page(viewport=MOBILE, storage_state=page.context.storage_state())
    phone.goto("/compte/")
    tile = _tile(phone, label)
    expect(tile).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    screenshot(phone, f"space-{role}-375")
    check_accessibility(phone, f"space-{role}-375")
    tile.get_by_role("link").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(heading)


def test_nothing_waiting_says_so_without_javascript(programme, national_staff, new_page, log_in, screenshot):
    page = new_page(java_script_enabled=False, viewport=MOBILE)
    log_in(page, national_staff.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_text("Rien en attente")).to_be_visible()
    expect(page.locator(".fr-tile")).to_have_count(0)
    screenshot(page, "space-nothing-375")
