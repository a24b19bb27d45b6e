"""The report pages: who sees what, the fast entry form (three kinds, from a workshop), list, export."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conum.activity.models import ActivityReport, ActivityRollup, Registration
from conum.core.inputs import InvalidInput
from conum.core.models import Journal
from tests.activity.builders import individual_data, individual_post, save_report, workshop_data
from tests.activity.factories import PlaceFactory, WorkshopFactory
from tests.helpers import PERSONAS, page_text, statuses_by_persona


def expect(default, **overrides):
    return dict.fromkeys(PERSONAS, default) | overrides


ADVISOR_ONLY = expect(403, anonymous=302, advisor=200)
READERS = expect(403, anonymous=302, advisor=200, structure_manager=200, other_structure_manager=200)
MATRIX = [
    ("/activite/comptes-rendus/", READERS),
    ("/activite/comptes-rendus/nouveau/", ADVISOR_ONLY),
    ("/activite/comptes-rendus/nouveau/?type=collectif", ADVISOR_ONLY),
    ("/activite/comptes-rendus/export.csv", ADVISOR_ONLY),
    ("/activite/comptes-rendus/statistiques/", ADVISOR_ONLY),
    ("/activite/comptes-rendus/{pk}/", READERS | {"other_structure_manager": 404}),
    ("/activite/comptes-rendus/{pk}/modifier/", ADVISOR_ONLY),
    ("/activite/comptes-rendus/{pk}/supprimer/", ADVISOR_ONLY),
    ("/activite/comptes-rendus/999999/", READERS | {"advisor": 404, "structure_manager": 404,
                                                    "other_structure_manager": 404}),
]  # fmt: skip


@pytest.fixture
def report(advisor, hired_advisor, place):
    return save_report(hired_advisor, advisor, individual_data(place, notes="Première venue"))


@pytest.mark.parametrize("url, expected", MATRIX, ids=[url for url, _ in MATRIX])
def test_reports_permission_matrix(client, request, report, url, expected):
    assert statuses_by_persona(client, request, url.format(pk=report.pk)) == expected


def test_another_advisor_gets_404_on_every_page_of_a_report(client, report, other_advisor):
    client.force_login(other_advisor.user)
    for suffix in ("", "modifier/", "supprimer/"):
        assert client.get(f"/activite/comptes-rendus/{report.pk}/{suffix}").status_code == 404
    assert client.post(f"/activite/comptes-rendus/{report.pk}/supprimer/").status_code == 404
    response = client.post(f"/activite/comptes-rendus/{report.pk}/modifier/", {"duration": "90"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert (report.deleted_at, report.duration_minutes) == (None, 45)
    assert "Première venue" not in page_text(client.get("/activite/comptes-rendus/"))


def test_the_structure_manager_reads_its_advisors_reports_without_changing_them(
    client, report, structure_manager, other_structure_manager
):
    client.force_login(structure_manager)
    listing = page_text(client.get("/activite/comptes-rendus/"))
    assert "Comptes rendus d'activité de vos conseillers" in listing and report.advisor.full_name in listing
    assert "/modifier/" not in listing and "/supprimer/" not in listing and "export.csv" not in listing
    detail = page_text(client.get(f"/activite/comptes-rendus/{report.pk}/"))
    assert "en lecture seule" in detail and "Première venue" in detail and "Modifier" not in detail
    assert client.post(f"/activite/comptes-rendus/{report.pk}/supprimer/").status_code == 403
    assert ActivityReport.objects.live().count() == 1
    filtered = page_text(client.get("/activite/comptes-rendus/", {"advisor": report.advisor_id}))
    assert "1 compte rendu" in filtered
    client.force_login(other_structure_manager)
    assert "0 compte rendu" in page_text(client.get("/activite/comptes-rendus/"))


# ---- entry form ------------------------------------------------------------------------------------


def test_an_individual_report_through_the_form_then_another(client, advisor, place):
    client.force_login(advisor)
    page = page_text(client.get("/activite/comptes-rendus/nouveau/"))
    assert "Accompagnement individuel" in page and 'aria-current="page"' in page
    response = client.post("/activite/comptes-rendus/nouveau/?type=individuel", individual_post(place))
    assert response.status_code == 302 and response.url == "/activite/comptes-rendus/nouveau/?type=individuel"
    report = ActivityReport.objects.get()
    assert (report.kind, report.participants, report.age_70_plus, report.status_retraite) == ("individuel", 1, 1, 1)
    assert (report.followup_workshop, report.followup_individual, report.autonomy) == (1, 0, "autonome")
    assert (report.place, report.commune_id, report.duration_minutes) == (place, "87085", 30)
    assert ActivityRollup.objects.get().theme_email == 1
    # The next form remembers the place and the duration, and says the last one is saved.
    follow = page_text(client.get(response.url))
    assert "enregistré (accompagnement individuel)" in follow
    assert f'<option value="{place.pk}" selected>' in follow
    assert re.search(r'name="duration" value="30"[^>]* checked>', follow)


def test_a_one_off_request_custom_duration_at_home(client, advisor, place):
    client.force_login(advisor)
    post = individual_post(place, location="domicile", commune="Saint-Junien (87200)", duration="autre",
                           duration_custom="25", next="list")  # fmt: skip
    post.pop("autonomy")
    response = client.post("/activite/comptes-rendus/nouveau/?type=ponctuel", post)
    assert response.status_code == 302 and response.url == "/activite/comptes-rendus/"
    report = ActivityReport.objects.get()
    assert (report.kind, report.location, report.commune_id, report.duration_minutes) == ("ponctuel", "domicile",
                                                                                         "87154", 25)  # fmt: skip


def test_the_form_shows_the_rules_messages_beside_their_fields_and_stores_nothing(client, advisor, place):
    client.force_login(advisor)
    post = individual_post(place, date=(timezone.localdate() + timedelta(days=2)).isoformat(), themes=[],
                           duration="autre", duration_custom="600", age="")  # fmt: skip
    response = client.post("/activite/comptes-rendus/nouveau/?type=individuel", post)
    assert response.status_code == 200
    page = page_text(response)
    assert "Le compte rendu n'est pas enregistré : 4 points à corriger" in page
    for message in (
        "La date ne peut pas être dans le futur",
        "Choisissez au moins une thématique.",
        "La durée est comprise entre 1 et 480 minutes",
        "Choisissez la tranche d'âge (« Non communiqué » si vous ne la connaissez pas).",
    ):
        assert page.count(message) == 2, message  # in the summary, and beside its field
    assert 'href="#id_themes_0"' in page and 'href="#id_duration_custom"' in page
    assert not ActivityReport.objects.exists() and not ActivityRollup.objects.exists()


def test_a_workshop_report_refuses_counts_that_do_not_add_up(client, advisor, place):
    client.force_login(advisor)
    post = {
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(), "location": "lieu_activite",
        "place": str(place.pk), "duration": "120", "participants": "5", "returning_participants": "7",
        "age_60_69": "3", "status_retraite": "5", "themes": ["email"], "followup_workshop": "abc",
    }  # fmt: skip
    page = page_text(client.post("/activite/comptes-rendus/nouveau/?type=collectif", post))
    assert "Les personnes déjà accompagnées (7) ne peuvent pas dépasser les participants (5)." in page
    assert "La répartition par tranche d'âge compte 3 personnes" in page
    assert "Indiquez le nombre de personnes qui poursuivent en atelier collectif : un nombre entier." in page
    assert 'class="fr-fieldset fr-fieldset--error" id="ages"' in page
    assert not ActivityReport.objects.exists()


def test_someone_elses_place_is_refused_by_the_form(client, advisor, place, other_advisor):
    theirs = PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor], commune_id="23096")
    client.force_login(advisor)
    page = page_text(client.post("/activite/comptes-rendus/nouveau/", individual_post(place, place=str(theirs.pk))))
    assert "Choisissez un de vos lieux d'activité." in page
    assert not ActivityReport.objects.exists()


def test_a_report_from_a_workshop_is_prefilled_from_attendance(client, advisor, hired_advisor, place, other_advisor):
    yesterday = timezone.now() - timedelta(days=1)
    workshop = WorkshopFactory(
        advisor=hired_advisor, place=place, themes=["email", "securite_numerique"], starts_at=yesterday,
        ends_at=yesterday + timedelta(minutes=90), registration_opens_at=yesterday - timedelta(days=9),
        registration_closes_at=yesterday - timedelta(hours=2),
    )  # fmt: skip
    for index, status in enumerate(["attended", "attended", "attended", "absent", "confirmed", "cancelled"]):
        Registration.objects.create(workshop=workshop, first_name=f"P{index}", last_name="X", status=status)
    client.force_login(advisor)
    url = f"/activite/comptes-rendus/nouveau/?atelier={workshop.pk}"
    page = page_text(client.get(url))
    assert "Compte rendu de l'atelier « Bien utiliser son smartphone »" in page
    assert 'name="participants" value="3"' in page
    assert 'value="90"' in page and 'value="email"' in page
    post = {
        "date": timezone.localdate(yesterday).isoformat(), "location": "lieu_activite", "place": str(place.pk),
        "duration": "90", "participants": "3", "age_70_plus": "3", "status_retraite": "3",
        "themes": ["email", "securite_numerique"],
    }  # fmt: skip
    response = client.post(url, post)
    assert response.status_code == 302
    report = ActivityReport.objects.get()
    assert (report.workshop, report.kind, report.participants) == (workshop, "collectif", 3)
    assert report.duration_minutes == 90
    # Its report exists: the link leads to it.
    again = client.get(url)
    assert again.status_code == 302 and again.url == f"/activite/comptes-rendus/{report.pk}/"
    # Attendance not marked: the confirmed registrations count.
    other = WorkshopFactory(advisor=hired_advisor, place=place)
    for index in range(4):
        Registration.objects.create(workshop=other, first_name=f"Q{index}", last_name="Y", status="confirmed")
    assert 'name="participants" value="4"' in page_text(
        client.get(f"/activite/comptes-rendus/nouveau/?atelier={other.pk}")
    )
    # Another advisor's workshop is not found.
    theirs = WorkshopFactory(advisor=other_advisor, remote_link="https://visio.exemple.fr/a")
    assert client.get(f"/activite/comptes-rendus/nouveau/?atelier={theirs.pk}").status_code == 404
    assert client.get("/activite/comptes-rendus/nouveau/?atelier=abc").status_code == 404


def test_edit_and_delete_through_the_pages(client, advisor, report):
    client.force_login(advisor)
    page = page_text(client.get(f"/activite/comptes-rendus/{report.pk}/modifier/"))
    assert "Modifier le compte rendu du" in page and "Première venue" in page
    post = individual_post(report.place, date=report.date.isoformat(), duration="60", notes="Deuxième venue")
    response = client.post(f"/activite/comptes-rendus/{report.pk}/modifier/", post)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.duration_minutes, report.notes, report.age_70_plus, report.age_60_69) == (60, "Deuxième venue", 1, 0)
    assert ActivityRollup.objects.get().duration_minutes == 60
    assert "Supprimer le compte rendu du" in page_text(client.get(f"/activite/comptes-rendus/{report.pk}/supprimer/"))
    client.post(f"/activite/comptes-rendus/{report.pk}/supprimer/")
    report.refresh_from_db()
    assert report.deleted_at is not None and not ActivityRollup.objects.exists()
    assert client.get(f"/activite/comptes-rendus/{report.pk}/").status_code == 404
    assert Journal.objects.filter(action="activity.report_deleted").count() == 1


def test_the_form_works_without_javascript_for_every_kind(client, advisor, place):
    client.force_login(advisor)
    for kind in ("individuel", "collectif", "ponctuel"):
        page = page_text(client.get(f"/activite/comptes-rendus/nouveau/?type={kind}"))
        assert page.count("<fieldset") >= 5 and "<legend" in page
        assert ('name="participants"' in page) == (kind == "collectif")
        assert ('name="autonomy"' in page) == (kind == "individuel")


# ---- list, filters, export, query counts -----------------------------------------------------------


def test_list_filters(client, advisor, hired_advisor, place):
    second = PlaceFactory(structure=hired_advisor.structure, advisors=[hired_advisor], name="Mairie annexe")
    today = timezone.localdate()
    save_report(hired_advisor, advisor, individual_data(place, date=today - timedelta(days=40)))
    save_report(hired_advisor, advisor, workshop_data(second, date=today - timedelta(days=2)))
    office = individual_data(second, date=today - timedelta(days=1), themes=["bureautique"], administrative_themes=[])
    save_report(hired_advisor, advisor, office)
    client.force_login(advisor)

    def count(**filters):
        caption = page_text(client.get("/activite/comptes-rendus/", filters))
        return int(caption.split("<caption>")[1].split(" ")[0])

    assert count() == 3
    assert count(start=(today - timedelta(days=10)).isoformat()) == 2
    assert count(end=(today - timedelta(days=10)).isoformat()) == 1
    assert count(kind="collectif") == 1
    assert count(theme="bureautique") == 1 and count(theme="email") == 1
    assert count(place=second.pk) == 2
    assert count(place="abc") == 3  # an invalid filter is shown as such and ignored


def test_list_queries_do_not_grow_with_reports(client, advisor, hired_advisor, place, django_assert_max_num_queries):
    client.force_login(advisor)
    save_report(hired_advisor, advisor, workshop_data(place))
    with django_assert_max_num_queries(9) as few:
        client.get("/activite/comptes-rendus/")
    for days in range(2, 62):
        save_report(hired_advisor, advisor, individual_data(place, date=timezone.localdate() - timedelta(days)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/activite/comptes-rendus/", {"theme": "email"})
    assert "60 comptes rendus" in page_text(response)


def test_list_queries_for_the_structure_manager(
    client, advisor, hired_advisor, place, structure_manager, django_assert_max_num_queries
):
    for days in range(1, 31):
        save_report(hired_advisor, advisor, individual_data(place, date=timezone.localdate() - timedelta(days)))
    client.force_login(structure_manager)
    with django_assert_max_num_queries(9):
        response = client.get("/activite/comptes-rendus/")
    assert "30 comptes rendus" in page_text(response)


def test_csv_export_of_the_advisors_own_reports(client, advisor, hired_advisor, place, other_advisor):
    save_report(hired_advisor, advisor, individual_data(place, notes="Rappel mardi"))
    save_report(hired_advisor, advisor, workshop_data(place))
    elsewhere = PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor], commune_id="23096")
    save_report(other_advisor, other_advisor.user, individual_data(elsewhere))
    client.force_login(advisor)
    response = client.get("/activite/comptes-rendus/export.csv", {"kind": "individuel"})
    assert response["Content-Type"] == "text/csv; charset=utf-8" and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["Type"], row["Lieu d'activité"], row["Commune"], row["Âge : 60–69 ans"]) == (
        "Accompagnement individuel", "Médiathèque de Limoges", "Limoges", "1"
    )  # fmt: skip
    assert row["Thématiques"] == "E-mail | Aide aux démarches administratives" and row["Notes"] == "Rappel mardi"


# ---- the form and the functions (the REST API) say the same thing -----------------------------------

SAME_MESSAGES = [
    # (form variant, form overrides, data overrides for the function)
    ("individuel", {"date": "2020-10-01"}, {"date": "2020-10-01"}),
    ("individuel", {"duration": "autre", "duration_custom": "0"}, {"duration_minutes": 0}),
    ("individuel", {"duration": "autre", "duration_custom": "deux"}, {"duration_minutes": "deux"}),
    ("individuel", {"notes": "x" * 600}, {"notes": "x" * 600}),
    ("individuel", {"themes": ["email"]}, {"themes": ["email"], "administrative_themes": ["logement"]}),
    ("collectif", {"participants": "101"}, {"participants": 101}),
    ("collectif", {"returning_participants": "9"}, {"returning_participants": 9}),
    ("collectif", {"age_70_plus": "x"}, {"age_70_plus": "x"}),
    ("collectif", {"status_retraite": "2"}, {"status_retraite": 2}),
    ("collectif", {"followup_redirected": "7"}, {"followup_redirected": 7}),
]


@pytest.mark.parametrize("kind, form_overrides, data_overrides", SAME_MESSAGES)
def test_the_form_refuses_with_the_functions_message(
    client, advisor, hired_advisor, place, kind, form_overrides, data_overrides
):
    if kind == "individuel":
        post = individual_post(place, administrative_themes=["logement"]) | form_overrides
        data = individual_data(place, autonomy="autonome", followup_individual=0, followup_workshop=1)
        data |= {"age_60_69": 0, "age_70_plus": 1, "themes": ["email", "prendre_en_main_du_materiel"]}
    else:
        post = {
            "date": (timezone.localdate() - timedelta(days=1)).isoformat(), "location": "lieu_activite",
            "place": str(place.pk), "duration": "120", "participants": "6", "returning_participants": "2",
            "age_60_69": "2", "age_70_plus": "3", "age_non_communique": "1", "status_retraite": "5",
            "status_non_communique": "1", "themes": ["email"], "followup_workshop": "4",
        } | form_overrides  # fmt: skip
        data = workshop_data(place)
    with pytest.raises(InvalidInput) as refusal:
        save_report(hired_advisor, advisor, data | data_overrides)
    client.force_login(advisor)
    page = page_text(client.post(f"/activite/comptes-rendus/nouveau/?type={kind}", post))
    assert refusal.value.messages and all(message in page for message in refusal.value.messages), refusal.value.messages
    assert not ActivityReport.objects.exists()
