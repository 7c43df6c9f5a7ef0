"""The HTTP load generator against the app on the FAKE-encoder index, served by uvicorn in a thread: bounded in
requests and in time, errors counted; and (slow) the server process the benchmark starts."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from eval.bench.load import drive, free_port, serve
from service.app import create_app
from service.config import Settings
from service.deps import Engine

QUESTIONS = ["2018年第三次审议大会在哪里举行？", "各国应如何标识小武器？", "什么是国际追查文书？"]


@pytest.fixture(scope="module")
def url(fake_settings: Settings, fake_engine: Engine) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(fake_settings, engine=fake_engine), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_clients_send_the_requests_asked_for_and_every_answer_is_timed(url: str) -> None:
    run = drive(url, QUESTIONS, clients=4, requests=10, seconds=60, variant="test", label="new")
    assert (run.clients, run.requests, run.errors, run.latency.n) == (4, 10, 0, 10)
    assert run.throughput > 0 and run.latency.p50 > 0 and run.variant == "test" and run.questions == "new"
    healthz = drive(url, None, clients=1, requests=3, seconds=60, variant="test", label="healthz")
    assert healthz.requests == 3 and healthz.errors == 0


def test_the_time_bound_stops_the_clients_before_the_request_count(url: str) -> None:
    run = drive(url, QUESTIONS, clients=2, requests=100_000, seconds=0.3, variant="test", label="new")
    assert 0 < run.requests < 100_000 and run.seconds < 10


def test_refused_requests_count_as_errors_not_timings(url: str) -> None:
    run = drive(url, [" "], clients=2, requests=4, seconds=60, variant="test", label="new")  # a blank question: 422
    assert run.errors == 4 and run.error_kinds == {"HTTP 422": 4} and run.latency.n == 0 and run.throughput == 0


def test_the_benchmark_serves_its_settings_from_a_process_of_its_own(settings: Settings, engine: Engine) -> None:
    with serve(settings) as server:
        assert server.process.poll() is None
        run = drive(server.url, QUESTIONS, clients=2, requests=4, seconds=120, variant="test", label="new")
        assert run.errors == 0 and run.requests == 4
        assert (server.peak_rss_mib() or 0) > 50
    assert server.process.poll() is not None
