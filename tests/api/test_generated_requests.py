"""Requests generated from the schema against every /api/v1/ operation (schemathesis, on hypothesis), over the demo
content: whatever the parameters, valid or not, the answer is never a 500, and its status, content type and body
are ones the schema documents, errors included. This is what a client generated from the schema relies on."""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from clinic_site.wsgi import application

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Derandomized: the same requests on every run, so CI is repeatable; raise it locally to search harder.
EXAMPLES_PER_OPERATION = 40


@pytest.fixture
def test_connection_kept_open():
    """The WSGI app closes the database connection after each request; on PostgreSQL that would end the test's
    transaction. Django's own test client stands these receivers aside the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def demo_api_schema(settings, test_connection_kept_open):
    settings.TREATMENTS_API_ANON_RATE = None  # thousands of requests from one client: throttling is tested on its own
    call_command("load_demo", verbosity=0)
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


def check_operation(operation):
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.validate_response(case.call(), checks=CHECKS)

    run()


def test_every_operation_answers_generated_requests_as_documented(demo_api_schema):
    operations = [result.ok() for result in demo_api_schema.get_all_operations()]
    assert {operation.label for operation in operations} >= {
        "GET /api/v1/treatments/",
        "GET /api/v1/treatments/{id}/",
        "GET /api/v1/treatments/find/",
        "GET /api/v1/sync/",
        "GET /api/v1/cases/",
        "GET /api/v1/preview/",
    }
    for operation in operations:
        try:
            check_operation(operation)
        except Exception as failure:
            raise AssertionError(f"{operation.label}: {failure}") from failure
