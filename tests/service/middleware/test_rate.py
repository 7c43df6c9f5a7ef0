"""The per-client rate limit: a token bucket per address; beyond it 429 with Retry-After; off by default."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings, updated
from service.deps import Engine
from service.middleware.rate import MAX_CLIENTS, TokenBuckets


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_the_burst_then_the_rate() -> None:
    clock = Clock()
    buckets = TokenBuckets(rate=2.0, burst=3, clock=clock)
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a") == pytest.approx(0.5)  # one token comes every 1/2 s
    assert buckets.take("b") == 0.0  # each client has its own bucket
    clock.now += 0.5
    assert buckets.take("a") == 0.0 and buckets.take("a") > 0


def test_idle_clients_are_forgotten_when_there_are_too_many() -> None:
    clock = Clock()
    buckets = TokenBuckets(rate=1.0, burst=1, clock=clock)
    for n in range(MAX_CLIENTS):
        buckets.take(f"client-{n}")
    clock.now += 10  # every bucket full again
    buckets.take("newcomer")
    assert len(buckets._buckets) == 1


def test_over_the_rate_is_429_with_retry_after_and_the_setting(fake_settings: Settings, fake_engine: Engine) -> None:
    settings = updated(fake_settings, {"service.rate_limit": 0.5, "service.rate_burst": 2})
    with TestClient(create_app(settings, engine=fake_engine)) as client:
        statuses = [client.get("/v1/documents").status_code for _ in range(3)]
        refused = client.post("/v1/ask", json={"question": "标识"})
        health = [client.get("/healthz").status_code for _ in range(5)]
    assert statuses == [200, 200, 429] and refused.status_code == 429
    assert refused.headers["retry-after"] == "2"
    assert refused.json()["detail"] == ("too many requests from testclient: the limit is 0.5 per second with bursts "
                                        "of 2 (POAQA_RATE_LIMIT, POAQA_RATE_BURST); retry after 2 s")
    assert health == [200] * 5  # probes are not counted


def test_no_limit_by_default(fake_client: TestClient) -> None:
    assert {fake_client.get("/v1/documents").status_code for _ in range(30)} == {200}
