"""POST /retrieval (Dify's External Knowledge API): the request Dify sends, its scores, filters and error codes."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from fastapi.testclient import TestClient

from indexer.clean import is_faithful
from indexer.types import Citation, Hit
from service.api.routes.dify import relative_scores
from service.app import create_app
from service.config import Settings
from service.deps import Engine

pytestmark = pytest.mark.slow

KEY = "dify-test-key"
QUESTION = "2018年第三次审议大会在哪里举行？"
# byte for byte what Dify's ExternalDatasetService.fetch_external_knowledge_retrieval posts: json.dumps of
# this dict (ASCII-escaped), Content-Type: application/json, Authorization: Bearer <api_key>
DIFY_BODY: dict[str, object] = {"retrieval_setting": {"top_k": 5, "score_threshold": 0.0}, "query": QUESTION,
                                "knowledge_id": "poa"}
DIFY_HEADERS = {"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"}


# Any: the response is httpx's or httpx2's, depending on the Starlette version
def post(client: TestClient, body: Mapping[str, object], headers: dict[str, str] | None = None) -> Any:
    return client.post("/retrieval", content=json.dumps(body), headers=DIFY_HEADERS if headers is None else headers)


@pytest.fixture(scope="module")
def dify(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"dify_api_key": KEY}), engine=engine)) as client:
        yield client


@pytest.fixture(scope="module")
def open_dify(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"dify_api_key": None}), engine=engine)) as client:
        yield client


def test_retrieval_answers_the_exact_request_dify_sends(dify: TestClient, engine: Engine) -> None:
    response = post(dify, DIFY_BODY)
    assert response.status_code == 200
    records = response.json()["records"]
    assert 1 <= len(records) <= 5
    assert ("revcon3-report-2018", "p4") in [(r["metadata"]["doc_id"], r["metadata"]["anchor"]) for r in records]
    for record in records:
        assert set(record) == {"content", "score", "title", "metadata"}
        meta = record["metadata"]
        assert isinstance(meta, dict)
        original = engine.bundle.documents[meta["doc_id"]].text
        assert is_faithful(original, record["content"], [tuple(s) for s in meta["spans"]])
        assert meta["url"] == f"/documents/{meta['doc_id']}#{meta['anchor']}"
        assert record["title"] == f"{meta['symbol'] or meta['title']} · {meta['label']}"
        assert meta["label"] in meta["reference"] and meta["title"] in meta["reference"]


def test_p4_record_carries_its_full_citation(dify: TestClient) -> None:
    records = post(dify, {**DIFY_BODY, "retrieval_setting": {"top_k": 10, "score_threshold": 0.0}}).json()["records"]
    record = next(r for r in records if r["metadata"]["chunk_id"] == "revcon3-report-2018:p4")
    meta = record["metadata"]
    assert record["title"] == "A/CONF.192/2018/RC/3 · 第4段"
    assert meta["symbol"] == "A/CONF.192/2018/RC/3" and meta["date"] == "2018-07-06"
    assert meta["section_path"] == ["二. 组织事项和会议记录", "A. 会议开幕和会期"] and meta["paragraph"] == "4"
    assert meta["reference"].startswith("A/CONF.192/2018/RC/3，《第三次联合国审查")
    assert meta["reference"].endswith("，2018-07-06，二. 组织事项和会议记录 > A. 会议开幕和会期，第4段")


def test_scores_are_between_0_and_1_best_first(dify: TestClient) -> None:
    records = post(dify, {**DIFY_BODY, "retrieval_setting": {"top_k": 20, "score_threshold": 0.0}}).json()["records"]
    scores = [r["score"] for r in records]
    assert len(scores) == 20 and all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert [r["metadata"]["rank"] for r in records] == list(range(1, 21))


def test_score_threshold_drops_the_records_below_it(dify: TestClient) -> None:
    everything = post(dify, {**DIFY_BODY, "retrieval_setting": {"top_k": 10, "score_threshold": 0.0}}).json()
    scores = [r["score"] for r in everything["records"]]
    threshold = scores[4]
    kept = post(dify, {**DIFY_BODY, "retrieval_setting": {"top_k": 10, "score_threshold": threshold}}).json()
    assert [r["score"] for r in kept["records"]] == [s for s in scores if s >= threshold]
    assert len(kept["records"]) < len(scores)
    none = post(dify, {**DIFY_BODY, "retrieval_setting": {"top_k": 10, "score_threshold": 1.0}}).json()
    assert all(r["score"] == 1.0 for r in none["records"])


def test_relative_score_is_the_fused_score_over_its_ceiling(engine: Engine) -> None:
    chunk = engine.bundle.chunks[0]
    citation = Citation.of(chunk, engine.bundle.documents[chunk.doc_id])
    k = 60
    first_everywhere = Hit(chunk, citation, score=3 / (k + 1), rank=1, sources={"dense": .9, "sentence": .9, "bm25": 9})
    mixed = Hit(chunk, citation, score=1 / (k + 2) + 1 / (k + 10), rank=2, sources={"dense": .8, "bm25": 5})
    assert relative_scores([first_everywhere, mixed], k) == pytest.approx([1.0, (1 / 62 + 1 / 70) / (3 / 61)], abs=1e-6)
    # a pool where only two rankings took part: its ceiling is 2 / (k + 1)
    assert relative_scores([mixed], k) == pytest.approx([(1 / 62 + 1 / 70) / (2 / 61)], abs=1e-6)


def test_doc_id_as_knowledge_id_searches_that_document_only(dify: TestClient) -> None:
    body = {**DIFY_BODY, "knowledge_id": "res-65-64", "query": "非法中介活动"}
    records = post(dify, body).json()["records"]
    assert records and {r["metadata"]["doc_id"] for r in records} == {"res-65-64"}


def test_unknown_knowledge_is_error_2001_404(dify: TestClient) -> None:
    response = post(dify, {**DIFY_BODY, "knowledge_id": "poa-2020"})
    assert response.status_code == 404
    assert response.json()["error_code"] == 2001
    assert response.json()["error_msg"].startswith("The knowledge does not exist: 'poa-2020'; use one of: poa, ")


@pytest.mark.parametrize("authorization", [None, "", "Basic " + KEY, "Bearer", "Bearer ", KEY])
def test_missing_or_malformed_authorization_is_error_1001_403(dify: TestClient, authorization: str | None) -> None:
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    response = post(dify, DIFY_BODY, headers)
    assert response.status_code == 403
    assert response.json() == {"error_code": 1001, "error_msg": "Invalid Authorization header format. "
                                                                "Expected 'Bearer <api-key>' format."}


def test_wrong_key_is_error_1002_403(dify: TestClient) -> None:
    response = post(dify, DIFY_BODY, {"Content-Type": "application/json", "Authorization": "Bearer not-the-key"})
    assert response.status_code == 403
    assert response.json()["error_code"] == 1002
    assert "POAQA_DIFY_API_KEY" in response.json()["error_msg"]


def test_dify_endpoint_check_passes_with_the_right_key_and_fails_with_a_wrong_one(dify: TestClient) -> None:
    # when the API is registered, Dify posts to /retrieval with no body and fails on 403, 404 or 502 only
    assert dify.post("/retrieval", headers={"Authorization": f"Bearer {KEY}"}).status_code == 422
    assert dify.post("/retrieval", headers={"Authorization": "Bearer wrong"}).status_code == 403


def test_without_a_configured_key_no_authorization_is_needed(open_dify: TestClient) -> None:
    response = post(open_dify, DIFY_BODY, {"Content-Type": "application/json"})
    assert response.status_code == 200 and response.json()["records"]


@pytest.mark.parametrize(("setting", "message"), [
    ({"top_k": 80, "score_threshold": 0.0}, "retrieval_setting.top_k: top_k=80 is outside 1..50"),
    ({"top_k": 3, "score_threshold": 1.5}, "retrieval_setting.score_threshold: score_threshold=1.5 is outside 0..1"),
])
def test_bad_retrieval_setting_is_422_with_the_reason(dify: TestClient, setting: dict[str, float],
                                                       message: str) -> None:
    response = post(dify, {**DIFY_BODY, "retrieval_setting": setting})
    assert response.status_code == 422
    assert response.json()["detail"].startswith(message)


def test_empty_query_is_422_with_the_reason(dify: TestClient) -> None:
    response = post(dify, {**DIFY_BODY, "query": "  "})
    assert response.status_code == 422
    assert response.json()["detail"] == "query: query is empty; ask a question in words"


def test_metadata_condition_is_accepted(dify: TestClient) -> None:
    condition = {"logical_operator": "and",
                 "conditions": [{"name": ["category"], "comparison_operator": "contains", "value": "报告"}]}
    assert post(dify, {**DIFY_BODY, "metadata_condition": condition}).status_code == 200
