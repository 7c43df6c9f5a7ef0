"""POST /v1/admin/reindex and GET /metrics: the reindex answers what it did; the metrics are Prometheus text with
requests, stages, questions, abstentions and the index in service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from service.app import create_app
from service.config import Settings, updated
from service.deps import Engine

ADMIN = {"Authorization": "Bearer admin-key"}


@pytest.fixture(scope="module")
def admin(fake_settings: Settings, fake_engine: Engine) -> Iterator[TestClient]:
    settings = updated(fake_settings, {"service.admin_api_key": "admin-key", "service.index_poll_seconds": 0})
    with TestClient(create_app(settings, engine=fake_engine)) as client:
        yield client


def samples(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", headers=ADMIN)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.text) for s in family.samples}


def test_reindex_of_an_up_to_date_index_says_so_and_keeps_the_version(admin: TestClient,
                                                                      fake_engine: Engine) -> None:
    response = admin.post("/v1/admin/reindex", headers=ADMIN)
    assert response.status_code == 200
    data = response.json()
    assert data["rebuilt"] is False and data["reason"] == "up to date"
    assert data["version"] == data["previous_version"] == fake_engine.version and data["chunks"] > 300


@pytest.mark.parametrize(("body", "message"), [
    ({"force": "yes"}, 'force: Input should be a valid boolean; got a string "yes"'),
    ({"forse": True}, "unknown field 'forse' (did you mean force?); known: force"),
])
def test_reindex_refuses_a_bad_body(admin: TestClient, body: dict, message: str) -> None:
    response = admin.post("/v1/admin/reindex", json=body, headers=ADMIN)
    assert response.status_code == 422 and response.json()["detail"] == message


def test_metrics_count_requests_stages_questions_abstentions_and_describe_the_index(admin: TestClient,
                                                                                    fake_engine: Engine) -> None:
    before = samples(admin)
    # one the documents answer by the rules, two they cannot (2030 is in no passage; a greeting is off topic)
    questions = ["2018年第三次审议大会在哪里举行？", "2030年第五次审议大会在哪里举行？", "你好"]
    answers = [admin.post("/v1/ask", json={"question": question}) for question in questions]
    assert all(response.status_code == 200 for response in answers)
    withheld = sum(not response.json()["answerable"] for response in answers)
    admin.post("/v1/ask", json={"question": ""})
    after = samples(admin)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert grew("poaqa_http_requests_total", route="/v1/ask", method="POST", status="200") == 3
    assert grew("poaqa_http_requests_total", route="/v1/ask", method="POST", status="422") == 1
    assert grew("poaqa_http_request_duration_seconds_count", route="/v1/ask", method="POST", status="200") == 3
    assert grew("poaqa_questions_total", route="/v1/ask") == 3
    assert withheld >= 2 and grew("poaqa_abstentions_total", route="/v1/ask") == withheld
    for stage in ("analyze", "dense", "clause", "bm25", "fusion", "judge"):
        assert grew("poaqa_pipeline_stage_duration_seconds_count", stage=stage) == 3, stage
    assert after[("poaqa_index_loaded", ())] == 1
    assert after[("poaqa_index_chunks", ())] == len(fake_engine.bundle.chunks)
    assert after[("poaqa_index_documents", ())] == len(fake_engine.bundle.documents) == 5
    assert 0 <= after[("poaqa_index_age_seconds", ())] < 86400
    info = next(labels for name, labels in after if name == "poaqa_index_info")
    assert dict(info)["version"] == fake_engine.version and dict(info)["encoder"] == "fake-hash-encoder"
    assert dict(info)["english_encoder"] == ""  # none: the FAKE encoder answers every question


def test_routes_are_labelled_by_template_not_by_url(admin: TestClient) -> None:
    admin.get("/v1/documents/res-65-64")
    admin.get("/no/such/path")
    labels = {dict(labels).get("route") for name, labels in samples(admin) if name == "poaqa_http_requests_total"}
    assert "/v1/documents/{doc_id}" in labels and "<unmatched>" in labels and "/v1/documents/res-65-64" not in labels
