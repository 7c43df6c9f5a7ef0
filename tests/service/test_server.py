"""The server `poaqa serve` runs (issue 16, defect 10): after SIGTERM a stalled client holds the shutdown at most
POAQA_SHUTDOWN_TIMEOUT seconds."""

from __future__ import annotations

import socket
import time

from service.app import create_app
from service.config import Settings, updated
from service.deps import Engine
from service.server import server_config
from tests.live import live_server


def test_config_bounds_the_graceful_shutdown_and_leaves_logging_to_the_service(fake_settings: Settings,
                                                                               fake_engine: Engine) -> None:
    settings = updated(fake_settings, {"service.shutdown_timeout": 7, "service.port": 9123})
    config = server_config(create_app(settings, engine=fake_engine), settings)
    assert config.timeout_graceful_shutdown == 7 and config.port == 9123 and config.host == "127.0.0.1"
    assert config.access_log is False and config.log_config is None


def test_a_stalled_client_cannot_hold_the_shutdown(fake_settings: Settings, fake_engine: Engine) -> None:
    # the body timeout far away, so that only the shutdown timeout can end the stalled request
    settings = updated(fake_settings, {"service.shutdown_timeout": 1, "service.body_timeout": 120})
    with live_server(create_app(settings, engine=fake_engine)) as live, \
            socket.create_connection(("127.0.0.1", live.port), timeout=30) as client:
        client.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       b"Content-Length: 100\r\n\r\n{\"question\": ")
        time.sleep(0.3)  # the request is in the app, waiting for the rest of its body
        started = time.monotonic()
        live.server.should_exit = True  # what uvicorn's SIGTERM handler does
        live.thread.join(timeout=20)
        seconds = time.monotonic() - started
    assert not live.thread.is_alive() and seconds < 5, f"shutdown took {seconds:.1f} s"
