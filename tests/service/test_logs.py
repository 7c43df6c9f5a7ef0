"""Log lines: one JSON object per line with the request's fields (null outside a request), or text with the id;
configure_logging sends uvicorn's lines the same way."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator

import pytest

from service.logs import JsonFormatter, RequestContext, RequestContextFilter, configure_logging, current_request


def record(message: str, **extra: object) -> logging.LogRecord:
    item = logging.LogRecord("service.test", logging.WARNING, __file__, 1, message, None, None)
    item.__dict__.update(extra)
    RequestContextFilter().filter(item)
    return item


def test_a_line_is_one_json_object_with_the_fields() -> None:
    token = current_request.set(RequestContext("rid-1", "POST", "/v1/ask"))
    try:
        line = JsonFormatter().format(record("asked 标识\nnext line", status=200, duration_ms=3.5))
    finally:
        current_request.reset(token)
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "WARNING" and data["logger"] == "service.test"
    assert data["message"] == "asked 标识\nnext line"
    assert (data["request_id"], data["method"], data["path"]) == ("rid-1", "POST", "/v1/ask")
    assert (data["status"], data["duration_ms"]) == (200, 3.5) and data["time"].endswith("+00:00")


def test_outside_a_request_the_request_fields_are_null() -> None:
    data = json.loads(JsonFormatter().format(record("started")))
    assert data["request_id"] is None and "status" not in data


def test_an_exception_is_in_one_field() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        item = record("failed")
        item.exc_info = sys.exc_info()
    data = json.loads(JsonFormatter().format(item))
    assert "ValueError: boom" in data["exception"]


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.usefixtures("restored_logging")
def test_configure_logging_writes_uvicorns_lines_as_json_too(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("json")
    logging.getLogger("uvicorn.error").info("Started server process")
    data = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert data["logger"] == "uvicorn.error" and data["message"] == "Started server process"


@pytest.mark.usefixtures("restored_logging")
def test_text_lines_carry_the_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("text")
    token = current_request.set(RequestContext("rid-9", "GET", "/"))
    try:
        logging.getLogger("service.test").warning("hello")
    finally:
        current_request.reset(token)
    assert "WARNING service.test [rid-9]: hello" in capsys.readouterr().err
