"""The citizen site in a real browser, as a person uses it: find a place near Saint-Junien, narrow the search,
open a place and a workshop, register, cancel from the e-mail's link; with and without JavaScript. Then the
key pages pass axe, have one h1 and labelled fields, are reached with the keyboard in order, and fit a phone.
"""

# ruff: noqa: F811  (the activity and public fixtures, imported to be used as fixtures here)

import base64
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from conum.activity.enums import PlaceService
from conum.activity.models import Registration
from conum.public import level, wording
from tests.activity.conftest import hired_advisor, limoges_application  # noqa: F401
from tests.public.conftest import network, workshop  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.system]

SEARCH_URL = "/aide-numerique/"
PHONE, DESKTOP = 375, 1280
EMAIL = "jeanne.durand@exemple.fr"
PROCEDURES = wording.SERVICES[PlaceService.PROCEDURES]  # "Faire ses démarches en ligne (…)", in plain words
NEAREST_FIRST = [
    "Médiathèque de Saint-Junien",
    "Mairie de Saint-Brice-sur-Vienne",
    "Tiers-lieu de Rochechouart",
    "France Services d'Oradour-sur-Glane",
]
# The map tiles come from an external host: the browser gets a transparent tile instead, nothing leaves the machine.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@pytest.fixture
def open_page(new_page):
    """open_page(java_script_enabled=False): a page on the live server whose map tiles are served blank."""

    def make(**options):
        page = new_page(**options)
        if settings.MAP_TILES_URL:
            tiles = urlsplit(settings.MAP_TILES_URL)
            page.context.route(
                f"{tiles.scheme}://{tiles.netloc}/**",
                lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
            )
        return page

    return make


# ---- what a person does ------------------------------------------------------------------------------------


def search(page, commune="Saint-Junien", distance="20 km"):
    page.goto(SEARCH_URL)
    page.get_by_label("Votre commune ou votre code postal").fill(commune)
    page.get_by_label("Distance").select_option(label=distance)
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("#resultats h2")).to_be_visible()


def refine(page, free=False, service=None):
    form = page.get_by_role("search", name="Rechercher un lieu d'aide")
    if free:
        form.get_by_text("Gratuit").click()  # the DSFR checkbox's label covers it: a person clicks the label
    if service:
        form.get_by_label("Pour quoi faire ?").select_option(label=service)
    form.get_by_role("button", name="Rechercher").click()
    expect(page.locator("#resultats h2")).to_be_visible()


def results(page) -> list[str]:
    return page.locator("#resultats h3 a").all_inner_texts()


def distances(page) -> list[float]:
    """The "À 6,1 km" of each card, in the order shown."""
    texts = page.locator("#resultats .fr-card__desc strong").all_inner_texts()
    return [float(re.fullmatch(r"À (\d+,\d) km", text.strip()).group(1).replace(",", ".")) for text in texts]


def register(page, first_name="Jeanne", last_name="D.", email=EMAIL):
    page.get_by_role("link", name="M'inscrire", exact=True).click()
    expect(page.locator("h1")).to_have_text("M'inscrire à l'atelier")
    page.locator("#id_first_name").fill(first_name)
    page.locator("#id_last_name").fill(last_name)
    page.locator("#id_email").fill(email)
    page.get_by_text("J'accepte que ces informations soient enregistrées").click()
    page.get_by_role("button", name="Confirmer mon inscription").click()


def cancellation_path(recipient: str) -> str:
    """The path of the cancellation link in the e-mail sent to `recipient` (e-mails carry SITE_URL)."""
    for message in mail.outbox:
        found = re.search(r"(https?://\S+?)(/activite/ateliers/annulation/[\w-]+/)", message.body)
        if message.to == [recipient] and found:
            assert found.group(1) == settings.SITE_URL
            return found.group(2)
    raise AssertionError(f"No e-mail to {recipient} with a cancellation link")


def seats(page):
    return page.get_by_text(re.compile(r"\d+ places? libres? sur \d+"))


