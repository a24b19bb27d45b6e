"""Public forms are idempotent on double-submit: the same registration form sent twice (a double click, two
requests at the same moment) registers one person and shows both requests the same confirmation."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from conum.activity.models import Registration
from tests.activity.conftest import hired_advisor, limoges_application, place  # noqa: F401  (fixtures)
from tests.activity.factories import WorkshopFactory


@pytest.fixture
def workshop(hired_advisor, place):  # noqa: F811
    return WorkshopFactory(advisor=hired_advisor, place=place, capacity=8)


def url(workshop):
    return f"/aide-numerique/ateliers/{workshop.pk}/inscription/"


def blank_form(client, workshop) -> dict:
    """The form as a browser gets it (its hidden submission token), filled without e-mail or phone."""
    page = client.get(url(workshop)).content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
    return {"first_name": "Jean", "last_name": "D.", "email": "", "phone": "", "consent": "on",
            "submission_token": token}  # fmt: skip


@pytest.mark.django_db
def test_the_same_form_sent_twice_registers_once(client, workshop):
    data = blank_form(client, workshop)
    first, second = client.post(url(workshop), data), client.post(url(workshop), data)
    registration = Registration.objects.get(workshop=workshop)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"/aide-numerique/inscription/{registration.cancellation_token}/"


@pytest.mark.django_db
def test_other_people_are_still_registered(client, workshop):
    data = blank_form(client, workshop)
    client.post(url(workshop), data)
    client.post(url(workshop), data | {"first_name": "Marie"})  # the same page, back, for someone else
    client.post(url(workshop), blank_form(client, workshop))  # a namesake, from a new form
    assert sorted(Registration.objects.values_list("first_name", flat=True)) == ["Jean", "Jean", "Marie"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_register_once(workshop):
    data = blank_form(Client(), workshop)
    barrier = threading.Barrier(2)
    answers = []

    def submit():
        try:
            barrier.wait()
            response = Client().post(url(workshop), data)
            answers.append((response.status_code, response.get("Location")))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    registration = Registration.objects.get(workshop=workshop)
    assert answers == [(302, f"/aide-numerique/inscription/{registration.cancellation_token}/")] * 2
