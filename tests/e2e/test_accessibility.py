import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.system]

PAGES = [
    ("home", "/"),
    ("login", "/compte/connexion/"),
    ("commune_search", "/territoires/communes/?q=st+junien"),
    ("candidate_apply", "/recrutement/candidater/"),
]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page_has_no_serious_accessibility_violation(territories, page, screenshot, check_accessibility, name, path):
    page.goto(path)
    expect(page.locator("main#contenu h1")).to_be_visible()
    if name == "commune_search":
        expect(page.locator("#table-communes")).to_contain_text("Saint-Junien")
    screenshot(page, name)
    check_accessibility(page, name)


def test_login_error_state_has_no_serious_accessibility_violation(
    advisor, page, log_in, screenshot, check_accessibility
):
    log_in(page, advisor.email, password="pas-le-bon-mot-de-passe")
    expect(page.get_by_role("alert")).to_be_visible()
    screenshot(page, "login_error")
    check_accessibility(page, "login_error")


STAFF_PAGES = [
    ("programme_parameters", "/programme/"),
    ("quotas", "/programme/dotations/"),
    ("quota_edit", "/programme/dotations/87/"),
    ("training_tracks", "/programme/parcours-de-formation/"),
    ("commune_detail_choices", "/territoires/communes/87085/?vers=87200"),
    ("accounts", "/compte/equipe/"),
    ("invite", "/compte/equipe/inviter/"),
    ("journal", "/journal/"),
    ("committee_queue", "/structures/comite/"),
    ("envelope", "/structures/enveloppe/"),
]


@pytest.mark.parametrize(("name", "path"), STAFF_PAGES, ids=[name for name, _ in STAFF_PAGES])
def test_staff_pages_have_no_serious_accessibility_violation(
    programme, national_staff, page, log_in, screenshot, check_accessibility, name, path
):
    log_in(page, national_staff.email)
    page.goto(path)
    expect(page.locator("main#contenu h1")).to_be_visible()
    screenshot(page, name)
    check_accessibility(page, name)
