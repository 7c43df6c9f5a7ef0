"""POST /retrieval (Dify's External Knowledge API), called the way Dify's own client calls it (dify_client.py):
its probe, its request, its parsing; records follow /v1/ask's verdict; metadata conditions; Dify's error format.
Shapes and errors run on the FAKE-encoder index (fast); what depends on meaning on the real index (slow)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from fastapi.testclient import TestClient

from indexer.clean import is_faithful
from service.app import create_app
from service.config import Settings, updated
from service.deps import Engine
from tests.service.api.routes.dify_client import (
    DIFY_ENDPOINT_PROBE,
    ExternalKnowledgeRetrievalError,
    probe,
    probe_accepted,
    retrieve,
)

KEY = "dify-test-key"
ENDPOINT = "http://testserver"
QUESTION = "2018年第三次审议大会在哪里举行？"
BODY: dict[str, object] = {"retrieval_setting": {"top_k": 5, "score_threshold": 0.0}, "query": QUESTION,
                           "knowledge_id": "poa"}
HEADERS = {"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"}


def post(client: TestClient, body: Mapping[str, object], headers: dict[str, str] | None = None) -> Any:
    return client.post("/retrieval", content=json.dumps(body), headers=HEADERS if headers is None else headers)


def app_client(settings: Settings, engine: Engine, **service: object) -> TestClient:
    return TestClient(create_app(updated(settings, {f"service.{k}": v for k, v in service.items()}), engine=engine))


@pytest.fixture(scope="module")
def fake_dify(fake_settings: Settings, fake_engine: Engine) -> Iterator[TestClient]:
    """With the FAKE encoder nothing is answerable: related passages are returned so that shapes can be checked."""
    with app_client(fake_settings, fake_engine, dify_api_key=KEY, dify_related=True) as client:
        yield client


@pytest.fixture(scope="module")
def dify(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with app_client(settings, engine, dify_api_key=KEY) as client:
        yield client


# --- Dify's endpoint check and error format (fast) ---------------------------------------------------------------

@pytest.mark.parametrize("endpoint", [ENDPOINT, ENDPOINT + "/"])
def test_dify_probe_passes_with_the_right_key_and_fails_with_a_wrong_one(fake_dify: TestClient, endpoint: str) -> None:
    # a trailing slash makes Dify post to //retrieval: it must not be a 404, which Dify refuses
    assert probe_accepted(probe(fake_dify, endpoint, KEY))
    assert not probe_accepted(probe(fake_dify, endpoint, "wrong"))


def test_older_dify_probe_without_body_passes_with_the_right_key(fake_dify: TestClient) -> None:
    assert probe_accepted(fake_dify.post("/retrieval", headers={"Authorization": f"Bearer {KEY}"}).status_code)
    assert fake_dify.post("/retrieval", headers={"Authorization": "Bearer wrong"}).status_code == 403


def test_probe_body_is_refused_in_difys_error_format(fake_dify: TestClient) -> None:
    response = post(fake_dify, DIFY_ENDPOINT_PROBE)
    assert response.status_code == 422
    assert response.json() == {"error_code": 3001, "error_msg": "query: query is empty; ask a question in words"}


@pytest.mark.parametrize("authorization", [None, "", "Basic " + KEY, "Bearer", "Bearer ", KEY])
def test_missing_or_malformed_authorization_is_error_1001_403(fake_dify: TestClient, authorization: str | None) -> None:
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    response = post(fake_dify, BODY, headers)
    assert response.status_code == 403
    assert response.json() == {"error_code": 1001, "error_msg": "Invalid Authorization header format. "
                                                                "Expected 'Bearer <api-key>' format."}


def test_wrong_key_is_error_1002_403(fake_dify: TestClient) -> None:
    response = post(fake_dify, BODY, {"Content-Type": "application/json", "Authorization": "Bearer not-the-key"})
    assert response.status_code == 403
    assert response.json()["error_code"] == 1002 and "POAQA_DIFY_API_KEY" in response.json()["error_msg"]


def test_unknown_knowledge_is_error_2001_404(fake_dify: TestClient) -> None:
    response = post(fake_dify, {**BODY, "knowledge_id": "poa-2020"})
    assert response.status_code == 404
    assert response.json()["error_code"] == 2001
    assert response.json()["error_msg"].startswith("The knowledge does not exist: 'poa-2020'; use one of: poa, ")


@pytest.mark.parametrize(("setting", "message"), [
    ({"top_k": 80, "score_threshold": 0.0}, "retrieval_setting.top_k: top_k=80 is outside 1..50"),
    ({"top_k": 3, "score_threshold": 1.5}, "retrieval_setting.score_threshold: score_threshold=1.5 is outside 0..1"),
])
def test_bad_retrieval_setting_is_422_in_difys_format(fake_dify: TestClient, setting: dict[str, float],
                                                     message: str) -> None:
    response = post(fake_dify, {**BODY, "retrieval_setting": setting})
    assert response.status_code == 422
    assert response.json()["error_code"] == 3001 and response.json()["error_msg"].startswith(message)


def test_body_that_is_not_json_is_400_in_difys_format(fake_dify: TestClient) -> None:
    response = fake_dify.post("/retrieval", content=b'{"query": ', headers=HEADERS)
    assert response.status_code == 400
    assert response.json()["error_code"] == 3001 and "not valid JSON" in response.json()["error_msg"]


def test_without_a_configured_key_no_authorization_is_needed(fake_settings: Settings, fake_engine: Engine) -> None:
    with app_client(fake_settings, fake_engine, dify_api_key=None, dify_related=True) as client:
        response = post(client, BODY, {"Content-Type": "application/json"})
    assert response.status_code == 200 and response.json()["records"]


# --- records as Dify reads them (fast: shapes and filters) -------------------------------------------------------

def test_every_record_parses_in_difys_client_with_the_document_as_its_name(fake_dify: TestClient,
                                                                          fake_engine: Engine) -> None:
    documents = retrieve(fake_dify, ENDPOINT, KEY, "poa", QUESTION, top_k=10)
    assert len(documents) == 10
    for document in documents:
        meta = document.metadata
        chunk_document = fake_engine.bundle.documents[meta["doc_id"]]
        assert document.document_id == chunk_document.doc_id  # Dify groups citations by it
        assert chunk_document.title in document.document_name  # and names them by the record's title
        assert meta["label"] and meta["anchor"] and meta["chunk_id"].endswith(meta["anchor"])
        assert is_faithful(chunk_document.text, document.content, [tuple(s) for s in meta["spans"]])
        assert meta["url"] == f"/documents/{meta['doc_id']}#{meta['anchor']}"


def test_paragraphs_numbered_alike_in_two_parts_are_told_apart(fake_dify: TestClient) -> None:
    records = post(fake_dify, {**BODY, "knowledge_id": "revcon3-report-2018", "query": "第5段",
                               "retrieval_setting": {"top_k": 50, "score_threshold": 0.0}}).json()["records"]
    ids = [r["metadata"]["chunk_id"] for r in records]
    assert len(ids) == len(set(ids))
    assert {"revcon3-report-2018:p5", "revcon3-report-2018:annex-s5-p5"} <= set(ids)


@pytest.mark.parametrize(("condition", "expected"), [
    ({"conditions": [{"name": "doc_id", "comparison_operator": "is", "value": "res-65-64"}]}, {"res-65-64"}),
    ({"conditions": [{"name": "symbol", "comparison_operator": "start with", "value": "A/CONF"}]},
     {"revcon3-report-2018"}),
    ({"conditions": [{"name": "kind", "comparison_operator": "in", "value": ["letter", "resolution"]}]},
     {"bms3-letter-2008", "res-65-64"}),
    ({"conditions": [{"name": "date", "comparison_operator": "before", "value": "2011-01-01"}]},
     {"bms3-letter-2008", "res-65-64"}),
    ({"logical_operator": "or",
      "conditions": [{"name": "kind", "comparison_operator": "is", "value": "letter"},
                     {"name": "date", "comparison_operator": "after", "value": "2018-01-01"}]},
     {"bms3-letter-2008", "revcon3-report-2018"}),
    ({"conditions": [{"name": "symbol", "comparison_operator": "empty"}]},
     {"mge-2011-report", "sg-report-2012", "bms3-letter-2008"}),
])
def test_metadata_condition_keeps_the_documents_that_meet_it(fake_dify: TestClient, condition: dict[str, Any],
                                                            expected: set[str]) -> None:
    documents = retrieve(fake_dify, ENDPOINT, KEY, "poa", "小武器", top_k=50, metadata_condition=condition)
    assert {d.document_id for d in documents} == expected


def test_metadata_condition_on_an_unknown_field_is_refused_with_the_fields(fake_dify: TestClient) -> None:
    condition = {"logical_operator": "and",
                 "conditions": [{"name": "category", "comparison_operator": "contains", "value": "报告"}]}
    with pytest.raises(ExternalKnowledgeRetrievalError, match="cannot filter on 'category'.*doc_id, document_id"):
        retrieve(fake_dify, ENDPOINT, KEY, "poa", QUESTION, metadata_condition=condition)


def test_metadata_condition_comparing_text_as_a_number_is_refused(fake_dify: TestClient) -> None:
    condition = {"conditions": [{"name": "symbol", "comparison_operator": ">", "value": 3}]}
    response = post(fake_dify, {**BODY, "metadata_condition": condition})
    assert response.status_code == 400 and response.json()["error_code"] == 3001


# --- what depends on meaning (slow) ------------------------------------------------------------------------------

def test_an_answered_question_returns_its_paragraph_scored_by_the_confidence(dify: TestClient,
                                                                            client: TestClient) -> None:
    documents = retrieve(dify, ENDPOINT, KEY, "poa", QUESTION, top_k=5)
    verdict = client.post("/v1/ask", json={"question": QUESTION, "top_k": 5}).json()
    assert verdict["answerable"]
    assert documents[0].metadata["chunk_id"] == verdict["passages"][0]["chunk_id"] == "revcon3-report-2018:p4"
    assert documents[0].score == verdict["confidence"] == documents[0].metadata["confidence"]
    assert documents[0].metadata["answer"] == verdict["answer"]["text"]
    assert documents[0].document_name.startswith("A/CONF.192/2018/RC/3 《第三次联合国审查")
    scores = [d.score or 0.0 for d in documents]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= verdict["confidence"] for s in scores)


def test_when_the_service_abstains_dify_gets_no_records(dify: TestClient, settings: Settings,
                                                         engine: Engine) -> None:
    question = "2030年第五次审议大会在哪里举行？"  # no document covers 2030: /v1/ask abstains
    assert retrieve(dify, ENDPOINT, KEY, "poa", question) == []
    with app_client(settings, engine, dify_api_key=KEY, dify_related=True) as related:
        documents = retrieve(related, ENDPOINT, KEY, "poa", question)
    assert documents and all((d.score or 0) < 0.5 and d.metadata["answerable"] is False for d in documents)


def test_difys_default_threshold_screens_out_small_talk(dify: TestClient) -> None:
    # whatever the verdict, the score is the confidence: small talk is far below Dify's default threshold 0.5
    assert retrieve(dify, ENDPOINT, KEY, "poa", "巴黎今天的天气怎么样？", score_threshold_enabled=True) == []


def test_score_threshold_drops_the_records_below_it(dify: TestClient) -> None:
    everything = [d.score or 0.0 for d in retrieve(dify, ENDPOINT, KEY, "poa", QUESTION, top_k=10)]
    threshold = everything[4]
    kept = retrieve(dify, ENDPOINT, KEY, "poa", QUESTION, top_k=10, score_threshold=threshold,
                    score_threshold_enabled=True)
    assert [d.score for d in kept] == [s for s in everything if s >= threshold] and len(kept) < len(everything)


def test_a_lone_surrogate_is_422_in_difys_format(fake_dify: TestClient) -> None:
    response = fake_dify.post("/retrieval", content=json.dumps({**BODY, "query": "\ud800"}), headers=HEADERS)
    assert response.status_code == 422 and response.json()["error_code"] == 3001
    assert response.json()["error_msg"].startswith("query: query holds U+D800 at position 0, half of a UTF-16")


def test_fields_dify_may_add_are_accepted(fake_dify: TestClient) -> None:
    body = {**BODY, "user": "abc", "retrieval_setting": {"top_k": 2, "score_threshold": 0.0, "rerank": True}}
    response = post(fake_dify, body)
    assert response.status_code == 200 and len(response.json()["records"]) == 2


@pytest.mark.parametrize("value", ["", " "])
def test_an_empty_dify_key_checks_nothing_as_documented(fake_settings: Settings, fake_engine: Engine,
                                                        value: str) -> None:
    with app_client(fake_settings, fake_engine, dify_api_key=value, dify_related=True) as client:
        response = post(client, BODY, {"Content-Type": "application/json"})
    assert response.status_code == 200 and response.json()["records"]


def test_a_condition_without_a_value_to_compare_is_400_not_500(fake_dify: TestClient) -> None:
    # found by the schema fuzzing: an empty list as the value of a one-value operator
    condition = {"logical_operator": "and",
                 "conditions": [{"name": "title", "comparison_operator": "contains", "value": []}]}
    response = post(fake_dify, {**BODY, "metadata_condition": condition})
    assert response.status_code == 400 and response.json()["error_code"] == 3001
    assert response.json()["error_msg"].startswith("the operator 'contains' compares 'title' with one value, and the "
                                                   "value is an empty list")
