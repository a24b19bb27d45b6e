from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conum.recruitment import matching
from conum.recruitment.enums import MatchOrigin, MatchStatus
from conum.recruitment.models import Candidate, Match
from conum.structures.models import StructureApplication
from conum.territories.loader import load_territories
from tests.factories import ApplicationFactory, CandidateFactory
from tests.recruitment.builders import validated


def matched(candidate):
    return dict(
        Match.objects.filter(candidate=candidate)
        .exclude(status=MatchStatus.WITHDRAWN)
        .values_list("application__structure__commune__name", "distance_km")
    )


@pytest.fixture
def limoges(territories):
    return validated("87085")


@pytest.mark.parametrize("mobility, expected", [(20, False), (40, True), (100, True)])
def test_mobility_distance_from_saint_junien_to_limoges(limoges, mobility, expected):
    candidate = CandidateFactory(commune_id="87154", mobility_km=mobility)
    matching.run()
    assert ("Limoges" in matched(candidate)) is expected
    if expected:
        assert float(matched(candidate)["Limoges"]) == pytest.approx(28.4, abs=0.1)


def test_mobility_boundary_both_sides(territories):
    # from Limoges: Nieul 9.2 km, Bosmie-l'Aiguille 10.4 km
    validated("87107")  # Nieul
    validated("87021")  # Bosmie-l'Aiguille
    candidate = CandidateFactory(commune_id="87085", mobility_km=10)
    matching.run()
    assert set(matched(candidate)) == {"Nieul"}
    Candidate.objects.filter(pk=candidate.pk).update(mobility_km=15)
    matching.run()
    assert set(matched(candidate)) == {"Nieul", "Bosmie-l'Aiguille"}


def test_overseas_candidates_and_structures_stay_in_their_territory(limoges):
    load_territories(departements=["971"])
    pointe_a_pitre = validated("97120")
    local = CandidateFactory(commune_id="97101", mobility_km=0)  # Les Abymes, France entière
    metro = CandidateFactory(commune_id="87154", mobility_km=0)
    matching.run()
    assert set(matched(local)) == {"Pointe-à-Pitre"}
    assert "Pointe-à-Pitre" not in matched(metro) and "Limoges" in matched(metro)
    assert Match.objects.filter(application=pointe_a_pitre).count() == 1


@pytest.mark.parametrize("mobility", [0, 100])
def test_each_candidate_gets_the_nearest_structures_only(territories, monkeypatch, mobility):
    for commune in ["87085", "87154", "19272", "23096", "87107", "87021"]:
        validated(commune)
    candidate = CandidateFactory(commune_id="87154", mobility_km=mobility)
    monkeypatch.setattr(matching, "MAX_STRUCTURES_PER_CANDIDATE", 3)
    matching.run()
    assert set(matched(candidate)) == {"Saint-Junien", "Limoges", "Nieul"}


def test_availability_must_fit_the_mission_start(territories):
    start = date.today() + timedelta(days=60)
    validated("87085", mission_start=start)
    on_time = CandidateFactory(available_from=start + timedelta(days=matching.AVAILABILITY_GRACE_DAYS))
    too_late = CandidateFactory(available_from=start + timedelta(days=matching.AVAILABILITY_GRACE_DAYS + 1))
    matching.run()
    assert "Limoges" in matched(on_time) and not matched(too_late)


def test_unconfirmed_unavailable_and_erased_candidates_are_excluded(limoges):
    unconfirmed = CandidateFactory(email_confirmed_at=None)
    unavailable = CandidateFactory(available=False)
    erased = CandidateFactory(erased_at=timezone.now())
    matching.run()
    assert not Match.objects.filter(candidate__in=[unconfirmed, unavailable, erased]).exists()


def test_reruns_change_nothing(limoges):
    CandidateFactory.create_batch(3)
    first = matching.run()
    assert first.created == 3
    second = matching.run()
    assert (second.created, second.reactivated, second.withdrawn, second.distances_updated) == (0, 0, 0, 0)
    assert Match.objects.count() == 3


