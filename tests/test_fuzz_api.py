"""Schemathesis against the service's own /openapi.json, with the token: no 5xx, answers match the schema."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tuumaustauko.api.app import create_app
from tuumaustauko.pairing import TokenStore

TOKEN = "fuzz-token-123456"
PORT = 8470
APP = create_app(port=PORT, tokens=TokenStore(fixed=TOKEN))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, headers={"Host": f"127.0.0.1:{PORT}"})
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Host": f"127.0.0.1:{PORT}"}


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_the_schema_allows_gets_a_server_error(case: schemathesis.Case) -> None:
    response = case.call(headers=HEADERS)
    assert response.status_code < 500
    # Extra query parameters and headers are ignored, not refused: only the answer's shape is checked.
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
