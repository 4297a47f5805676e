"""Schemathesis drives every operation in the published OpenAPI schema with generated requests: whatever it
sends, valid or not, the API answers with success or a client error, never a server error.

Runs in-process through the WSGI application on the test database, signed in by token as a MASH officer
(who may read and write the most), and as an agency system for the push endpoints.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from joinedup.wsgi import application

EXAMPLES = 8


@pytest.fixture
def in_test_transaction():
    """As Django's test client does: the WSGI handler must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(users, make_record, in_test_transaction):
    make_record("school", "S1", "Amira", "Khan", nhs_number="4857773456")
    return {name: Token.objects.create(user=users[name]).key for name in ("mash", "system")}


def _exercise(operation, headers, failures):
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(operation.as_strategy())
    def run(case):
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=[not_a_server_error])
        except Exception as failure:
            failures.append(f"{operation.method.upper()} {operation.path}: {str(failure)[:800]}")
            raise

    run()


def test_no_operation_gives_a_server_error(tokens):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application,
                                            headers={"Authorization": f"Token {tokens['mash']}"})
    failures, exercised = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        who = "system" if operation.path.startswith("/api/imports/") else "mash"
        try:
            _exercise(operation, {"Authorization": f"Token {tokens[who]}"}, failures)
        except Exception:
            if not failures or not failures[-1].startswith(f"{operation.method.upper()} {operation.path}:"):
                raise
        exercised.append(f"{operation.method.upper()} {operation.path}")
    assert len(exercised) >= 50, exercised          # every app's API is in the schema and was exercised
    assert not failures, "\n\n".join(failures)
