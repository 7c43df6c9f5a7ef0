"""The runner: its HTTP backend against a fake service behind httpx.MockTransport (only the public HTTP API is used),
and its in-process backend, which must give the same run as the HTTP API over the same pipeline."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from eval.dataset import EvalItem
from eval.runner import EvalRunError, HttpBackend, PipelineBackend, evaluate_system, run_system
from service.deps import Engine

SOURCE = "1. 会议在纽约举行。\n2. 大会决定召开会议。"
ITEMS = [EvalItem(id="q1", question="会议在哪里举行？", type="factoid", docs=("a.txt",), gold=("在纽约举行",)),
         EvalItem(id="q2", question="明年的会议在哪里？", type="unanswerable", docs=(), gold=())]


def _passage(chunk_id: str, rank: int, text: str, start: int, end: int) -> dict[str, object]:
    return {"chunk_id": chunk_id, "rank": rank, "score": 1.0 / rank, "text": text, "kind": "paragraph",
            "citation": {"doc_id": "doc-a", "file": "a.txt", "label": f"第{rank}段", "start": start, "end": end,
                         "spans": [[start, end]]}, "sources": {}}


class FakeService:
    """Answers the routes the runner may use and counts the requests it gets."""

    def __init__(self, *, answerable: bool | None = None, fail_ask: bool = False) -> None:
        self.requests: Counter[str] = Counter()
        self.bodies: list[dict[str, object]] = []
        self.answerable = answerable
        self.fail_ask = fail_ask

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.requests[f"{request.method} {path}"] += 1
        if path == "/v1/documents":
            return httpx.Response(200, json=[{"doc_id": "doc-a", "file": "a.txt"}])
        if path == "/v1/documents/doc-a":
            return httpx.Response(200, json={"paragraphs": [
                {"chunk_id": "doc-a:p1", "text": "会议在纽约举行。", "kind": "paragraph"},
                {"chunk_id": "doc-a:p2", "text": "大会决定召开会议。", "kind": "paragraph"}]})
        if path == "/v1/documents/doc-a/source":
            return httpx.Response(200, text=SOURCE)
        if path == "/v1/ask":
            if self.fail_ask:
                return httpx.Response(422, json={"detail": "top_k=80 is outside 1..50"})
            body = json.loads(request.content)
            self.bodies.append(body)
            data: dict[str, object] = {"question": body["question"], "mode": body.get("mode", "hybrid"),
                                       "passages": [_passage("doc-a:p2", 1, "大会决定召开会议。", 15, 24),
                                                    _passage("doc-a:p1", 2, "会议在纽约举行。", 3, 11)],
                                       "took_ms": 1.0}
            if self.answerable is not None:
                data |= {"answerable": self.answerable, "confidence": 0.5, "answer": None}
            return httpx.Response(200, json=data)
        return httpx.Response(404, json={"detail": f"no route {path}"})


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
def client(service: FakeService) -> Iterator[httpx.Client]:
    with httpx.Client(transport=httpx.MockTransport(service), base_url="http://fake") as c:
        yield c


def test_fetch_chunks_lists_every_chunk_with_its_file(client: httpx.Client) -> None:
    chunks = HttpBackend(client).chunks()
    assert [(c.chunk_id, c.file) for c in chunks] == [("doc-a:p1", "a.txt"), ("doc-a:p2", "a.txt")]


def test_run_system_keeps_rank_order_and_reads_citations(client: httpx.Client, service: FakeService) -> None:
    run = run_system(HttpBackend(client), ITEMS, 5, name="main")
    passages = run.answers["q1"].passages
    assert [(p.chunk_id, p.rank, p.file, p.doc_id, p.spans) for p in passages] == [
        ("doc-a:p2", 1, "a.txt", "doc-a", ((15, 24),)), ("doc-a:p1", 2, "a.txt", "doc-a", ((3, 11),))]
    assert run.mode == "hybrid"  # the mode the service reports when none is asked for
    assert service.bodies[0] == {"question": "会议在哪里举行？", "top_k": 5}
    assert run.answers["q1"].answerable is None and run.answers["q1"].latency_ms > 0


def test_run_system_sends_the_mode_it_is_given(client: httpx.Client, service: FakeService) -> None:
    run = run_system(HttpBackend(client), ITEMS, 3, name="keyword", mode="keyword")
    assert run.mode == "keyword"
    assert all(body["mode"] == "keyword" and body["top_k"] == 3 for body in service.bodies)


def test_evaluate_system_fetches_each_source_once_and_scores_the_run(client: httpx.Client,
                                                                      service: FakeService) -> None:
    _, report = evaluate_system(HttpBackend(client), ITEMS, 5, name="main")
    assert service.requests["GET /v1/documents/doc-a/source"] == 1
    assert service.requests["GET /v1/documents/doc-a"] == 1
    assert report.faithfulness is not None and report.faithfulness.checked == 4
    assert report.faithfulness.failures == ()
    assert report.overall.metrics["recall@1"] == 0 and report.overall.metrics["mrr@10"] == 0.5
    assert report.abstention is None


def test_evaluate_system_scores_abstention_when_the_service_reports_answerable() -> None:
    service = FakeService(answerable=False)
    with httpx.Client(transport=httpx.MockTransport(service), base_url="http://fake") as client:
        _, report = evaluate_system(HttpBackend(client), ITEMS, 5, name="main")
    assert report.abstention is not None
    assert (report.abstention.precision, report.abstention.recall) == (0.5, 1.0)


def test_an_http_error_names_the_question_and_the_service_message() -> None:
    service = FakeService(fail_ask=True)
    with httpx.Client(transport=httpx.MockTransport(service), base_url="http://fake") as client, \
            pytest.raises(EvalRunError, match=r"asking q1: HTTP 422: top_k=80 is outside 1\.\.50"):
        run_system(HttpBackend(client), ITEMS, 80, name="main")


def test_an_unreachable_service_is_reported_with_a_hint() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with httpx.Client(transport=httpx.MockTransport(refuse), base_url="http://fake") as client, \
            pytest.raises(EvalRunError, match="listing documents: connection refused; is the service running"):
        HttpBackend(client).chunks()


def test_in_process_and_http_backends_give_the_same_run(fake_engine: Engine, fake_client: TestClient) -> None:
    items = [EvalItem(id="q1", question="会议在哪里举行？", type="factoid", docs=("004_1366cbd6226e3dfd.txt",),
                      gold=("在联合国总部举行",)),
             EvalItem(id="q2", question="65/64号决议执行部分第12段说了什么？", type="factoid",
                      docs=("001_95727af4ea0c9107.txt",), gold=("请",))]
    in_process = run_system(PipelineBackend(fake_engine.pipeline), items, 5, name="main")
    over_http = run_system(HttpBackend(fake_client), items, 5, name="main")
    assert in_process.chunks == over_http.chunks and in_process.mode == over_http.mode == "hybrid"
    for qid in ("q1", "q2"):
        a, b = in_process.answers[qid], over_http.answers[qid]
        assert [(p.chunk_id, p.rank, p.file, p.spans) for p in a.passages] == [
            (p.chunk_id, p.rank, p.file, p.spans) for p in b.passages]
        assert (a.answerable, a.confidence, a.answer_text) == (b.answerable, b.confidence, b.answer_text)
