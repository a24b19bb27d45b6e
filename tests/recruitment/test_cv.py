import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conum.recruitment import candidacy
from conum.recruitment.enums import MatchStatus
from conum.recruitment.models import Candidate, Match
from conum.structures.models import StructureApplication, StructureMembership
from tests.factories import ApplicationFactory
from tests.helpers import close_streamed, page_text
from tests.recruitment.builders import URL, form_data

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def _apply_with(client, content, name="cv.pdf"):
    return client.post(URL, form_data() | {"cv": SimpleUploadedFile(name, content, content_type="application/pdf")})


def test_pdf_cv_is_stored_privately(client, programme, private_root):
    assert _apply_with(client, PDF).status_code == 302
    candidate = Candidate.objects.get()
    path = candidate.cv.path
    assert path.startswith(str(private_root)) and path.endswith(".pdf") and "cv.pdf" not in path
    with open(path, "rb") as stored:
        assert stored.read() == PDF


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"MZ\x90\x00 not a pdf at all", "cv.pdf", "Le CV doit être un fichier PDF."),  # an .exe renamed
        (b"MZ\x90\x00", "programme.exe", "Le CV doit être un fichier PDF."),
        (b"%PDF-" + b"0" * (10 * 1000 * 1000), "gros.pdf", "Le CV fait 10.0 Mo : 10 Mo au plus."),
    ],
)
def test_bad_cv_is_refused_and_nothing_stored(client, programme, private_root, content, name, message):
    response = _apply_with(client, content, name)
    assert message in page_text(response)
    assert not Candidate.objects.exists()
    assert not private_root.exists() or not any(private_root.rglob("*.pdf"))


def test_cv_download_rules(client, programme, structure_manager, other_structure_manager):
    _apply_with(client, PDF)
    candidate = Candidate.objects.get()
    application = ApplicationFactory(structure__commune_id="87085")
    StructureApplication.objects.filter(pk=application.pk).update(status="validated", posts_granted=1)
    StructureMembership.objects.create(structure=application.structure, user=structure_manager)
    Candidate.objects.filter(pk=candidate.pk).update(email_confirmed_at=timezone.now())
    match = Match.objects.create(candidate=candidate, application=application, distance_km=28)
    url = f"/recrutement/candidats/{candidate.pk}/cv/"
    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(structure_manager)
    assert client.get(url).status_code == 404  # proposed, not shortlisted: no contact details yet
    Match.objects.filter(pk=match.pk).update(status=MatchStatus.SHORTLISTED)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    close_streamed(response)
    client.force_login(other_structure_manager)
    assert client.get(url).status_code == 404
    client.force_login(candidate.user)
    response = client.get(url)
    assert response.status_code == 200
    close_streamed(response)


def test_erasing_the_application_deletes_the_cv_file(client, programme):
    _apply_with(client, PDF)
    candidate = Candidate.objects.get()
    path = candidate.cv.path
    candidacy.erase(candidate, None)
    candidate.refresh_from_db()
    assert not candidate.cv
    import os

    assert not os.path.exists(path)
