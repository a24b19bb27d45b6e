"""Beneficiary files: shared by the structure's advisors only, created with consent, linked to reports, exported
and erased on request, anonymised after two years without activity."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from conum.activity.beneficiaries import services as files
from conum.activity.beneficiaries.inputs import BeneficiaryInput
from conum.activity.models import ActivityReport, Beneficiary
from conum.core.models import Journal
from tests.activity.builders import individual_data, individual_post, save_report, workshop_data
from tests.helpers import PERSONAS, page_text, statuses_by_persona
from tests.recruitment.hiring import in_post


def expect(default, **overrides):
    return dict.fromkeys(PERSONAS, default) | overrides


ADVISOR_ONLY = expect(403, anonymous=302, advisor=200)
MATRIX = [
    ("/activite/personnes/", ADVISOR_ONLY),
    ("/activite/personnes/?q=Jos&page=abc", ADVISOR_ONLY),
    ("/activite/personnes/nouveau/", ADVISOR_ONLY),
    ("/activite/personnes/{pk}/", ADVISOR_ONLY),
    ("/activite/personnes/{pk}/modifier/", ADVISOR_ONLY),
    ("/activite/personnes/{pk}/export.json", ADVISOR_ONLY),
    ("/activite/personnes/{pk}/effacer/", ADVISOR_ONLY),
    ("/activite/personnes/999999/", ADVISOR_ONLY | {"advisor": 404}),
]
FILE_PAGES = ["", "modifier/", "export.json", "effacer/"]


@pytest.fixture
def josiane(hired_advisor, advisor):
    return files.create_beneficiary(
        hired_advisor, advisor, BeneficiaryInput("Josiane", email="josiane@exemple.fr", age_band="70_plus")
    )


@pytest.fixture
def colleague(limoges_application, structure_manager, national_staff):
    """Another advisor of the same structure (the team)."""
    return in_post(limoges_application, structure_manager, national_staff, email="collegue@exemple.fr")


@pytest.mark.parametrize("url, expected", MATRIX, ids=[url for url, _ in MATRIX])
def test_beneficiaries_permission_matrix(client, request, josiane, url, expected):
    assert statuses_by_persona(client, request, url.format(pk=josiane.pk)) == expected


def test_another_structure_advisor_gets_404_on_every_page_of_a_file(client, josiane, other_advisor):
    client.force_login(other_advisor.user)
    for suffix in FILE_PAGES:
        assert client.get(f"/activite/personnes/{josiane.pk}/{suffix}").status_code == 404
    assert client.post(f"/activite/personnes/{josiane.pk}/effacer/").status_code == 404
    assert client.post(f"/activite/personnes/{josiane.pk}/modifier/", {"name": "X"}).status_code == 404
    assert "Josiane" not in page_text(client.get("/activite/personnes/"))
    assert Beneficiary.objects.get(pk=josiane.pk).name == "Josiane"


def test_the_team_shares_the_file_and_its_history(client, josiane, colleague, hired_advisor, advisor, place):
    save_report(hired_advisor, advisor, individual_data(place, beneficiary=josiane.pk))
    client.force_login(colleague.user)
    text = page_text(client.get(f"/activite/personnes/{josiane.pk}/"))
    assert "Josiane" in text and "1 accompagnement" in text and hired_advisor.full_name in text
    assert "/activite/comptes-rendus/" not in text.split("Historique")[1].split("Rendez-vous")[0]  # not theirs to open


def test_a_file_left_by_an_advisor_is_no_longer_theirs(client, josiane, hired_advisor, advisor):
    hired_advisor.in_post = False
    hired_advisor.save()
    assert not Beneficiary.objects.for_user(advisor).exists()


def test_a_file_is_created_only_with_consent(client, advisor, hired_advisor):
    client.force_login(advisor)
    response = client.post("/activite/personnes/nouveau/", {"name": "Marcel", "age_band": "60_69"})
    assert "accord de la personne" in page_text(response)
    assert not Beneficiary.objects.exists()
    response = client.post("/activite/personnes/nouveau/", {"name": "Marcel", "age_band": "60_69", "consent": "on"})
    beneficiary = Beneficiary.objects.get()
    assert response.url == f"/activite/personnes/{beneficiary.pk}/"
    assert beneficiary.consent_by == hired_advisor and beneficiary.structure == hired_advisor.structure
    entry = Journal.objects.get(action="activity.beneficiary_created")
    assert "Marcel" not in json.dumps([entry.object_repr, entry.before, entry.after])


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": ""}, "Indiquez le prénom ou un pseudonyme"),
        ({"name": "x" * 150}, "tient en 100 caractères (150 saisis)"),
        ({"email": "pas-une-adresse"}, "adresse e-mail n'est pas valide"),
        ({"phone": "12"}, "numéro de téléphone n'est pas valide"),
        ({"age_band": "centenaire"}, "Sélectionnez un choix valide"),
        ({"themes": ["inconnu"]}, "Sélectionnez un choix valide"),
        ({"commune": "Zzzzzville"}, "Aucune commune ne correspond"),
        ({"name": "Jo\x00"}, "caractère"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, advisor, hired_advisor, data, message):
    client.force_login(advisor)
    response = client.post("/activite/personnes/nouveau/", {"name": "Marcel", "consent": "on"} | data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Beneficiary.objects.exists()


def test_report_form_creates_a_file_with_the_report(client, advisor, hired_advisor, place):
    client.force_login(advisor)
    post = individual_post(place, beneficiary="nouveau", beneficiary_name="Odette", beneficiary_consent="on")
    assert client.post("/activite/comptes-rendus/nouveau/?type=individuel", post).status_code == 302
    report = ActivityReport.objects.get()
    assert report.beneficiary.name == "Odette"
    assert report.beneficiary.age_band == "70_plus" and report.beneficiary.themes == report.themes


def test_report_form_refuses_a_new_file_without_consent(client, advisor, hired_advisor, place):
    client.force_login(advisor)
    post = individual_post(place, beneficiary="nouveau", beneficiary_name="Odette")
    response = client.post("/activite/comptes-rendus/nouveau/?type=individuel", post)
    assert "accord de la personne" in page_text(response)
    assert not ActivityReport.objects.exists() and not Beneficiary.objects.exists()


def test_report_form_links_an_existing_file_and_refuses_another_structures(
    client, advisor, hired_advisor, place, josiane, other_advisor
):
    theirs = files.create_beneficiary(other_advisor, other_advisor.user, BeneficiaryInput("Gaston"))
    client.force_login(advisor)
    form = client.get(f"/activite/comptes-rendus/nouveau/?type=individuel&dossier={josiane.pk}")
    assert f'<option value="{josiane.pk}" selected>' in form.content.decode()
    assert "Gaston" not in page_text(form)
    assert client.get(f"/activite/comptes-rendus/nouveau/?dossier={theirs.pk}").status_code == 404
    response = client.post("/activite/comptes-rendus/nouveau/", individual_post(place, beneficiary=str(theirs.pk)))
    assert "Choisissez un dossier de la liste" in page_text(response)
    assert not ActivityReport.objects.exists()
    client.post("/activite/comptes-rendus/nouveau/", individual_post(place, beneficiary=str(josiane.pk)))
    assert ActivityReport.objects.get().beneficiary == josiane


def test_parser_refuses_a_file_on_a_workshop_or_another_structures_file(hired_advisor, place, other_advisor):
    from conum.activity.reports.inputs import parse_report
    from conum.core.inputs import InvalidInput

    theirs = files.create_beneficiary(other_advisor, other_advisor.user, BeneficiaryInput("Gaston"))
    with pytest.raises(InvalidInput) as refusal:
        parse_report(workshop_data(place, beneficiary=theirs.pk), advisor=hired_advisor)
    assert "atelier collectif reste anonyme" in refusal.value.errors["beneficiary"][0]
    with pytest.raises(InvalidInput) as refusal:
        parse_report(individual_data(place, beneficiary=theirs.pk), advisor=hired_advisor)
    assert "pas celui d'une personne accompagnée par votre structure" in refusal.value.errors["beneficiary"][0]
    with pytest.raises(InvalidInput) as refusal:
        parse_report(individual_data(place, new_beneficiary={"name": "A", "consent": False}), advisor=hired_advisor)
    assert "accord de la personne" in refusal.value.errors["beneficiary_consent"][0]


def test_file_page_queries_do_not_grow_with_its_history(
    client, advisor, hired_advisor, colleague, place, josiane, django_assert_max_num_queries
):
    def page():
        return client.get(f"/activite/personnes/{josiane.pk}/")

    client.force_login(advisor)
    save_report(hired_advisor, advisor, individual_data(place, beneficiary=josiane.pk))
    with django_assert_max_num_queries(12) as few:
        assert page().status_code == 200
    place.advisors.add(colleague)
    for days in range(2, 14):
        author, user = (hired_advisor, advisor) if days % 2 else (colleague, colleague.user)
        day = timezone.localdate() - timedelta(days=days)
        save_report(author, user, individual_data(place, beneficiary=josiane.pk, date=day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "13 accompagnements" in page_text(page())


def test_export_gives_the_file_and_its_history_and_is_journaled(client, advisor, hired_advisor, place, josiane):
    save_report(hired_advisor, advisor, individual_data(place, beneficiary=josiane.pk))
    client.force_login(advisor)
    response = client.get(f"/activite/personnes/{josiane.pk}/export.json")
    assert response["Content-Disposition"].startswith('attachment; filename="dossier-')
    data = json.loads(response.content)
    assert data["prenom_ou_pseudonyme"] == "Josiane" and data["email"] == "josiane@exemple.fr"
    assert [item["commune"] for item in data["accompagnements"]] == ["Limoges"]
    entry = Journal.objects.get(action="activity.beneficiary_exported")
    assert entry.actor == advisor and entry.after == {"reports": 1} and "Josiane" not in entry.object_repr


def test_erasure_empties_the_file_and_keeps_the_reports_anonymous(client, advisor, hired_advisor, place, josiane):
    report = save_report(hired_advisor, advisor, individual_data(place, beneficiary=josiane.pk))
    client.force_login(advisor)
    assert "définitive" in page_text(client.get(f"/activite/personnes/{josiane.pk}/effacer/"))
    assert client.post(f"/activite/personnes/{josiane.pk}/effacer/").url == "/activite/personnes/"
    stored = Beneficiary.objects.get(pk=josiane.pk)
    assert (stored.name, stored.email, stored.age_band, stored.anonymised_at is not None) == ("", "", "", True)
    report.refresh_from_db()
    assert report.beneficiary is None and report.deleted_at is None
    assert client.get(f"/activite/personnes/{josiane.pk}/").status_code == 404
    assert Journal.objects.filter(action="activity.beneficiary_erased", actor=advisor).count() == 1


def test_anonymise_command_takes_files_inactive_for_two_years_once(capsys, hired_advisor, advisor, place, josiane):
    report = save_report(hired_advisor, advisor, individual_data(place, beneficiary=josiane.pk))
    recent = files.create_beneficiary(hired_advisor, advisor, BeneficiaryInput("Paul"))
    old = timezone.now() - timedelta(days=731)
    Beneficiary.objects.filter(pk=josiane.pk).update(last_activity_at=old)
    call_command("anonymise_beneficiaries")
    assert capsys.readouterr().out.strip() == "1 dossier anonymisé"
    assert Beneficiary.objects.get(pk=josiane.pk).anonymised_at is not None
    assert Beneficiary.objects.get(pk=recent.pk).anonymised_at is None
    assert ActivityReport.objects.get(pk=report.pk).beneficiary_id is None
    call_command("anonymise_beneficiaries")
    assert capsys.readouterr().out.strip() == "Aucun dossier à anonymiser."
    assert Journal.objects.filter(action="activity.beneficiary_anonymised", actor=None).count() == 1


def test_a_new_report_keeps_a_file_active(hired_advisor, advisor, place, josiane):
    old = timezone.now() - timedelta(days=800)
    Beneficiary.objects.filter(pk=josiane.pk).update(last_activity_at=old)
    save_report(hired_advisor, advisor, individual_data(place, beneficiary=josiane.pk))
    assert files.anonymise_inactive() == 0


def test_personal_data_page_tells_about_files(client, db):
    text = page_text(client.get("/donnees-personnelles/"))
    assert "Personnes accompagnées qui acceptent un dossier" in text
    assert "2 ans après le dernier accompagnement" in text


def test_report_page_names_the_person_to_the_team_only(client, advisor, hired_advisor, place, josiane,
                                                        structure_manager):  # fmt: skip
    report = save_report(hired_advisor, advisor, individual_data(place, beneficiary=josiane.pk))
    client.force_login(advisor)
    assert f'href="/activite/personnes/{josiane.pk}/">Josiane</a>' in page_text(
        client.get(f"/activite/comptes-rendus/{report.pk}/")
    )
    client.force_login(structure_manager)
    response = client.get(f"/activite/comptes-rendus/{report.pk}/")
    assert response.status_code == 200 and "Josiane" not in page_text(response)


def test_file_lists_appointments_and_erasure_unlinks_them(client, advisor, hired_advisor, place, josiane):
    from conum.activity.models import Appointment

    start = timezone.now() + timedelta(days=2)
    appointment = Appointment.objects.create(
        advisor=hired_advisor, place=place, starts_at=start, ends_at=start + timedelta(minutes=30),
        first_name="Josiane", consent_at=timezone.now(), beneficiary=josiane,
    )  # fmt: skip
    client.force_login(advisor)
    assert "Médiathèque de Limoges, avec" in page_text(client.get(f"/activite/personnes/{josiane.pk}/"))
    data = json.loads(client.get(f"/activite/personnes/{josiane.pk}/export.json").content)
    assert [item["lieu"] for item in data["rendez_vous"]] == ["Médiathèque de Limoges"]
    client.post(f"/activite/personnes/{josiane.pk}/effacer/")
    appointment.refresh_from_db()
    assert appointment.beneficiary is None
