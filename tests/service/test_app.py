"""create_app: the web server's thread pool is sized by the settings."""

from __future__ import annotations

from anyio import to_thread
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings, updated
from service.deps import Engine


def thread_pool_size() -> int:
    return int(to_thread.current_default_thread_limiter().total_tokens)


def test_the_service_answers_at_most_worker_threads_requests_at_once(fake_settings: Settings,
                                                                      fake_engine: Engine) -> None:
    settings = updated(fake_settings, {"service.worker_threads": 3})
    with TestClient(create_app(settings, engine=fake_engine)) as client:
        assert client.portal is not None and client.portal.call(thread_pool_size) == 3
        assert client.post("/v1/ask", json={"question": "审议大会在哪里举行？"}).status_code == 200