def test_incremental_run_after_a_commune_change(limoges):
    candidate = CandidateFactory(commune_id="87154", mobility_km=40)
    other = CandidateFactory(commune_id="87154", mobility_km=40)
    matching.run()
    Match.objects.filter(candidate=candidate).update(status=MatchStatus.SHORTLISTED)
    candidate.commune_id = "19272"  # moves to Tulle, 76 km from Limoges
    candidate.save()
    report = matching.run(candidates=Candidate.objects.filter(pk=candidate.pk))
    assert report.withdrawn == 1
    assert Match.objects.get(candidate=candidate).status == MatchStatus.WITHDRAWN
    assert Match.objects.get(candidate=other).status == MatchStatus.NEW  # untouched
    candidate.commune_id = "87154"
    candidate.save()
    assert matching.run(candidates=Candidate.objects.filter(pk=candidate.pk)).reactivated == 1


def test_structure_without_open_posts_loses_its_proposals(territories):
    application = validated("87085", posts=1)
    waiting, hired = CandidateFactory(), CandidateFactory()
    matching.run()
    Match.objects.filter(candidate=hired).update(status=MatchStatus.HIRED)
    Candidate.objects.filter(pk=hired.pk).update(available=False)
    matching.run()
    assert Match.objects.get(candidate=waiting, application=application).status == MatchStatus.WITHDRAWN
    assert Match.objects.get(candidate=hired).status == MatchStatus.HIRED  # decisions are never touched


def test_manual_additions_stay_while_possible(territories):
    tulle = validated("19272")
    # France entière, but available too late for matching to propose Tulle: only the addition holds the match.
    far = CandidateFactory(commune_id="87154", mobility_km=0, available_from=date.today() + timedelta(days=90))
    Match.objects.create(candidate=far, application=tulle, origin=MatchOrigin.MANUAL, distance_km=70)
    matching.run()
    assert Match.objects.get(candidate=far).status == MatchStatus.NEW
    Candidate.objects.filter(pk=far.pk).update(available=False)
    matching.run()
    assert Match.objects.get(candidate=far).status == MatchStatus.WITHDRAWN


def test_match_command_prints_what_it_did(limoges, capsys):
    from django.core.management import call_command

    CandidateFactory()
    call_command("match")
    assert "1 mises en relation créées" in capsys.readouterr().out
    call_command("match")
    assert "0 mises en relation créées, 0 réactivées, 0 retirées" in capsys.readouterr().out


def test_grid_search_equals_brute_force(territories, monkeypatch):
    """The ring-by-ring search finds exactly the nearest suitable structures a full scan finds."""
    import random

    from conum.recruitment.matching import OpenApplication, _haversine, compute
    from conum.territories.models import Commune

    monkeypatch.setattr(matching, "MAX_STRUCTURES_PER_CANDIDATE", 4)
    rng = random.Random(7)
    communes = list(Commune.objects.values_list("latitude", "longitude"))
    today = date.today()
    applications = [
        OpenApplication(i, *rng.choice(communes), "metro", today + timedelta(days=rng.randint(0, 60)))
        for i in range(150)
    ]
    candidates = [
        (
            i,
            *rng.choice(communes),
            "metro",
            rng.choice([5, 10, 20, 40, 100, 0]),
            today + timedelta(days=rng.randint(0, 60)),
        )
        for i in range(300)
    ]
    expected = {}
    for pk, lat, lon, _territory, mobility, available_from in candidates:
        pairs = sorted(
            (_haversine(lat, lon, a.latitude, a.longitude), a.id)
            for a in applications
            if available_from <= a.latest_availability
        )
        pairs = [(d, app) for d, app in pairs if not mobility or d <= mobility][:4]
        expected |= {(pk, app): d for d, app in pairs}
    assert compute(candidates, applications) == pytest.approx(expected)


