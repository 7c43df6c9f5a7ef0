"""The body limit (issue 16, defect 2): a body over POAQA_MAX_BODY_BYTES gets 413 without being read, whether it
declares its length or streams; a stalled body gets 408 after POAQA_BODY_TIMEOUT (defect 10)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings, updated
from service.deps import Engine
from tests.live import Live, live_server

LIMIT = 4096


@pytest.fixture(scope="module")
def limited(fake_settings: Settings, fake_engine: Engine) -> Iterator[Live]:
    settings = updated(fake_settings, {"service.max_body_bytes": LIMIT, "service.body_timeout": 1.0})
    with live_server(create_app(settings, engine=fake_engine)) as live:
        yield live


def exchange(live: Live, head: bytes, body: bytes, wait: float = 10.0) -> tuple[bytes, float]:
    """Send ``head`` and ``body`` on a raw connection (the rest of a declared body never comes); the answer and how
    long it took."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", live.port), timeout=wait) as sock:
        sock.sendall(head + body)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    return answer, time.monotonic() - started


def request_head(length: int | None, extra: str = "") -> bytes:
    declared = f"Content-Length: {length}\r\n" if length is not None else "Transfer-Encoding: chunked\r\n"
    return (f"POST /v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{declared}{extra}"
            "\r\n").encode()


def test_a_declared_500_mb_body_gets_413_at_once_without_being_read(limited: Live) -> None:
    answer, seconds = exchange(limited, request_head(500_000_000), b'{"question": "' + b"x" * 100_000)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"the request body has 500000000 bytes, above the limit of 4096 bytes (POAQA_MAX_BODY_BYTES)" in answer
    assert seconds < 5


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(limited: Live) -> None:
    chunk = b" " * 1000
    # ten chunks and no last one: the body never ends, so only counting the bytes as they come can answer
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(10))
    answer, seconds = exchange(limited, request_head(None), body)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"the request body has more than 4096 bytes, above the limit of 4096 bytes" in answer and seconds < 5


def test_a_body_at_the_limit_is_read(fake_settings: Settings, fake_engine: Engine) -> None:
    body = b'{"question": "' + b"x" * (LIMIT - 16) + b'"}'
    assert len(body) == LIMIT
    settings = updated(fake_settings, {"service.max_body_bytes": LIMIT})
    with TestClient(create_app(settings, engine=fake_engine)) as client:
        response = client.post("/v1/ask", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "above the maximum 1000" in response.json()["detail"]


def test_a_stalled_body_gets_408_after_the_body_timeout(limited: Live) -> None:
    answer, seconds = exchange(limited, request_head(100), b'{"question": ')
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b"the request body did not arrive within 1 s (POAQA_BODY_TIMEOUT)" in answer
    assert 0.9 < seconds < 5


def test_a_content_length_that_is_no_number_is_400(limited: Live) -> None:
    answer, _ = exchange(limited, b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n"
                                  b"Content-Length: 13\r\n\r\n", b"{}")
    assert answer.startswith(b"HTTP/1.1 400 ")
