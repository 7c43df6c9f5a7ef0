"""A bounded load test (issue 16): LOAD_CLIENTS threads, each sending LOAD_REQUESTS questions to the running app
(uvicorn on localhost, FAKE-encoder index) over its own connection; every answer must be a 200."""

from __future__ import annotations

import statistics
import threading
import time

import httpx
import pytest

LOAD_CLIENTS = 16
LOAD_REQUESTS = 50
QUESTIONS = ["2018年第三次审议大会在哪里举行？", "65/64号决议对非法中介活动说了什么？", "标识", "国际援助与合作",
             "What did the 2011 meeting of experts discuss?"]

pytestmark = pytest.mark.load


def test_concurrent_clients_get_no_error(fake_server: str) -> None:
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        with httpx.Client(base_url=fake_server, timeout=60) as http:
            for n in range(LOAD_REQUESTS):
                body = {"question": QUESTIONS[(number + n) % len(QUESTIONS)], "top_k": 1 + n % 10}
                started = time.perf_counter()
                try:
                    response = http.post("/v1/ask", json=body)
                    problem = None if response.status_code == 200 else f"{response.status_code} {response.text[:80]}"
                except httpx.HTTPError as e:
                    problem = f"{type(e).__name__}: {e}"
                with lock:
                    latencies.append(time.perf_counter() - started)
                    if problem:
                        failures.append(problem)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(LOAD_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert len(latencies) == LOAD_CLIENTS * LOAD_REQUESTS and failures == [], failures[:5]
    # a generous bound: it catches a request left waiting (a lock, a stalled worker), not a slow machine
    assert statistics.quantiles(latencies, n=20)[-1] < 10
