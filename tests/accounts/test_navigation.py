import pytest

from tests.helpers import page_text

NAVIGATION = {
    "national_staff": [
        "Mon espace",
        "Pilotage",
        "Comité",
        "Contrats",
        "Conseillers",
        "Enveloppe",
        "Dotations",
        "Paramètres du programme",
        "Statistiques",
        "Comptes",
        "Clients API",
        "Journal",
    ],
    "prefecture_agent": [
        "Mon espace",
        "Pilotage",
        "Candidatures",
        "Conseillers",
        "Enveloppe",
        "Dotations",
        "Statistiques",
    ],
    "structure_manager": [
        "Mon espace",
        "Ma structure",
        "Conseillers",
        "Lieux",
        "Agendas",
        "Comptes rendus",
        "Statistiques",
    ],
    "advisor": [
        "Mon espace",
        "Mes lieux",
        "Mon agenda",
        "Mes ateliers",
        "Comptes rendus",
        "Personnes accompagnées",
        "Mes statistiques",
    ],
    "coordinator": ["Mon espace", "Mon équipe", "Statistiques"],
    "candidate": ["Mon espace", "Ma candidature"],
}


def _navigation_labels(page):
    start = page.index('id="navigation-principale"')
    nav = page[start : page.index("</nav>", start)]
    return [part.split("<")[0].strip() for part in nav.split('class="fr-nav__link"')[1:]]


@pytest.mark.parametrize("persona, expected", NAVIGATION.items())
def test_each_role_sees_its_navigation(client, request, programme, persona, expected):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    page = page_text(client.get("/compte/"))
    labels = [label.split(">", 1)[-1] for label in _navigation_labels(page)]
    assert labels == expected, labels
    assert user.get_role_display() in page


def test_anonymous_sees_the_citizen_navigation_and_a_login_button(client, db):
    page = page_text(client.get("/"))
    assert 'id="navigation-principale"' in page and 'href="#navigation-principale"' in page
    assert "Se connecter" in page
    for url in ("/aide-numerique/", "/aide-numerique/ateliers/", "/aide-numerique/mon-niveau/"):
        assert f'href="{url}"' in page
    current = page_text(client.get("/aide-numerique/ateliers/"))
    assert 'href="/aide-numerique/ateliers/" aria-current="page"' in current


def test_space_shows_account_and_territory(client, prefecture_agent):
    client.force_login(prefecture_agent)
    page = page_text(client.get("/compte/"))
    assert prefecture_agent.email in page
    assert "Haute-Vienne (87)" in page


def test_only_the_current_entry_is_the_current_page(client, programme, national_staff):
    client.force_login(national_staff)
    page = page_text(client.get("/programme/dotations/"))
    main_nav = page[page.index('id="navigation-principale"') :]
    main_nav = main_nav[: main_nav.index("</nav>")]
    assert main_nav.count('aria-current="page"') == 1
    assert 'href="/programme/dotations/" aria-current="page"' in page
    assert 'href="/programme/" aria-current' not in page
    subpage = page_text(client.get("/programme/dotations/87/"))
    assert 'href="/programme/dotations/" aria-current="true"' in subpage
