"""The activity tests' advisors in post, and the random activity dataset of the statistics and open data tests."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from conum.activity.models import ActivityReport
from conum.recruitment.models import Advisor
from tests.activity.builders import bulk_reports, random_data
from tests.activity.conftest import advisor, hired_advisor, limoges_application, other_advisor, place  # noqa: F401
from tests.activity.factories import PlaceFactory
from tests.recruitment.hiring import in_post, validated_application


@pytest.fixture
def team(hired_advisor, other_advisor, structure_manager, national_staff, coordinator):  # noqa: F811
    """Four advisors: two in Limoges (87, same structure), one in Tulle (19, the same manager's second
    structure), one in Guéret (23, another manager). The coordinator follows the Limoges one and Guéret's."""
    tulle = in_post(validated_application(structure_manager, commune="19272", posts=2), structure_manager,
                    national_staff, email="conseiller-tulle@exemple.fr")  # fmt: skip
    second = in_post(hired_advisor.match.application, structure_manager, national_staff, email="second@exemple.fr")
    Advisor.objects.filter(pk__in=[hired_advisor.pk, other_advisor.pk]).update(coordinator=coordinator)
    advisors = [hired_advisor, second, tulle, other_advisor]
    for member in advisors:
        member.refresh_from_db()
    return advisors


@pytest.fixture
def activity_dataset(team):
    """About 300 reports over 14 months, inserted in bulk with their rollups: some were edited (moved to another
    date, place or kind: their last version is inserted), some soft-deleted."""
    rng = random.Random(2026)
    today = timezone.localdate()
    communes = {0: ["87085", "87154"], 1: ["87085", "87113"], 2: ["19272", "19031"], 3: ["23096", "23176"]}
    places = {
        index: [
            PlaceFactory(structure=member.structure, advisors=[member], commune_id=code) for code in communes[index]
        ]
        for index, member in enumerate(team)
    }

    def random_report(index):  # of team[index], within the last 14 months
        return random_data(rng, places[index], today) | {"date": today - timedelta(rng.randint(0, 425))}

    made = []
    for _step in range(300):
        index = rng.randrange(len(team))
        made.append((index, random_report(index)))
    for step in rng.sample(range(len(made)), 40):  # edited: their last version
        made[step] = (made[step][0], random_report(made[step][0]))
    deleted = set(rng.sample(range(len(made)), 30))
    bulk_reports([(team[index], data) for index, data in made], deleted)
    assert ActivityReport.objects.exclude(deleted_at=None).count() >= 20
    assert {c[:2] for c in ActivityReport.objects.live().values_list("commune", flat=True)} == {"87", "19", "23"}
    return team
