"""Property-based tests generated from the OpenAPI schema (schemathesis): whatever the parameters and bodies,
positive and negative, no endpoint answers 5xx, every error has the {"detail", "errors"} format, and answers
match the documented schemas. Runs in-process against the WSGI application (no server)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from conum.wsgi import application
from tests.activity.factories import PlaceFactory, WorkshopFactory

from .conftest import make_token

pytestmark = pytest.mark.system

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Called in-process, the WSGI application fires request_started/finished, whose close_old_connections
    would close the test's connection on PostgreSQL (its transaction with it); Django's test client
    disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(hired_advisor, place, national_staff, advisor):
    """Something to find: places, a workshop, a token with every scope."""
    PlaceFactory(structure=hired_advisor.structure, commune_id="87154", name="Mairie de Saint-Junien")
    WorkshopFactory(advisor=hired_advisor, place=place)
    return make_token(national_staff, advisor)


def check_error_format(response, case):
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("detail"), str), body
        assert isinstance(body.get("errors"), list), body


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT_PER_MINUTE=1_000_000)
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case, api_data):
    response = case.call(headers={"Authorization": f"Bearer {api_data}"})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
    check_error_format(response, case)
