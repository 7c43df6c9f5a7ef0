"""Schema fuzzing (issue 16): schemathesis sends schema-driven valid and invalid requests to every operation of
the running app (uvicorn on localhost, FAKE-encoder index); no answer may be a 5xx, have an undocumented status or
break its documented schema. Bounded: FUZZ_EXAMPLES per operation."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from service.app import create_app
from service.config import Settings

FUZZ_EXAMPLES = 30
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# the schema of the app the tests serve (settings change no part of it); generated here because the cases are
# made when the tests are collected, before the server starts
OPENAPI = create_app(Settings()).openapi()
CONFIG = schemathesis.Config.from_str(f'[generation]\nmode = "all"\nmax-examples = {FUZZ_EXAMPLES}\n')

pytestmark = pytest.mark.fuzz
schema = schemathesis.openapi.from_dict(OPENAPI, config=CONFIG)


def test_the_running_app_serves_the_schema_fuzzed(fake_server: str) -> None:
    assert httpx.get(f"{fake_server}/openapi.json").json() == OPENAPI


@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_operation_answers_a_5xx_or_off_its_schema(case: schemathesis.Case, fake_server: str) -> None:
    case.call_and_validate(base_url=fake_server, checks=CHECKS)