def test_a_validation_matches_the_structure_after_commit(programme, national_staff, django_capture_on_commit_callbacks):
    from conum.structures import workflow

    candidate = CandidateFactory(commune_id="87154", mobility_km=40)
    application = ApplicationFactory(structure__commune_id="87085")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.decide(application, national_staff, "validated", "C-1", date.today(), posts=1)
    assert float(Match.objects.get(candidate=candidate, application=application).distance_km) == pytest.approx(
        28.4, abs=0.1
    )


def test_incremental_run_on_a_structure_agrees_with_the_full_run(territories, monkeypatch):
    monkeypatch.setattr(matching, "MAX_STRUCTURES_PER_CANDIDATE", 2)
    nearer = [validated("87154"), validated("87140")]  # Saint-Junien, Saint-Brice-sur-Vienne
    candidate = CandidateFactory(commune_id="87154", mobility_km=40)
    limoges = validated("87085")  # within reach, but not among this candidate's 2 nearest
    report = matching.run(applications=StructureApplication.objects.filter(pk=limoges.pk))
    assert report.created == 0
    matching.run()
    assert set(Match.objects.filter(candidate=candidate).values_list("application_id", flat=True)) == {
        a.pk for a in nearer
    }


def test_manual_additions_beyond_the_person_mobility_are_withdrawn(territories):
    tulle = validated("19272")
    far = CandidateFactory(commune_id="87085", mobility_km=40)  # Limoges, 76 km from Tulle: beyond 40 km
    Match.objects.create(candidate=far, application=tulle, origin=MatchOrigin.MANUAL, distance_km=76)
    assert matching.run(candidates=Candidate.objects.filter(pk=far.pk)).withdrawn == 1
    assert Match.objects.get(candidate=far).status == MatchStatus.WITHDRAWN


def test_a_candidate_run_keeps_manual_additions_and_updates_their_distance(territories):
    tulle = validated("19272")
    # Available too late for matching to propose Tulle: only the structure's addition holds the match.
    far = CandidateFactory(commune_id="87154", mobility_km=100, available_from=date.today() + timedelta(days=90))
    Match.objects.create(candidate=far, application=tulle, origin=MatchOrigin.MANUAL, distance_km=Decimal("99.9"))
    far.commune_id = "87085"  # moves to Limoges, 76 km from Tulle, still within 100 km
    far.save()
    report = matching.run(candidates=Candidate.objects.filter(pk=far.pk))
    match = Match.objects.get(candidate=far)
    assert (match.status, match.distance_km, report.withdrawn, report.distances_updated) == (
        MatchStatus.NEW, Decimal("76.0"), 0, 1,
    )  # fmt: skip
    report = matching.run()
    assert (report.created, report.reactivated, report.withdrawn, report.distances_updated) == (0, 0, 0, 0)


def test_manual_additions_are_withdrawn_when_the_posts_are_all_taken(territories):
    tulle = validated("19272", posts=1)
    far = CandidateFactory(commune_id="87154", mobility_km=5)
    Match.objects.create(candidate=far, application=tulle, origin=MatchOrigin.MANUAL, distance_km=100)
    Match.objects.create(candidate=CandidateFactory(available=False), application=tulle, status="hired", distance_km=1)
    matching.run(candidates=Candidate.objects.filter(pk=far.pk))
    assert Match.objects.get(candidate=far).status == MatchStatus.WITHDRAWN


def test_equidistant_structures_are_chosen_by_id_whatever_the_row_order():
    # More structures of one commune (same centre) than a candidate is proposed to, in two row orders.
    applications = [matching.OpenApplication(pk, 45.83, 1.26, "metro", date(2030, 1, 1)) for pk in range(1, 31)]
    candidate = [(7, 45.84, 1.27, "metro", 40, date(2026, 1, 1))]
    forward = matching.compute(candidate, applications)
    backward = matching.compute(candidate, list(reversed(applications)))
    assert forward == backward
    assert sorted(application for _candidate, application in forward) == list(
        range(1, matching.MAX_STRUCTURES_PER_CANDIDATE + 1)
    )
