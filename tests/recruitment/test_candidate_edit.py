import os
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from conum.core.models import Journal
from conum.recruitment import matching
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import Candidate, Match
from tests.factories import CandidateFactory, UserFactory
from tests.helpers import PERSONAS, page_text, statuses_by_persona
from tests.recruitment.builders import validated

URL = "/recrutement/ma-candidature/modifier/"
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def sam(territories):
    user = UserFactory(candidate=True, email="sam@exemple.fr")
    return CandidateFactory(
        user=user, email="sam@exemple.fr", last_name="Lefort", commune_id="87154", mobility_km=40,
        phone="+33612345678", motivation="Aider les autres à prendre confiance.",
    )  # fmt: skip


def form_data(**overrides):
    data = {
        "phone": "06 12 34 56 78",
        "commune": "Saint-Junien (87200)",
        "mobility_km": "40",
        "available_from": date.today().isoformat(),
        "job_seeker": "on",
        "has_experience": "non",
        "motivation": "Aider les autres à prendre confiance.",
    }
    return data | overrides


def snapshot(candidate):
    return Candidate.objects.values().get(pk=candidate.pk)


def test_the_page_shows_the_current_details_and_says_the_email_is_the_login(client, sam):
    client.force_login(sam.user)
    page = page_text(client.get(URL))
    assert 'value="Saint-Junien (87200)"' in page and 'value="+33612345678"' in page
    assert "sam@exemple.fr, sert à vous connecter : elle ne peut pas être modifiée ici." in page
    assert "Modifier mes informations" in page_text(client.get("/recrutement/ma-candidature/"))


def test_the_candidate_edits_the_details_and_the_journal_keeps_only_names_of_personal_fields(client, sam):
    client.force_login(sam.user)
    data = form_data(
        phone="05 55 12 34 56", employed="on", mediation_diploma="on", diploma_name="DU médiation numérique",
        has_experience="oui", motivation="Une motivation toute neuve.", pix_level_1="2", pix_level_2="3",
        pix_level_3="1", email="pirate@exemple.fr",
    )  # fmt: skip
    response = client.post(URL, data)
    assert response.status_code == 302 and response.url == "/recrutement/ma-candidature/"
    sam.refresh_from_db()
    assert (sam.phone, sam.employed, sam.mediation_diploma, sam.diploma_name, sam.has_experience) == (
        "+33555123456", True, True, "DU médiation numérique", True,
    )  # fmt: skip
    assert (sam.motivation, sam.pix_level, sam.email) == ("Une motivation toute neuve.", 1, "sam@exemple.fr")
    entry = Journal.objects.get(action="recruitment.candidate_updated")
    assert entry.actor == sam.user
    assert set(entry.after) == {
        "phone", "employed", "mediation_diploma", "diploma_name", "has_experience", "motivation", "pix_level_1",
        "pix_level_2", "pix_level_3",
    }  # fmt: skip
    assert entry.after["phone"] == entry.after["motivation"] == entry.after["diploma_name"] == "modifié"
    assert entry.before == {
        "employed": False, "mediation_diploma": False, "has_experience": False, "pix_level_1": None,
        "pix_level_2": None, "pix_level_3": None,
    }  # fmt: skip
    text = f"{entry.object_repr} {entry.before} {entry.after}"
    assert "555123456" not in text and "toute neuve" not in text and "Lefort" not in text


def test_saving_without_change_records_nothing(client, sam):
    client.force_login(sam.user)
    response = client.post(URL, form_data(), follow=True)
    assert "Aucune modification" in page_text(response)
    assert not Journal.objects.exists()


def test_a_commune_change_updates_the_matches_incrementally(client, sam, django_capture_on_commit_callbacks):
    limoges, tulle = validated("87085"), validated("19272")  # from Saint-Junien: 28.4 km and about 100 km
    matching.run()
    assert Match.objects.get(candidate=sam).application == limoges
    client.force_login(sam.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(commune="Tulle (19000)"), follow=True)
    assert "les structures à qui vous êtes proposé(e) sont mises à jour" in page_text(response)
    assert Match.objects.get(candidate=sam, application=limoges).status == MatchStatus.WITHDRAWN  # 76 km now
    assert Match.objects.get(candidate=sam, application=tulle).status == MatchStatus.NEW
    sam.refresh_from_db()
    assert (sam.commune_id, sam.latitude) == ("19272", sam.commune.latitude)
    assert Journal.objects.get(action="recruitment.candidate_updated").after == {"commune": "19272"}


def test_a_larger_mobility_creates_new_matches(client, sam, django_capture_on_commit_callbacks):
    tulle = validated("19272")
    matching.run()
    assert not Match.objects.exists()
    client.force_login(sam.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data(mobility_km="100"))
    assert Match.objects.get(candidate=sam).application == tulle


