"""X-Request-ID in every response (kept when sane, made otherwise) and in every log line of the request, also those
logged from the worker thread that runs a route."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings
from service.deps import Engine
from service.logs import JsonFormatter, RequestContextFilter


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Every log line, as `poaqa serve` writes them (JSON, with the request's fields)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@pytest.fixture(scope="module")
def client(fake_settings: Settings, fake_engine: Engine) -> Iterator[TestClient]:
    app = create_app(fake_settings, engine=fake_engine)

    @app.get("/probe", include_in_schema=False)
    def probe() -> dict[str, str]:  # sync: runs in a worker thread, as the pipeline does
        logging.getLogger("tests.probe").warning("inside the route")
        return {}

    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize("incoming", ["abc-123", "7f3e2c1a-9b8d-4e6f-a5c4-3b2a1d0e9f8c", "lb:1.2@x"])
def test_a_sane_incoming_id_is_kept(client: TestClient, incoming: str) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": incoming}).headers["x-request-id"] == incoming


@pytest.mark.parametrize("incoming", ["", "has space", "x" * 129, "<script>", "-starts-with-dash"])
def test_an_insane_or_missing_id_is_replaced_by_a_new_one(client: TestClient, incoming: str) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": incoming} if incoming else {})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


def test_errors_carry_the_id_too(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"question": ""}, headers={"X-Request-ID": "err-1"})
    assert response.status_code == 422 and response.headers["x-request-id"] == "err-1"


def test_every_log_line_of_a_request_carries_its_id(client: TestClient, log_lines: io.StringIO) -> None:
    client.get("/probe", headers={"X-Request-ID": "probe-42"})
    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    inside = next(line for line in lines if line["message"] == "inside the route")
    access = next(line for line in lines if line["logger"] == "service.access")
    assert inside["request_id"] == access["request_id"] == "probe-42"
    assert inside["method"] == "GET" and inside["path"] == "/probe"
    assert set(access) >= {"time", "level", "logger", "message", "request_id", "method", "path", "status",
                           "duration_ms"}
    assert access["status"] == 200 and access["duration_ms"] >= 0 and access["message"].startswith("GET /probe 200")
