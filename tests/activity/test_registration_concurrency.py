"""confirmed ≤ capacity under concurrent registrations, and one promotion per cancellation (PostgreSQL row locks)."""

import pytest
from django.db import connection

from conum.activity.enums import RegistrationStatus
from conum.activity.models import Registration
from conum.activity.workshops import registrations
from conum.core.models import Journal
from tests.activity.factories import WorkshopFactory
from tests.helpers import run_concurrently

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _count(workshop, status):
    return Registration.objects.filter(workshop=workshop, status=status).count()


def test_fifty_people_at_once_for_ten_seats_then_three_cancellations_at_once(hired_advisor, place):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place, capacity=10)

    def register(n):
        return lambda: registrations.register(workshop, f"Prénom{n}", "X", email=f"personne{n}@exemple.fr")

    assert run_concurrently(*[register(n) for n in range(50)]) == ["saved"] * 50
    assert _count(workshop, RegistrationStatus.CONFIRMED) == 10
    assert _count(workshop, RegistrationStatus.WAITLISTED) == 40

    confirmed = list(Registration.objects.filter(workshop=workshop, status=RegistrationStatus.CONFIRMED)[:3])
    first_waiting = list(
        Registration.objects.filter(workshop=workshop, status=RegistrationStatus.WAITLISTED).order_by(
            "created_at", "pk"
        )
    )[:3]

    def cancel(registration):
        return lambda: registrations.cancel(registration.cancellation_token)

    assert run_concurrently(*[cancel(r) for r in confirmed]) == ["saved"] * 3
    assert _count(workshop, RegistrationStatus.CANCELLED) == 3
    assert _count(workshop, RegistrationStatus.CONFIRMED) == 10
    assert _count(workshop, RegistrationStatus.WAITLISTED) == 37
    promoted = Registration.objects.filter(pk__in=[r.pk for r in first_waiting], status=RegistrationStatus.CONFIRMED)
    assert promoted.count() == 3  # exactly the three first in the waiting order
    assert Journal.objects.filter(action="activity.registration_promoted").count() == 3


def test_the_same_email_twice_at_once_registers_once(hired_advisor, place):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place, capacity=10)

    def register(email):
        return lambda: registrations.register(workshop, "Jeanne", "D.", email=email)

    outcomes = run_concurrently(*[register(e) for e in ("jeanne@exemple.fr", "JEANNE@exemple.fr", "Jeanne@Exemple.fr")])
    assert outcomes == ["refused", "refused", "saved"]
    assert Registration.objects.filter(workshop=workshop).count() == 1
