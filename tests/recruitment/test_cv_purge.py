import os
from datetime import datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from conum.core.models import Journal
from conum.recruitment import candidacy
from conum.recruitment.models import Candidate
from tests.factories import CandidateFactory

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def with_cv(uploaded_at, **fields):
    candidate = CandidateFactory(**fields)
    candidate.cv.save("cv.pdf", ContentFile(PDF), save=False)
    candidate.cv_uploaded_at = uploaded_at
    candidate.save()
    return candidate


def at(*args):
    return timezone.make_aware(datetime(*args))


def test_cvs_older_than_six_calendar_months_are_deleted_from_disk_and_database(
    territories, capsys, django_capture_on_commit_callbacks
):
    now = timezone.now()
    old = with_cv(now - timedelta(days=200), last_name="Ancien")
    recent = with_cv(now - timedelta(days=100))
    old_path, recent_path = old.cv.path, recent.cv.path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_cvs")
    assert capsys.readouterr().out.strip() == "1 CV supprimé"
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.cv.name, old.cv_uploaded_at) == ("", None) and not os.path.exists(old_path)
    assert recent.cv and recent.cv_uploaded_at and os.path.exists(recent_path)
    entry = Journal.objects.get(action="recruitment.candidate_cv_purged")
    assert entry.actor is None and entry.object_repr == f"Candidat n° {old.pk}"
    assert "Ancien" not in f"{entry.object_repr} {entry.before} {entry.after} {entry.comment}"


def test_second_run_changes_nothing(territories, capsys):
    with_cv(timezone.now() - timedelta(days=400))
    with_cv(timezone.now() - timedelta(days=400))
    call_command("purge_cvs")
    assert capsys.readouterr().out.strip() == "2 CV supprimés"
    call_command("purge_cvs")
    assert capsys.readouterr().out.strip() == "Aucun CV à supprimer"
    assert Journal.objects.filter(action="recruitment.candidate_cv_purged").count() == 2


def test_six_calendar_months_to_the_minute(territories):
    """Uploaded on 31 August at noon: kept until 28 February at noon (no 31 February), deleted after."""
    candidate = with_cv(at(2025, 8, 31, 12, 0))
    assert candidacy.purge_old_cvs(now=at(2026, 2, 28, 12, 0)) == 0
    assert Candidate.objects.get(pk=candidate.pk).cv
    assert candidacy.purge_old_cvs(now=at(2026, 2, 28, 12, 1)) == 1
    assert not Candidate.objects.get(pk=candidate.pk).cv


def test_candidates_without_cv_are_left_alone(territories, capsys):
    candidate = CandidateFactory()
    call_command("purge_cvs")
    assert capsys.readouterr().out.strip() == "Aucun CV à supprimer"
    assert Candidate.objects.get(pk=candidate.pk).updated_at == candidate.updated_at
    assert not Journal.objects.exists()
