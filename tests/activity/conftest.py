"""Advisors in post (tests.recruitment.hiring.in_post: activity is not about hiring); the `advisor` persona here
is such an advisor's account."""

import pytest

from tests.activity.factories import PlaceFactory
from tests.recruitment.hiring import in_post, validated_application


@pytest.fixture
def limoges_application(programme, structure_manager):
    return validated_application(structure_manager, commune="87085", posts=3)


@pytest.fixture
def hired_advisor(limoges_application, structure_manager, national_staff):
    """An advisor of a structure in Limoges (87), managed by the `structure_manager` persona."""
    return in_post(limoges_application, structure_manager, national_staff, email="conseiller@exemple.fr")


@pytest.fixture
def advisor(hired_advisor):
    """Overrides the persona: the account of a real advisor."""
    return hired_advisor.user


@pytest.fixture
def other_advisor(programme, other_structure_manager, national_staff):
    """An advisor of another structure, in Guéret (23)."""
    application = validated_application(other_structure_manager, commune="23096", posts=2)
    return in_post(application, other_structure_manager, national_staff, email="autre-conseiller@exemple.fr")


@pytest.fixture
def place(hired_advisor):
    return PlaceFactory(structure=hired_advisor.structure, advisors=[hired_advisor], name="Médiathèque de Limoges")
