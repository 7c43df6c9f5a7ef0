"""Bearer keys (issue 16, defect 12): POAQA_API_KEY guards /v1, POAQA_ADMIN_API_KEY the operator's routes, an empty
key means unset; the pages, /healthz and the docs stay open."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings, read_settings, updated
from service.deps import Engine

KEY = "v1-test-key"
ADMIN_KEY = "admin-test-key"
ASK = {"question": "标识"}


def keyed_client(settings: Settings, engine: Engine, **keys: str | None) -> TestClient:
    return TestClient(create_app(updated(settings, {f"service.{k}": v for k, v in keys.items()}), engine=engine))


@pytest.fixture(scope="module")
def keyed(fake_settings: Settings, fake_engine: Engine) -> Iterator[TestClient]:
    with keyed_client(fake_settings, fake_engine, api_key=KEY, admin_api_key=ADMIN_KEY) as client:
        yield client


@pytest.mark.parametrize(("method", "path"), [("post", "/v1/ask"), ("get", "/v1/documents"),
                                              ("get", "/v1/documents/res-65-64/source")])
def test_v1_without_the_key_is_401_naming_the_setting(keyed: TestClient, method: str, path: str) -> None:
    response = keyed.request(method, path, json=ASK if method == "post" else None)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json()["detail"] == ("this route needs the header 'Authorization: Bearer <key>' with the key set "
                                         "in POAQA_API_KEY")


def test_v1_with_a_wrong_key_is_403(keyed: TestClient) -> None:
    response = keyed.post("/v1/ask", json=ASK, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 403 and response.json()["detail"] == "the Bearer key is not the one set in " \
                                                                        "POAQA_API_KEY"


def test_v1_with_the_key_answers(keyed: TestClient) -> None:
    assert keyed.post("/v1/ask", json=ASK, headers={"Authorization": f"Bearer {KEY}"}).status_code == 200


def test_the_admin_key_is_not_the_v1_key(keyed: TestClient) -> None:
    assert keyed.post("/v1/ask", json=ASK, headers={"Authorization": f"Bearer {ADMIN_KEY}"}).status_code == 403
    metrics = keyed.get("/metrics", headers={"Authorization": f"Bearer {KEY}"})
    assert metrics.status_code == 403 and "POAQA_ADMIN_API_KEY" in metrics.json()["detail"]


@pytest.mark.parametrize("path", ["/", "/healthz", "/docs", "/openapi.json", "/documents/res-65-64"])
def test_pages_health_and_docs_need_no_key(keyed: TestClient, path: str) -> None:
    assert keyed.get(path).status_code == 200


def test_metrics_need_the_admin_key_when_one_is_set(keyed: TestClient) -> None:
    assert keyed.get("/metrics").status_code == 401
    assert keyed.get("/metrics", headers={"Authorization": f"Bearer {ADMIN_KEY}"}).status_code == 200


def test_without_an_admin_key_reindexing_is_off_and_says_what_to_set(fake_client: TestClient) -> None:
    response = fake_client.post("/v1/admin/reindex")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("reindexing by HTTP is off: set POAQA_ADMIN_API_KEY")


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_key_is_unset_and_warned_about(value: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="service.config"):
        settings = read_settings({"POAQA_API_KEY": value, "POAQA_DIFY_API_KEY": value}, env_file=None)
    assert settings.service.api_key is None and settings.service.dify_api_key is None
    assert "POAQA_API_KEY is set but empty: no key is checked (empty means unset)" in caplog.text
    assert "POAQA_DIFY_API_KEY is set but empty" in caplog.text


def test_an_empty_v1_key_leaves_v1_open(fake_settings: Settings, fake_engine: Engine) -> None:
    with keyed_client(fake_settings, fake_engine, api_key="") as client:
        assert client.post("/v1/ask", json=ASK).status_code == 200
