"""Property-based tests of the API against its own OpenAPI document: whatever a client
sends within (or outside) the documented shapes, the server never answers with a 5xx,
and every refusal is a problem-details document.

(Operations are walked here rather than with schemathesis' pytest plugin, which does not
yet support this pytest version.)"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings

API_EXAMPLES = 20  # per operation; bounded so that CI stays quick


def test_api_never_fails_on_any_input(app, admin_api):
    auth = {"Authorization": admin_api.headers["Authorization"]}
    # The document is for signed-in staff and programs with a token, like the API.
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app, headers=auth)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 33

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=int(os.environ.get("ENGAGE_FUZZ_EXAMPLES", API_EXAMPLES)),
            deadline=None,
            derandomize=os.environ.get("ENGAGE_FUZZ_RANDOM") is None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def never_a_server_error(case):
            response = case.call(headers=auth)
            where = f"{case.method} {case.formatted_path}"
            assert response.status_code < 500, (where, response.text[:500])
            if response.status_code >= 400:
                content_type = response.headers.get("content-type", [""])[0]
                assert content_type.startswith("application/problem+json"), where
                assert response.json()["detail"], where

        never_a_server_error()
