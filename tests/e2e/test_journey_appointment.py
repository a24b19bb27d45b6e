# ruff: noqa: F811  (the activity fixtures, imported to be used as fixtures here)
"""Issue 19's appointment journey in a real browser, on a 375 px phone, with and without JavaScript: a person books
an appointment from the place's page and gets the e-mail; the advisor sees it in the agenda, notes that the person
came and completes the report, prefilled from the appointment, which opens the person's file; the person books again
and that second appointment's page shows the history."""

import datetime
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from conum.activity.models import ActivityReport, Appointment, Beneficiary
from tests.activity.appointment_builders import open_day, rule_on
from tests.activity.conftest import advisor, hired_advisor, limoges_application, place  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.system]

PHONE = {"width": 375, "height": 812}
EMAIL = "jeanne.durand@exemple.fr"
SHOTS = Path(os.environ.get("CONUM_SHOTS_DIR", "/tmp/shots_F"))


@pytest.fixture
def shot(screenshot, request):
    """screenshot(), also copied to SHOTS with the test's variant in its name (to look at them side by side)."""

    def take(page, name):
        path = screenshot(page, name)
        SHOTS.mkdir(parents=True, exist_ok=True)
        variant = request.node.callspec.id if hasattr(request.node, "callspec") else "run"
        shutil.copy(path, SHOTS / f"{variant}-{name}.png")

    return take