def test_a_past_availability_date_on_file_may_stay_but_not_be_entered(client, sam):
    last_month = date.today() - timedelta(days=30)
    Candidate.objects.filter(pk=sam.pk).update(available_from=last_month)
    client.force_login(sam.user)
    assert client.post(URL, form_data(available_from=last_month.isoformat(), phone="0555123456")).status_code == 302
    assert Candidate.objects.get(pk=sam.pk).phone == "+33555123456"
    response = client.post(URL, form_data(available_from=(last_month - timedelta(days=1)).isoformat()))
    assert "La date de disponibilité doit être aujourd'hui ou plus tard." in page_text(response)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"job_seeker": ""}, "Cochez au moins une situation."),
        ({"mediation_diploma": "on", "diploma_name": ""}, "Indiquez le nom de votre diplôme"),
        ({"available_from": "2020-01-01"}, "aujourd'hui ou plus tard"),
        ({"available_from": "31/02/2030"}, "Indiquez une date valide"),
        ({"mobility_km": "7"}, "Choisissez une distance de la liste."),
        ({"mobility_km": "abc"}, "Choisissez une distance de la liste."),
        ({"motivation": "x" * 2501}, "2 500 au plus"),
        ({"motivation": ""}, "Dites en quelques lignes pourquoi"),
        ({"phone": "123"}, "Ce numéro de téléphone n'est pas valide"),
        ({"commune": "Nulle-Part"}, "Aucune commune ne correspond"),
        ({"commune": ""}, "Indiquez une commune"),
        ({"has_experience": ""}, "Répondez par oui ou par non."),
        ({"pix_level_1": "9"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_changes_nothing(client, sam, overrides, message):
    before = snapshot(sam)
    client.force_login(sam.user)
    response = client.post(URL, form_data(phone="05 55 12 34 56") | overrides)
    assert response.status_code == 200
    page = page_text(response)
    assert message in page and "Rien n'est enregistré : corrigez les champs signalés." in page
    assert snapshot(sam) == before and not Journal.objects.exists()


@pytest.mark.parametrize("junk", ["\x00", "x" * 5000, "💥", "'; DROP TABLE recruitment_candidate; --"])
def test_junk_changes_nothing(client, sam, junk):
    before = snapshot(sam)
    client.force_login(sam.user)
    fields = ["phone", "commune", "commune_choix", "mobility_km", "available_from", "job_seeker", "diploma_name",
              "has_experience", "motivation", "pix_level_1", "remove_cv"]  # fmt: skip
    assert client.post(URL, dict.fromkeys(fields, junk)).status_code == 200
    assert snapshot(sam) == before


def _upload(content=PDF, name="cv.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_add_replace_and_remove_the_cv(client, sam, django_capture_on_commit_callbacks):
    client.force_login(sam.user)
    assert "Supprimer mon CV" not in page_text(client.get(URL))  # nothing to remove yet
    client.post(URL, form_data(cv=_upload()))
    sam.refresh_from_db()
    first_path, first_upload = sam.cv.path, sam.cv_uploaded_at
    assert os.path.exists(first_path) and first_upload is not None
    assert "Remplacer mon CV" in page_text(client.get(URL))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data(cv=_upload(PDF + b"v2")))
    sam.refresh_from_db()
    assert not os.path.exists(first_path)  # the old file is deleted, not only forgotten
    with open(sam.cv.path, "rb") as stored:
        assert stored.read() == PDF + b"v2"
    assert sam.cv_uploaded_at > first_upload
    second_path = sam.cv.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data(remove_cv="on"))
    sam.refresh_from_db()
    assert (sam.cv.name, sam.cv_uploaded_at) == ("", None) and not os.path.exists(second_path)
    changes = [e.after for e in Journal.objects.filter(action="recruitment.candidate_updated").order_by("pk")]
    assert changes == [{"cv": "ajouté"}, {"cv": "remplacé"}, {"cv": "supprimé"}]


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"cv": _upload(b"MZ\x90\x00 not a pdf")}, "Le CV doit être un fichier PDF."),
        ({"cv": _upload(), "remove_cv": "on"}, "Envoyez un nouveau CV ou supprimez l'actuel, pas les deux à la fois."),
    ],
)
def test_bad_cv_changes_nothing(client, sam, extra, message):
    sam.cv.save("cv.pdf", ContentFile(PDF))
    before = snapshot(sam)
    client.force_login(sam.user)
    response = client.post(URL, form_data() | extra)
    assert message in page_text(response)
    assert snapshot(sam) == before and os.path.exists(sam.cv.path)


def test_who_may_open_the_page(client, request, programme, sam):
    expected = dict.fromkeys(PERSONAS, 403) | {"anonymous": 302, "candidate": 404}  # no application: not found
    assert statuses_by_persona(client, request, URL) == expected
    client.logout()
    assert client.get(URL).url.startswith("/compte/connexion/?next=")
    client.force_login(sam.user)
    assert client.get(URL).status_code == 200


def test_an_erased_application_is_not_found(client, sam):
    Candidate.objects.filter(pk=sam.pk).update(erased_at="2026-01-01T00:00Z")
    client.force_login(sam.user)
    assert client.get(URL).status_code == 404
    assert client.post(URL, form_data(phone="0555123456")).status_code == 404
    assert Candidate.objects.get(pk=sam.pk).phone == "+33612345678"
