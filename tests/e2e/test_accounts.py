import pytest
from playwright.sync_api import expect

from tests.accounts.test_navigation import NAVIGATION

pytestmark = [pytest.mark.e2e, pytest.mark.system]

ALL_NAV = [
    "Mon espace",
    "Pilotage",
    "Statistiques",
    "Clients API",
    "Comité",
    "Contrats",
    "Conseillers",
    "Enveloppe",
    "Dotations",
    "Paramètres du programme",
    "Comptes",
    "Journal",
    "Candidatures",
    "Ma structure",
    "Ma candidature",
    "Lieux",
    "Mes lieux",
    "Mon agenda",
    "Agendas",
    "Mes ateliers",
    "Comptes rendus",
    "Personnes accompagnées",
    "Mes statistiques",
    "Mon équipe",
]

# persona fixture, role label in the header; the navigation entries it must see are tests/accounts' list
ROLE_LABELS = {
    "national_staff": "Équipe nationale",
    "prefecture_agent": "Préfecture",
    "structure_manager": "Structure d'accueil",
    "advisor": "Conseiller numérique",
    "coordinator": "Coordinateur",
    "candidate": "Candidat",
}
PERSONAS = [(persona, label, NAVIGATION[persona]) for persona, label in ROLE_LABELS.items()]


@pytest.mark.parametrize(("persona", "role_label", "expected_nav"), PERSONAS, ids=[p[0] for p in PERSONAS])
def test_persona_logs_in_and_sees_its_navigation(
    request, programme, page, log_in, screenshot, persona, role_label, expected_nav
):
    user = request.getfixturevalue(persona)

    page.goto("/compte/connexion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter à Conum")
    log_in(page, user.email)

    expect(page).to_have_url("/compte/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.locator("header.fr-header").get_by_role("link", name=f"{role_label} — {user.email}")).to_be_visible()
    navigation = page.locator("#navigation-principale")
    expect(navigation.get_by_role("link")).to_have_text(expected_nav)
    for label in set(ALL_NAV) - set(expected_nav):
        expect(navigation.get_by_role("link", name=label, exact=True)).to_have_count(0)
    expect(navigation.get_by_role("link", name="Mon espace")).to_have_attribute("aria-current", "page")
    screenshot(page, "space")

    if "Dotations" in expected_nav:
        navigation.get_by_role("link", name="Dotations").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Dotations départementales")
        expect(page.locator("#contenu")).to_contain_text("Haute-Vienne")
        screenshot(page, "quotas")


def test_logout_brings_back_the_login_button(national_staff, page, log_in):
    log_in(page, national_staff.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")

    page.get_by_role("button", name="Se déconnecter").click()

    expect(page).to_have_url("/")
    expect(page.locator("header.fr-header").get_by_role("link", name="Se connecter")).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    # Back to the visitor's navigation: the citizen site only.
    expect(page.locator("#navigation-principale").get_by_role("link")).to_have_text(
        ["Trouver de l'aide", "Ateliers", "Trouver mon niveau"]
    )
    # The session is really gone: the personal space asks to log in again.
    page.goto("/compte/")
    expect(page).to_have_url("/compte/connexion/?next=/compte/")


def test_wrong_password_shows_the_error(advisor, page, log_in):
    log_in(page, advisor.email, password="pas-le-bon-mot-de-passe")

    expect(page.get_by_role("alert")).to_contain_text("Adresse e-mail ou mot de passe incorrect")
    expect(page.locator("#id_username")).to_have_value(advisor.email)
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)


def test_repeated_wrong_passwords_block_the_login(advisor, page, log_in, screenshot, settings):
    """LOGIN_FAILURE_LIMIT (10 by default) wrong passwords, then the right one: still blocked."""
    settings.LOGIN_ACCOUNT_SLOWDOWN_AFTER = 100  # the pair's lock alone (tests/security/test_login_throttle.py)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(page, advisor.email, password="pas-le-bon-mot-de-passe")
        expect(page.get_by_role("alert")).to_contain_text("Adresse e-mail ou mot de passe incorrect")
    log_in(page, advisor.email, password="pas-le-bon-mot-de-passe")  # the last allowed failure locks
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion temporairement bloquée")

    with page.expect_response(lambda response: response.request.method == "POST") as login_post:
        log_in(page, advisor.email)  # even the right password is refused now
    assert login_post.value.status == 429

    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion temporairement bloquée")
    expect(page.get_by_role("link", name="Mot de passe oublié")).to_have_attribute(
        "href", "/compte/mot-de-passe-oublie/"
    )
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    screenshot(page, "locked_out")


def test_only_the_current_page_is_marked_current(programme, national_staff, page, log_in):
    log_in(page, national_staff.email)
    page.locator("#navigation-principale").get_by_role("link", name="Dotations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dotations départementales")

    current = page.locator("#navigation-principale [aria-current=page]")
    expect(current).to_have_text(["Dotations"], timeout=1_000)


def test_the_structure_managers_menu_holds_on_one_line(programme, structure_manager, page, log_in, screenshot):
    """At the suite's width (1280 px) the seven entries, "Agendas" among them, sit on one line of the header."""
    log_in(page, structure_manager.email)
    links = page.locator("#navigation-principale").get_by_role("link")
    expect(links).to_have_text(NAVIGATION["structure_manager"])
    tops = {round(links.nth(index).bounding_box()["y"]) for index in range(links.count())}
    screenshot(page, "menu")
    assert len(tops) == 1, tops

    links.filter(has_text="Agendas").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Agenda")
    expect(page.locator("#navigation-principale [aria-current=page]")).to_have_text(["Agendas"])