@pytest.mark.parametrize("javascript", [True, False], ids=["with_javascript", "without_javascript"])
def test_a_person_books_and_the_advisor_follows_up(
    live_server, hired_advisor, advisor, place, new_page, log_in, shot, check_accessibility, javascript
):
    day = open_day()
    rule_on(hired_advisor, place, day, start=9, end=12, minutes=45)

    # The person, on a phone.
    page = new_page(java_script_enabled=javascript, viewport=PHONE)
    if settings.MAP_TILES_URL:  # the place's map: its tiles' host answers an empty tile, nothing leaves the machine
        tiles = urlsplit(settings.MAP_TILES_URL)
        page.context.route(f"{tiles.scheme}://{tiles.netloc}/**", lambda route: route.fulfill(status=204, body=b""))
    page.goto(f"/aide-numerique/lieux/{place.pk}/")
    page.get_by_role("link", name="Prendre rendez-vous").click()
    expect(page.locator("h1")).to_have_text("Prendre rendez-vous")
    expect(page.locator("h2").first).to_be_visible()
    shot(page, "slots")
    if javascript:  # axe and the width are measured by the page's JavaScript
        check_accessibility(page, "slots")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "scrolls sideways"
    page.locator("a.fr-tag").first.click()
    expect(page.get_by_role("button", name="Confirmer le rendez-vous")).to_be_visible()

    # Sent without a contact: the form says what to fix, keeps what was typed.
    page.locator("#id_first_name").fill("Jeanne")
    page.get_by_role("button", name="Confirmer le rendez-vous").click()
    expect(page.locator("#id_email-desc-error, .fr-error-text").first).to_contain_text(
        "Indiquez une adresse e-mail ou un numéro de téléphone"
    )
    expect(page.locator("#id_first_name")).to_have_value("Jeanne")
    shot(page, "form_errors")
    if javascript:
        check_accessibility(page, "form_errors")
    page.locator("#id_email").fill(EMAIL)
    page.get_by_text("Créer ou utiliser une adresse e-mail").click()
    page.locator("#id_need").fill("Recevoir les photos de mes petits-enfants")
    page.get_by_text("J'accepte que ces informations soient enregistrées").click()
    shot(page, "form")
    page.get_by_role("button", name="Confirmer le rendez-vous").click()
    expect(page.locator("h1")).to_have_text("Votre rendez-vous est confirmé")
    expect(page.get_by_role("link", name="Ajouter à mon agenda")).to_be_visible()
    shot(page, "confirmation")

    appointment = Appointment.objects.get()
    assert (appointment.first_name, appointment.email, appointment.themes) == ("Jeanne", EMAIL, ["email"])
    (confirmation,) = [message for message in mail.outbox if message.to == [EMAIL]]
    assert "est confirmé" in confirmation.subject
    assert f"/aide-numerique/rendez-vous/{appointment.cancellation_token}/" in confirmation.body

    # The appointment has taken place (the clock moved on): an hour ago today.
    starts = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(minutes=45)
    )

    # The advisor, on a phone too: the agenda, the appointment, the venue, the report.
    desk = new_page(java_script_enabled=javascript, viewport=PHONE)
    log_in(desk, advisor.email)
    desk.goto("/activite/agenda/")
    expect(desk.locator("h1")).to_have_text("Mon agenda")
    shot(desk, "agenda")
    if javascript:
        check_accessibility(desk, "agenda")
        assert desk.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "scrolls sideways"
    desk.get_by_role("link", name="Rendez-vous : Jeanne").click()
    expect(desk.locator("h1")).to_have_text("Rendez-vous avec Jeanne")
    desk.get_by_role("button", name="Venu(e)").click()
    expect(desk.get_by_role("status").or_(desk.locator(".fr-alert--success")).first).to_contain_text(
        "C'est noté : Jeanne est venu(e)."
    )
    shot(desk, "appointment")
    desk.get_by_role("link", name="Compléter le compte rendu").click()
    expect(desk.locator("#id_place")).to_have_value(str(place.pk))
    expect(desk.locator("#id_date")).to_have_value(f"{timezone.localdate(starts):%Y-%m-%d}")
    expect(desk.get_by_label("45 min")).to_be_checked()
    expect(desk.get_by_label("E-mail", exact=True)).to_be_checked()
    shot(desk, "report_prefilled")
    desk.get_by_label("60–69 ans").check(force=True)
    desk.get_by_label("Retraité(e)").check(force=True)
    # Jeanne agrees to a file: the report creates it.
    desk.locator("#id_beneficiary").select_option("nouveau")
    desk.locator("#id_beneficiary_name").fill("Jeanne")
    desk.get_by_text("La personne accepte que notre structure garde ce dossier").click()
    desk.get_by_role("button", name="Enregistrer et voir mes comptes rendus").click()
    expect(desk.locator("h1")).to_have_text("Rendez-vous avec Jeanne")
    report = ActivityReport.objects.get()
    expect(desk.get_by_role("link", name=f"Compte rendu n° {report.pk}")).to_be_visible()
    expect(desk.get_by_text("Ce rendez-vous est relié au dossier de")).to_be_visible()
    shot(desk, "reported")
    assert (report.kind, report.place, report.duration_minutes, report.themes) == ("individuel", place, 45, ["email"])
    jeanne = Beneficiary.objects.get()
    assert (jeanne.name, report.beneficiary, Appointment.objects.get().beneficiary) == ("Jeanne", jeanne, jeanne)
    assert Appointment.objects.get().report == report and Appointment.objects.get().status == "attended"

    # Jeanne books again, from the same phone, with the same address.
    page.goto(f"/aide-numerique/lieux/{place.pk}/rendez-vous/")
    page.locator("a.fr-tag").first.click()
    page.locator("#id_first_name").fill("Jeanne")
    page.locator("#id_email").fill(EMAIL)
    page.get_by_text("Créer ou utiliser une adresse e-mail").click()
    page.get_by_text("J'accepte que ces informations soient enregistrées").click()
    page.get_by_role("button", name="Confirmer le rendez-vous").click()
    expect(page.locator("h1")).to_have_text("Votre rendez-vous est confirmé")
    second = Appointment.objects.exclude(pk=appointment.pk).get()

    # The advisor recognises her: the second appointment's page offers her file, then shows her history.
    desk.goto(f"/activite/agenda/rendez-vous/{second.pk}/")
    desk.get_by_role("button", name="Relier à ce dossier : Jeanne").click()
    expect(desk.get_by_role("status").or_(desk.locator(".fr-alert--success")).first).to_contain_text(
        "Rendez-vous relié au dossier de Jeanne."
    )
    history = desk.get_by_role("table", name="Derniers accompagnements de Jeanne")
    expect(history).to_contain_text(f"{report.date:%d/%m/%Y}")
    expect(desk.get_by_role("link", name="Voir tout le dossier (1 accompagnement)")).to_be_visible()
    shot(desk, "second_appointment_history")
    if javascript:
        check_accessibility(desk, "second_appointment_history")
    assert Appointment.objects.get(pk=second.pk).beneficiary == jeanne

    # On a wide screen the week is seven columns.
    desk.set_viewport_size({"width": 1280, "height": 900})
    desk.goto("/activite/agenda/")
    expect(desk.get_by_text("compte rendu fait")).to_be_visible()
    shot(desk, "agenda_desktop")
