"""An advisor's week, in the browser: a place, a workshop series, attendance, reports, "my statistics"."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conum.activity.models import ActivityReport, Place, Registration, Workshop
from tests.activity.conftest import advisor, hired_advisor, limoges_application  # noqa: F401
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.system]

HOURS = "Mo-Fr 09:00-12:00,14:00-17:00"


def _choose_commune(page, label, typed, value):
    """With JavaScript the commune input suggests communes; pick one as the datalist would."""
    field = page.locator(label)
    field.press_sequentially(typed)
    expect(page.locator(f'datalist option[value="{value}"]')).to_have_count(1)
    field.fill(value)


def _go(page, entry):
    page.locator("#navigation-principale").get_by_role("link", name=entry, exact=True).click()


def _create_place(page, screenshot):
    _go(page, "Mes lieux")
    page.get_by_role("link", name="Ajouter un lieu").click()
    page.locator("#id_name").fill("Médiathèque francophone")
    page.locator("#id_typology").select_option(label="Bibliothèque, médiathèque")
    page.locator("#id_address").fill("2 place Aimé Césaire")
    _choose_commune(page, "#id_commune", "Limog", "Limoges (87000)")
    page.locator("#id_postal_code").fill("87000")
    page.get_by_text("Avancé : horaires au format OpenStreetMap").click()  # folded away for experts
    page.locator("#id_opening_hours").fill(HOURS)
    page.get_by_text("Maîtrise des outils numériques du quotidien", exact=True).click()
    page.locator("fieldset", has_text="Frais à la charge").get_by_text("Gratuit", exact=True).click()
    page.get_by_text("Se présenter", exact=True).click()
    screenshot(page, "place_form")
    page.get_by_role("button", name="Créer le lieu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Médiathèque francophone")
    expect(page.locator("#contenu")).to_contain_text("Lundi–vendredi : 9 h–12 h, 14 h–17 h")
    screenshot(page, "place")


def _create_series(page, screenshot, check_accessibility):
    _go(page, "Mes ateliers")
    page.get_by_role("link", name="Programmer un atelier").first.click()
    page.locator("#id_title").fill("Bien utiliser son smartphone")
    page.locator("#id_description").fill("Installer une application, régler son téléphone, envoyer une photo.")
    page.get_by_text("Prendre en main du matériel", exact=True).click()
    page.locator("#id_level").select_option(label="Débutant")
    page.locator("#id_date").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    page.locator("#id_start_time").fill("14:00")
    page.locator("#id_end_time").fill("16:00")
    page.locator("#id_place").select_option(index=1)  # the place created above, the only one
    page.locator("#id_capacity").fill("8")
    page.get_by_text("Chaque semaine, le même jour").click()
    page.locator("#id_occurrences").fill("4")
    screenshot(page, "workshop_form")
    page.get_by_role("button", name="Programmer").click()
    expect(page.locator("#contenu")).to_contain_text("4 séances programmées")
    screenshot(page, "workshop")
    check_accessibility(page, "workshop")
    page.goto("/activite/ateliers/calendrier/")
    screenshot(page, "calendar")
    check_accessibility(page, "calendar")


def _the_first_session_took_place():
    """Time passes: the first session is moved to yesterday and three people came to it."""
    first = Workshop.objects.order_by("starts_at").first()
    shift = first.starts_at - (timezone.now() - timedelta(days=1))
    Workshop.objects.filter(pk=first.pk).update(
        starts_at=first.starts_at - shift,
        ends_at=first.ends_at - shift,
        registration_opens_at=first.starts_at - shift - timedelta(days=7),
        registration_closes_at=first.starts_at - shift,
    )
    for name in ("Jeanne", "Michel", "Odette"):
        Registration.objects.create(workshop=first, first_name=name, last_name="D.", status="confirmed")
    return first


def test_advisor_place_workshops_reports_and_statistics(advisor, new_page, log_in, screenshot, check_accessibility):  # noqa: F811
    page = new_page()
    log_in(page, advisor.email, password=PASSWORD)
    _create_place(page, screenshot)
    check_accessibility(page, "place")
    place = Place.objects.get(name="Médiathèque francophone")
    assert place.opening_hours == HOURS and place.commune_id == "87085"
    _create_series(page, screenshot, check_accessibility)
    assert list(Workshop.objects.values_list("capacity", flat=True)) == [8, 8, 8, 8]

    first = _the_first_session_took_place()
    page.goto(f"/activite/ateliers/{first.pk}/")
    page.get_by_role("link", name="Noter les présences").click()
    rows = page.locator("fieldset")
    for name, status in (("Jeanne", "Présent(e)"), ("Michel", "Présent(e)"), ("Odette", "Absent(e)")):
        rows.filter(has_text=name).get_by_text(status, exact=True).click()
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.get_by_role("link", name="Créer le compte rendu de cet atelier").click()
    check_accessibility(page, "workshop_report_form")
    screenshot(page, "workshop_report_form")
    # Two people attended: the form is prefilled with them; their ages and statuses complete it.
    page.get_by_label("60–69 ans").fill("1")
    page.get_by_label("70 ans et plus").fill("1")
    page.get_by_label("Retraité(e)").fill("2")
    page.get_by_role("button", name="Enregistrer").first.click()
    expect(page.locator("#contenu")).to_contain_text("enregistré (atelier collectif)")

    page.get_by_role("link", name="Nouveau compte rendu").click()
    page.get_by_role("link", name="Accompagnement individuel").click()
    page.get_by_text("30 min", exact=True).click()
    page.locator("fieldset", has_text="Thématiques").get_by_text("E-mail", exact=True).click()
    page.locator("fieldset", has_text="Tranche d'âge").get_by_text("70 ans et plus", exact=True).click()
    page.locator("fieldset", has_text="Statut").get_by_text("Retraité(e)", exact=True).click()
    page.get_by_role("button", name="Enregistrer et voir mes comptes rendus").click()
    expect(page.locator("#contenu")).to_contain_text("enregistré (accompagnement individuel)")
    assert sorted(ActivityReport.objects.values_list("kind", "participants")) == [("collectif", 2), ("individuel", 1)]

    _go(page, "Mes statistiques")
    statistics = page.locator("#contenu")
    expect(statistics).to_contain_text("Accompagnements")
    expect(statistics.locator("table", has_text="Type").first).to_contain_text("Atelier collectif")
    check_accessibility(page, "statistics")
    screenshot(page, "statistics")
