"""The request time limit: a request that has not answered after POAQA_REQUEST_TIMEOUT gets 503 at once, saying
so, while the service goes on answering others."""

from __future__ import annotations

import dataclasses
import threading
import time

from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings, updated
from service.deps import Engine
from service.pipeline import AskQuery, AskResult


class SlowPipeline:
    """The engine's pipeline, but a question containing "slow" waits until released (at most 10 s)."""

    def __init__(self, pipeline: object) -> None:
        self.pipeline = pipeline
        self.release = threading.Event()

    def ask(self, query: AskQuery) -> AskResult:
        if "slow" in query.question:
            self.release.wait(10)
        return self.pipeline.ask(query)  # type: ignore[attr-defined]


def test_a_request_over_the_time_limit_gets_503_at_once(fake_settings: Settings, fake_engine: Engine) -> None:
    slow = SlowPipeline(fake_engine.pipeline)
    settings = updated(fake_settings, {"service.request_timeout": 0.3})
    app = create_app(settings, engine=dataclasses.replace(fake_engine, pipeline=slow))  # type: ignore[arg-type]
    with TestClient(app) as client:
        started = time.monotonic()
        response = client.post("/v1/ask", json={"question": "slow 标识"})
        seconds = time.monotonic() - started
        fast = client.post("/v1/ask", json={"question": "标识"})
        slow.release.set()
    assert response.status_code == 503 and seconds < 3
    assert response.json()["detail"] == ("the request took longer than 0.3 s (POAQA_REQUEST_TIMEOUT) and was "
                                         "abandoned; try a shorter question or retry later")
    assert fast.status_code == 200