# ---- the journey -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["with_javascript", "without_javascript"])
def test_find_a_place_register_to_a_workshop_and_cancel(workshop, open_page, screenshot, javascript):
    page = open_page(java_script_enabled=javascript)

    search(page, "Saint-Junien", "20 km")
    expect(page.locator("#resultats h2")).to_have_text("4 lieux à moins de 20 km de Saint-Junien (87)")
    assert results(page) == NEAREST_FIRST
    shown = distances(page)
    assert shown == sorted(shown) and shown[0] < 1 and 8 < shown[2] < 11, shown
    expect(page.get_by_role("link", name="05 55 02 12 34")).to_have_attribute("href", "tel:+33555021234")
    # The map beside the list needs JavaScript; without it the list alone says the same.
    if javascript:
        expect(page.locator("#carte")).to_be_visible()
    else:
        expect(page.locator("#carte")).to_be_hidden()
    screenshot(page, "results")

    refine(page, free=True, service=PROCEDURES)
    expect(page.locator("#resultats h2")).to_have_text("3 lieux à moins de 20 km de Saint-Junien (87)")
    assert results(page) == [name for name in NEAREST_FIRST if name != "Tiers-lieu de Rochechouart"]
    expect(page.get_by_label("Gratuit")).to_be_checked()
    expect(page.get_by_label("Pour quoi faire ?")).to_have_value(PlaceService.PROCEDURES)
    screenshot(page, "results_free_procedures")

    page.get_by_role("link", name="Médiathèque de Saint-Junien").click()
    expect(page.locator("h1")).to_have_text("Médiathèque de Saint-Junien")
    expect(page.locator("main")).to_contain_text("Lundi–vendredi : 9 h–12 h, 14 h–18 h")
    expect(page.locator("#ateliers")).to_have_text("Prochains ateliers")
    page.get_by_role("link", name="Bien utiliser son smartphone").click()

    expect(page.locator("h1")).to_have_text("Bien utiliser son smartphone")
    expect(seats(page)).to_contain_text("2 places libres sur 2")
    workshop_url = page.url
    register(page)

    expect(page.locator("h1")).to_have_text("Votre inscription est confirmée")
    expect(page.get_by_role("main")).to_contain_text(f"Un e-mail de confirmation vous a été envoyé à {EMAIL}")
    expect(page.get_by_role("link", name="Ajouter à mon agenda")).to_have_attribute(
        "href", re.compile(r"^/aide-numerique/inscription/[\w-]+/atelier\.ics$")
    )
    screenshot(page, "confirmation")
    registration = Registration.objects.get()
    assert (registration.first_name, registration.email, registration.status) == ("Jeanne", EMAIL, "confirmed")
    page.goto(workshop_url)
    expect(seats(page)).to_contain_text("1 place libre sur 2")

    # The cancellation link of the confirmation e-mail, opened as from a mail program.
    page.goto(cancellation_path(EMAIL))
    expect(page.locator("h1")).to_have_text("Annuler mon inscription")
    page.get_by_role("button", name="Annuler mon inscription").click()
    expect(page.locator("h1")).to_have_text("Inscription annulée")
    expect(page.get_by_role("main")).to_contain_text("Votre inscription est annulée")
    screenshot(page, "cancelled")

    page.goto(workshop_url)
    expect(seats(page)).to_contain_text("2 places libres sur 2")
    registration.refresh_from_db()
    assert registration.status == "cancelled"


# ---- accessibility, phone and desktop ---------------------------------------------------------------------


def answer_the_self_assessment(page):
    """The first answer of each question, then Saint-Junien."""
    for question in level.QUESTIONS:
        answer = page.locator(f'input[name="{question.key}"]').first
        page.locator(f'label[for="{answer.get_attribute("id")}"]').click()
    page.get_by_label("Votre commune ou votre code postal").fill("Saint-Junien")
    page.get_by_role("button", name="Voir mon niveau").click()
    expect(page.locator("#resultats")).to_be_visible()


PAGES = {
    "search": lambda page, workshop: page.goto(SEARCH_URL),
    "results": lambda page, workshop: search(page),
    "place": lambda page, workshop: page.goto(f"/aide-numerique/lieux/{workshop.place_id}/"),
    "workshop_search": lambda page, workshop: page.goto("/aide-numerique/ateliers/?commune=Saint-Junien"),
    "workshop": lambda page, workshop: page.goto(f"/aide-numerique/ateliers/{workshop.pk}/"),
    "registration": lambda page, workshop: page.goto(f"/aide-numerique/ateliers/{workshop.pk}/inscription/"),
    "self_assessment": lambda page, workshop: page.goto("/aide-numerique/mon-niveau/"),
    "self_assessment_results": lambda page, workshop: (
        page.goto("/aide-numerique/mon-niveau/"),
        answer_the_self_assessment(page),
    ),
}

UNLABELLED_FIELDS = """() => [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
    .filter((field) => field.getClientRects().length && getComputedStyle(field).visibility !== "hidden")
    .filter((field) => !(
        (field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`))
        || field.closest("label") || field.getAttribute("aria-label") || field.getAttribute("aria-labelledby")
    ))
    .map((field) => field.outerHTML.slice(0, 200))"""


@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_is_accessible_on_phone_and_desktop(workshop, open_page, screenshot, check_accessibility, name):
    """axe needs JavaScript: checked in a JavaScript-enabled browser, at both widths, and shot at both widths."""
    page = open_page()
    PAGES[name](page, workshop)
    expect(page.locator("main#contenu h1")).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)
    assert page.evaluate(UNLABELLED_FIELDS) == [], "fields without a label"
    check_accessibility(page, f"{name}-{DESKTOP}")
    screenshot(page, f"{name}-{DESKTOP}")
    page.set_viewport_size({"width": PHONE, "height": 800})
    screenshot(page, f"{name}-{PHONE}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, "the page scrolls sideways on a phone"
    check_accessibility(page, f"{name}-{PHONE}")  # the DSFR folds the header into a menu button on a phone


SEARCH_FORM_ORDER = ["id_commune", "id_distance", "id_service", "id_public", "id_accueil", "id_gratuit", "id_samedi"]
FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || !element.form || element.form.getAttribute("role") !== "search") return null;
    return element.type === "submit" ? "submit" : element.id || null;
}"""


def test_the_search_form_is_reached_with_the_keyboard_in_order(network, open_page):
    page = open_page()
    page.goto(SEARCH_URL)
    reached = []
    for _ in range(100):  # the skip links and the header come first
        page.keyboard.press("Tab")
        field = page.evaluate(FOCUSED)
        if field and field not in reached:
            reached.append(field)
        if field == "submit":
            break
    assert reached == [*SEARCH_FORM_ORDER, "submit"]
