"""Duplicates at import (same pivot in the same commune: merged; close names and addresses nearby: queued) and the
national team's review page."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from conum.activity.enums import DuplicateStatus
from conum.activity.models import Place, PlaceDuplicateCandidate
from conum.activity.places import dedup
from conum.core.models import Journal
from conum.steering import opendata
from tests.activity.factories import PlaceFactory

LIMOGES = {"commune": "Limoges", "code_postal": "87000", "code_insee": "87085", "date_maj": "2025-01-15"}


def write(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=opendata.COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(dict.fromkeys(opendata.COLUMNS, "") | LIMOGES | row)
    return path


def run(path) -> str:
    out = io.StringIO()
    call_command("import_places", str(path), stdout=out)
    return out.getvalue()


@pytest.fixture
def library(territories):
    """A place imported from a first source, in Limoges, with precise coordinates."""
    return PlaceFactory(structure=None, source="Réseau A", source_id="a-1", name="Médiathèque Jean Moulin",
                        address="12 rue de la République", siret="21870085600013", latitude=45.8336,
                        longitude=1.2611, phone="", imported_at="2025-01-01T00:00:00Z")  # fmt: skip


def test_same_pivot_in_the_same_commune_is_merged_filling_empty_fields(library, tmp_path):
    row = {"id": "b-7", "source": "Réseau B", "pivot": "21870085600013", "nom": "Bibliothèque municipale",
           "adresse": "Autre adresse", "telephone": "+33555123456", "prise_rdv": "https://rdv.exemple.fr/"}  # fmt: skip
    path = write(tmp_path / "b.csv", [row])
    output = run(path)
    assert "1 fusionné(s)" in output and "0 créé(s)" in output
    assert "Même pivot dans la même commune que « Médiathèque Jean Moulin » (a-1) : fusionné." in output
    library.refresh_from_db()
    assert Place.objects.count() == 1
    assert library.name == "Médiathèque Jean Moulin"  # never overwritten
    assert (library.phone, library.appointment_url) == ("+33555123456", "https://rdv.exemple.fr/")
    assert library.other_sources == [["Réseau B", "b-7"]]
    # Idempotent: the merged row is recognised by its (source, id).
    assert "1 inchangé(s)" in run(path)
    assert library.other_sources == Place.objects.get().other_sources


def test_same_source_is_never_merged(territories, tmp_path):
    """A producer's own file lists distinct places even with one SIRET (a town's library and its town hall)."""
    path = write(tmp_path / "a.csv", [
        {"id": "1", "source": "Ville", "pivot": "21870085600013", "nom": "Médiathèque", "adresse": "1 rue A"},
        {"id": "2", "source": "Ville", "pivot": "21870085600013", "nom": "Mairie", "adresse": "2 rue B"},
    ])  # fmt: skip
    assert "2 créé(s)" in run(path)


def test_close_names_and_addresses_nearby_are_queued_for_review(library, tmp_path):
    path = write(tmp_path / "b.csv", [
        # 30 m away, the same place written differently: queued.
        {"id": "b-1", "source": "Réseau B", "pivot": "W872000123", "nom": "Mediatheque J. Moulin",
         "adresse": "12, rue de la République", "latitude": "45.8338", "longitude": "1.2613"},
        # Same name and address but 2 km away: another place.
        {"id": "b-2", "source": "Réseau B", "pivot": "W872000124", "nom": "Médiathèque Jean Moulin",
         "adresse": "12 rue de la République", "latitude": "45.8516", "longitude": "1.2611"},
        # Next door, another name: another place.
        {"id": "b-3", "source": "Réseau B", "pivot": "W872000125", "nom": "France Services",
         "adresse": "12 rue de la République", "latitude": "45.8337", "longitude": "1.2612"},
    ])  # fmt: skip
    output = run(path)
    assert "3 créé(s)" in output and "1 doublon(s) possible(s)" in output
    pair = PlaceDuplicateCandidate.objects.get()
    assert (pair.place, pair.other.source_id, pair.status) == (library, "b-1", DuplicateStatus.PENDING)
    assert pair.name_score >= dedup.NAME_MIN_SCORE and pair.address_score >= dedup.ADDRESS_MIN_SCORE
    assert 20 <= pair.distance_m <= 40
    assert "0 doublon(s)" in run(path)  # a second run queues nothing more


def test_the_grid_finds_neighbours_across_cell_borders():
    index = dedup.Index()
    border = dedup.CELL_DEGREES * 15000  # a cell's edge
    south, north = border - 0.0001, border + 0.0001
    assert dedup._cell(south, 1.0) != dedup._cell(north, 1.0)
    index.add(dedup.Entry("A", "Espace numérique", "1 rue Haute", "87085", "", south, 1.0))
    found = index.doubtful(dedup.Entry("B", "Espace numérique", "1 rue Haute", "87085", "", north, 1.0))
    assert [doubt.distance_m for doubt in found] == [22]


@pytest.fixture
def pair(library):
    other = PlaceFactory(structure=None, source="Réseau B", source_id="b-1", name="Mediatheque J. Moulin",
                         address="12, rue de la République", siret="W872000123", phone="+33555123456")  # fmt: skip
    return PlaceDuplicateCandidate.objects.create(place=library, other=other, name_score=90, address_score=97,
                                                  distance_m=27)  # fmt: skip


def test_the_review_page_shows_pairs_side_by_side(client, national_staff, pair, django_assert_max_num_queries):
    client.force_login(national_staff)
    with django_assert_max_num_queries(12):
        response = client.get("/activite/lieux/doublons/")
    text = response.content.decode()
    assert "1 paire à examiner" in text
    assert "Médiathèque Jean Moulin" in text and "Mediatheque J. Moulin" in text and "distance 27 m" in text
    assert "Fusionner" in text and "Ce sont deux lieux différents" in text
    assert "Doublons possibles de lieux à examiner" in client.get("/compte/").content.decode()


def test_merging_keeps_the_first_place_and_archives_the_other(client, national_staff, pair, library):
    client.force_login(national_staff)
    response = client.post(f"/activite/lieux/doublons/{pair.pk}/fusionner/")
    assert response.status_code == 302
    library.refresh_from_db()
    pair.refresh_from_db()
    assert library.phone == "+33555123456" and library.other_sources == [["Réseau B", "b-1"]]
    assert pair.other.archived_at is not None and pair.status == DuplicateStatus.MERGED
    assert pair.decided_by == national_staff
    entry = Journal.objects.get(action="activity.place_duplicates_merged")
    assert entry.actor == national_staff and entry.after["merged_place"] == pair.other_id
    # Judged once: the pair has left the queue.
    assert client.post(f"/activite/lieux/doublons/{pair.pk}/fusionner/").status_code == 404


def test_two_different_places_leave_the_queue(client, national_staff, pair):
    client.force_login(national_staff)
    assert client.post(f"/activite/lieux/doublons/{pair.pk}/distincts/").status_code == 302
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.DISTINCT and pair.other.archived_at is None
    assert Journal.objects.filter(action="activity.place_duplicates_distinct").exists()
    assert "Aucune paire à examiner" in client.get("/activite/lieux/doublons/").content.decode()


@pytest.mark.parametrize("persona, status", [("anonymous", 302), ("structure_manager", 403),
                                             ("prefecture_agent", 403), ("advisor", 403)])  # fmt: skip
def test_only_the_national_team_decides(client, request, pair, persona, status):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    for action in ("fusionner", "distincts"):
        assert client.post(f"/activite/lieux/doublons/{pair.pk}/{action}/").status_code == status
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.PENDING and not Journal.objects.exists()


def test_an_unknown_pair_is_a_404_and_a_get_is_refused(client, national_staff, pair):
    client.force_login(national_staff)
    assert client.post("/activite/lieux/doublons/999999/fusionner/").status_code == 404
    assert client.get(f"/activite/lieux/doublons/{pair.pk}/fusionner/").status_code == 405
